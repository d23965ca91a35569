import type { StatField } from './columns.ts';

/** Where a record came from: the file's base name and the 1-based line number in it. */
export interface SourceRef {
  file: string;
  line: number;
}

/**
 * The canonical raw flow record, as parsed from any CIC layout and as carried (Avro) on `flows.raw`.
 * Statistics are always present; identifiers, timestamp and label only where the layout has them.
 */
export type FlowStats = { [K in StatField]: number };

/** Who a flow is and where it came from: the same on the raw and the clean record. */
export interface FlowIdentity {
  /** `file:line`, unique for every row: what consumers dedupe on. */
  recordId: string;
  /** The Kafka key: Flow ID where the layout has one, else `file:line`. */
  flowKey: string;
  source: SourceRef;
  flowId: string | null;
  srcIp: string | null;
  srcPort: number | null;
  dstIp: string | null;
  dstPort: number | null;
  protocol: number | null;
}

export interface FlowRecord extends FlowStats, FlowIdentity {
  /** The Timestamp cell exactly as written in the file (12-hour clock, AM/PM dropped in 2018). */
  timestamp: string | null;
  /** The label as written in the file; normalised only by cleaning. Null for unlabelled traffic. */
  label: string | null;
}

/**
 * A record with every field present, statistics at 0 and the rest null. Hot paths fill this instead
 * of adding fields one by one: an object literal with all 86 fields keeps V8's fast property layout,
 * whereas an object grown through computed keys falls back to a slow dictionary after a dozen fields.
 */
export function blankFlowRecord(recordId: string, source: SourceRef): FlowRecord {
  return {
    recordId,
    flowKey: recordId,
    source,
    flowId: null,
    srcIp: null,
    srcPort: null,
    dstIp: null,
    dstPort: null,
    protocol: null,
    timestamp: null,
    ...zeroStats(),
    label: null,
  };
}

/** Every statistic at 0, in column order: the one literal both record shapes start from. */
export function zeroStats(): FlowStats {
  return {
    flowDuration: 0,
    totFwdPkts: 0,
    totBwdPkts: 0,
    totLenFwdPkts: 0,
    totLenBwdPkts: 0,
    fwdPktLenMax: 0,
    fwdPktLenMin: 0,
    fwdPktLenMean: 0,
    fwdPktLenStd: 0,
    bwdPktLenMax: 0,
    bwdPktLenMin: 0,
    bwdPktLenMean: 0,
    bwdPktLenStd: 0,
    flowBytsPerS: 0,
    flowPktsPerS: 0,
    flowIatMean: 0,
    flowIatStd: 0,
    flowIatMax: 0,
    flowIatMin: 0,
    fwdIatTot: 0,
    fwdIatMean: 0,
    fwdIatStd: 0,
    fwdIatMax: 0,
    fwdIatMin: 0,
    bwdIatTot: 0,
    bwdIatMean: 0,
    bwdIatStd: 0,
    bwdIatMax: 0,
    bwdIatMin: 0,
    fwdPshFlags: 0,
    bwdPshFlags: 0,
    fwdUrgFlags: 0,
    bwdUrgFlags: 0,
    fwdHeaderLen: 0,
    bwdHeaderLen: 0,
    fwdPktsPerS: 0,
    bwdPktsPerS: 0,
    pktLenMin: 0,
    pktLenMax: 0,
    pktLenMean: 0,
    pktLenStd: 0,
    pktLenVar: 0,
    finFlagCnt: 0,
    synFlagCnt: 0,
    rstFlagCnt: 0,
    pshFlagCnt: 0,
    ackFlagCnt: 0,
    urgFlagCnt: 0,
    cwrFlagCnt: 0,
    eceFlagCnt: 0,
    downUpRatio: 0,
    pktSizeAvg: 0,
    fwdSegSizeAvg: 0,
    bwdSegSizeAvg: 0,
    fwdBytsPerBulkAvg: 0,
    fwdPktsPerBulkAvg: 0,
    fwdBlkRateAvg: 0,
    bwdBytsPerBulkAvg: 0,
    bwdPktsPerBulkAvg: 0,
    bwdBlkRateAvg: 0,
    subflowFwdPkts: 0,
    subflowFwdByts: 0,
    subflowBwdPkts: 0,
    subflowBwdByts: 0,
    initFwdWinByts: 0,
    initBwdWinByts: 0,
    fwdActDataPkts: 0,
    fwdSegSizeMin: 0,
    activeMean: 0,
    activeStd: 0,
    activeMax: 0,
    activeMin: 0,
    idleMean: 0,
    idleStd: 0,
    idleMax: 0,
    idleMin: 0,
  };
}
