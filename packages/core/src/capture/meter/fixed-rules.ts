import {
  type DecodedPacket,
  TCP_ACK,
  TCP_CWR,
  TCP_ECE,
  TCP_FIN,
  TCP_PSH,
  TCP_RST,
  TCP_SYN,
  TCP_URG,
} from '../packet.ts';
import { updateActiveIdle } from './active-idle.ts';
import { bulkAdd } from './bulk.ts';
import { CONTINUES, ENDS_FIN, ENDS_RST, type PacketVerdict } from './end-reason.ts';
import { ALL_LEN, BWD_IAT, BWD_LEN, FLOW_IAT, type FlowState, FWD_IAT, FWD_LEN } from './flow-state.ts';
import type { MeterRules } from './meter-rules.ts';
import { statAdd, statCount } from './running-stats.ts';

/**
 * `fixed`: CICFlowMeter with the corrections of Engelen, Rimmer and Joosen (WTMC 2021) and Liu,
 * Engelen et al. (CNS 2022), as their fork implements them (GintsEngelen/CICFlowMeter, commits
 * named below), plus what the README table lists as ours. Every packet updates every feature, in its
 * true direction.
 */

const TCP = 6;

/** A gap longer than this starts a new subflow (BasicFlow.detectUpdateSubflows: > 1.0 s). */
const SUBFLOW_GAP_MICROS = 1_000_000;

export const FIXED_RULES: MeterRules = {
  accepts: () => true,

  writtenProtocol: (p) => p.protocol,

  firstIsForward: (flow, p) => p.srcIp === flow.srcIp && p.srcPort === flow.srcPort,

  first(flow, p, forward): PacketVerdict {
    const ts = p.tsMicros;
    flow.start = ts;
    flow.lastSeen = ts;
    flow.activeStart = ts;
    flow.activeEnd = ts;
    flow.subflowLast = ts;
    // Once, not twice (43e5f4f).
    statAdd(flow.stats, ALL_LEN, p.payloadBytes);
    join(flow, p, forward);
    if (forward) {
      flow.fwdLastSeen = ts;
    } else {
      flow.bwdLastSeen = ts;
    }
    if (p.protocol !== TCP) return CONTINUES;
    // A lone RST (a refused connection, a scan's answer) is a whole flow; a FIN counts towards the
    // teardown even when the capture begins with it.
    if (p.tcpFlags & TCP_RST) return ENDS_RST;
    if (p.tcpFlags & TCP_FIN) {
      if (forward) flow.finFwd = true;
      else flow.finBwd = true;
    }
    return CONTINUES;
  },

  next(flow, p, activityTimeout): PacketVerdict {
    const ts = p.tsMicros;
    const s = flow.stats;
    // FIN and RST packets update Active/Idle like any other (fadf94a).
    updateActiveIdle(flow, ts, activityTimeout);
    if (ts - flow.subflowLast > SUBFLOW_GAP_MICROS) flow.subflowGaps++;
    flow.subflowLast = ts;
    statAdd(s, ALL_LEN, p.payloadBytes);
    const forward = p.srcIp === flow.srcIp && p.srcPort === flow.srcPort;
    join(flow, p, forward);
    if (forward) {
      if (statCount(s, FWD_LEN) > 1) statAdd(s, FWD_IAT, ts - flow.fwdLastSeen);
      flow.fwdLastSeen = ts;
    } else {
      if (statCount(s, BWD_LEN) > 1) statAdd(s, BWD_IAT, ts - flow.bwdLastSeen);
      flow.bwdLastSeen = ts;
    }
    statAdd(s, FLOW_IAT, ts - flow.lastSeen);
    flow.lastSeen = ts;
    if (p.protocol !== TCP) return CONTINUES;
    // RFC 793 teardown (a7a3144, 85cb66b): a RST ends the flow; so does the first pure ACK after FINs
    // went both ways. The fork then holds the flow until a new SYN or the timeout; a streaming meter
    // ends it here, and later packets of the 5-tuple start a new flow.
    const flags = p.tcpFlags;
    if (flags & TCP_RST) return ENDS_RST;
    if (flags & TCP_FIN) {
      if (forward) flow.finFwd = true;
      else flow.finBwd = true;
      return CONTINUES;
    }
    return flags & TCP_ACK && flow.finFwd && flow.finBwd ? ENDS_FIN : CONTINUES;
  },

  // c9d0050: flows of one packet are flows.
  writesSinglePacketFlows: true,

  pairsSameAddress: true,
};

/** What every packet adds, first or not, in its direction. */
function join(flow: FlowState, p: DecodedPacket, forward: boolean): void {
  const s = flow.stats;
  const payload = p.payloadBytes;
  const header = p.headerBytes;
  const tcp = p.protocol === TCP;
  const flags = tcp ? p.tcpFlags : 0;
  bulkAdd(flow.bulk!, forward, payload, p.tsMicros);
  // Flag counts from every packet (upstream ed1d6bc), each in its own column.
  if (flags & TCP_FIN) flow.finCount++;
  if (flags & TCP_SYN) flow.synCount++;
  if (flags & TCP_RST) flow.rstCount++;
  if (flags & TCP_PSH) flow.pshCount++;
  if (flags & TCP_ACK) flow.ackCount++;
  if (flags & TCP_URG) flow.urgCount++;
  if (flags & TCP_CWR) flow.cwrCount++;
  if (flags & TCP_ECE) flow.eceCount++;
  if (forward) {
    statAdd(s, FWD_LEN, payload);
    flow.fwdHeaderBytes += header;
    // The first packet counts too.
    if (payload >= 1) flow.fwdActData++;
    if (flow.fwdMinHeader < 0 || header < flow.fwdMinHeader) flow.fwdMinHeader = header;
    // The window of the first packet each way, the one the handshake announced (2ad81fd).
    if (tcp && flow.initWinFwd < 0) flow.initWinFwd = p.tcpWindow;
    // PSH and URG per direction from every packet (a1c3466).
    if (flags & TCP_PSH) flow.fwdPsh++;
    if (flags & TCP_URG) flow.fwdUrg++;
  } else {
    statAdd(s, BWD_LEN, payload);
    flow.bwdHeaderBytes += header;
    if (tcp && flow.initWinBwd < 0) flow.initWinBwd = p.tcpWindow;
    if (flags & TCP_PSH) flow.bwdPsh++;
    if (flags & TCP_URG) flow.bwdUrg++;
  }
}
