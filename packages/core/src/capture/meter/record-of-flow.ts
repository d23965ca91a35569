import { blankFlowRecord, type FlowRecord } from '../../flow/flow-record.ts';
import { bulkBytesPerBulk, bulkPacketsPerBulk, bulkRate } from './bulk.ts';
import { cicFlowId } from './flow-id.ts';
import {
  ACTIVE,
  ALL_LEN,
  BWD_IAT,
  BWD_LEN,
  FLOW_IAT,
  type FlowState,
  FWD_IAT,
  FWD_LEN,
  IDLE,
} from './flow-state.ts';
import { statCount, statMax, statMean, statMin, statStd, statSum, statVariance } from './running-stats.ts';

/**
 * A finished flow as the canonical record: BasicFlow.dumpFlowBasedFeaturesEx (eaa853d) column by
 * column, with `fixed`'s corrections where `cic` is false. Values are the doubles Java prints (a count
 * divided by zero seconds is Infinity or NaN in `cic`, as in CSE-CIC-IDS2018).
 */
export function recordOfFlow(
  flow: FlowState,
  cic: boolean,
  recordId: string,
  line: number,
  file: string,
  timestamp: string,
  label: string | null,
): FlowRecord {
  const s = flow.stats;
  const r = blankFlowRecord(recordId, { file, line });
  // Made here, not kept per open flow: the Flow ID text is as long as the key.
  r.flowId = cicFlowId(flow.srcIp, flow.dstIp, flow.srcPort, flow.dstPort, flow.protocol);
  r.flowKey = r.flowId;
  r.srcIp = flow.srcIp;
  r.srcPort = flow.srcPort;
  r.dstIp = flow.dstIp;
  r.dstPort = flow.dstPort;
  r.protocol = flow.protocol;
  r.timestamp = timestamp;
  r.label = label;

  const fwd = statCount(s, FWD_LEN);
  const bwd = statCount(s, BWD_LEN);
  const packets = fwd + bwd;
  const fwdBytes = statSum(s, FWD_LEN);
  const bwdBytes = statSum(s, BWD_LEN);
  const duration = flow.lastSeen - flow.start;
  const seconds = duration / 1_000_000;

  r.flowDuration = duration;
  r.totFwdPkts = fwd;
  r.totBwdPkts = bwd;
  r.totLenFwdPkts = fwdBytes;
  r.totLenBwdPkts = bwdBytes;
  if (fwd > 0) {
    r.fwdPktLenMax = statMax(s, FWD_LEN);
    r.fwdPktLenMin = statMin(s, FWD_LEN);
    r.fwdPktLenMean = statMean(s, FWD_LEN);
    r.fwdPktLenStd = statStd(s, FWD_LEN);
  }
  if (bwd > 0) {
    r.bwdPktLenMax = statMax(s, BWD_LEN);
    r.bwdPktLenMin = statMin(s, BWD_LEN);
    r.bwdPktLenMean = statMean(s, BWD_LEN);
    r.bwdPktLenStd = statStd(s, BWD_LEN);
  }
  if (cic || duration !== 0) {
    r.flowBytsPerS = (fwdBytes + bwdBytes) / seconds;
    r.flowPktsPerS = packets / seconds;
  } else {
    // The fork's marker for "no duration" (9caefd0), instead of Infinity and NaN.
    r.flowBytsPerS = -1;
    r.flowPktsPerS = -1;
  }
  // In `cic` a written flow has two packets, so at least one gap; a `fixed` flow of one has none.
  if (statCount(s, FLOW_IAT) > 0) {
    r.flowIatMean = statMean(s, FLOW_IAT);
    r.flowIatStd = statStd(s, FLOW_IAT);
    r.flowIatMax = statMax(s, FLOW_IAT);
    r.flowIatMin = statMin(s, FLOW_IAT);
  }
  if (fwd > 1) {
    r.fwdIatTot = statSum(s, FWD_IAT);
    r.fwdIatMean = statMean(s, FWD_IAT);
    r.fwdIatStd = statStd(s, FWD_IAT);
    r.fwdIatMax = statMax(s, FWD_IAT);
    r.fwdIatMin = statMin(s, FWD_IAT);
  }
  if (bwd > 1) {
    r.bwdIatTot = statSum(s, BWD_IAT);
    r.bwdIatMean = statMean(s, BWD_IAT);
    r.bwdIatStd = statStd(s, BWD_IAT);
    r.bwdIatMax = statMax(s, BWD_IAT);
    r.bwdIatMin = statMin(s, BWD_IAT);
  }
  r.fwdPshFlags = flow.fwdPsh;
  r.bwdPshFlags = flow.bwdPsh;
  r.fwdUrgFlags = flow.fwdUrg;
  r.bwdUrgFlags = flow.bwdUrg;
  r.fwdHeaderLen = flow.fwdHeaderBytes;
  r.bwdHeaderLen = flow.bwdHeaderBytes;
  r.fwdPktsPerS = duration > 0 ? fwd / seconds : 0;
  r.bwdPktsPerS = duration > 0 ? bwd / seconds : 0;
  if (packets > 0) {
    r.pktLenMin = statMin(s, ALL_LEN);
    r.pktLenMax = statMax(s, ALL_LEN);
    r.pktLenMean = statMean(s, ALL_LEN);
    r.pktLenStd = statStd(s, ALL_LEN);
    r.pktLenVar = statVariance(s, ALL_LEN);
  }
  if (cic) {
    // The eight counts are written by iterating a HashMap<String, MutableInt> (keys FIN, SYN, RST,
    // PSH, ACK, URG, CWR, ECE), whose order is RST, PSH, ECE, SYN, ACK, FIN, URG, CWR, under headers
    // that say FIN, SYN, RST, PSH, ACK, URG, CWE, ECE. So "FIN Flag Cnt" holds the RST count, ...,
    // "CWE Flag Count" the URG count and "ECE Flag Cnt" the CWR count. Upstream 6833ccd fixed it.
    r.finFlagCnt = flow.rstCount;
    r.synFlagCnt = flow.pshCount;
    r.rstFlagCnt = flow.eceCount;
    r.pshFlagCnt = flow.synCount;
    r.ackFlagCnt = flow.ackCount;
    r.urgFlagCnt = flow.finCount;
    r.cwrFlagCnt = flow.urgCount;
    r.eceFlagCnt = flow.cwrCount;
    // Java's long division, then cast: 3 backward to 2 forward packets is 1.0.
    r.downUpRatio = fwd > 0 ? Math.trunc(bwd / fwd) : 0;
  } else {
    r.finFlagCnt = flow.finCount;
    r.synFlagCnt = flow.synCount;
    r.rstFlagCnt = flow.rstCount;
    r.pshFlagCnt = flow.pshCount;
    r.ackFlagCnt = flow.ackCount;
    r.urgFlagCnt = flow.urgCount;
    r.cwrFlagCnt = flow.cwrCount;
    r.eceFlagCnt = flow.eceCount;
    r.downUpRatio = fwd > 0 ? bwd / fwd : 0;
  }
  // The payload sum over packets: in `cic` the first payload is in the sum twice.
  r.pktSizeAvg = packets > 0 ? statSum(s, ALL_LEN) / packets : 0;
  r.fwdSegSizeAvg = fwd > 0 ? fwdBytes / fwd : 0;
  r.bwdSegSizeAvg = bwd > 0 ? bwdBytes / bwd : 0;
  const bulk = flow.bulk;
  if (!cic && bulk !== null) {
    r.fwdBytsPerBulkAvg = bulkBytesPerBulk(bulk, true);
    r.fwdPktsPerBulkAvg = bulkPacketsPerBulk(bulk, true);
    r.fwdBlkRateAvg = bulkRate(bulk, true);
    r.bwdBytsPerBulkAvg = bulkBytesPerBulk(bulk, false);
    r.bwdPktsPerBulkAvg = bulkPacketsPerBulk(bulk, false);
    r.bwdBlkRateAvg = bulkRate(bulk, false);
  }
  // `cic`: no bulk is ever complete (updateFlowBulk sees the first packet only), so all six are 0,
  // including "Bwd Byts/b Avg", which is written from the forward value (fixed upstream in ab1dc02).
  if (cic) {
    // detectUpdateSubflows runs for the first packet only and always counts one subflow (its
    // condition `ts - last / 1e6 > 1.0` lacks brackets), so the subflow means are the totals.
    r.subflowFwdPkts = fwd;
    r.subflowFwdByts = fwdBytes;
    r.subflowBwdPkts = bwd;
    r.subflowBwdByts = bwdBytes;
  } else {
    // One subflow more than there are gaps over 1 s (the fork divides by the gaps alone, and by
    // nothing, giving 0, when there are none).
    const subflows = flow.subflowGaps + 1;
    r.subflowFwdPkts = fwd / subflows;
    r.subflowFwdByts = fwdBytes / subflows;
    r.subflowBwdPkts = bwd / subflows;
    r.subflowBwdByts = bwdBytes / subflows;
  }
  r.initFwdWinByts = flow.initWinFwd;
  r.initBwdWinByts = flow.initWinBwd;
  r.fwdActDataPkts = flow.fwdActData;
  r.fwdSegSizeMin = Math.max(flow.fwdMinHeader, 0);
  if (statCount(s, ACTIVE) > 0) {
    r.activeMean = statMean(s, ACTIVE);
    r.activeStd = statStd(s, ACTIVE);
    r.activeMax = statMax(s, ACTIVE);
    r.activeMin = statMin(s, ACTIVE);
  }
  if (statCount(s, IDLE) > 0) {
    r.idleMean = statMean(s, IDLE);
    r.idleStd = statStd(s, IDLE);
    r.idleMax = statMax(s, IDLE);
    r.idleMin = statMin(s, IDLE);
  }
  return r;
}
