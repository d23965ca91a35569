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
import { CONTINUES, ENDS_FIN, type PacketVerdict } from './end-reason.ts';
import { ALL_LEN, BWD_IAT, BWD_LEN, FLOW_IAT, type FlowState, FWD_IAT, FWD_LEN } from './flow-state.ts';
import type { MeterRules } from './meter-rules.ts';
import { statAdd, statCount } from './running-stats.ts';

/**
 * `cic`: CICFlowMeter-V4 as it made CSE-CIC-IDS2018 (ahlashkari/CICFlowMeter eaa853d, Feb 2018; its
 * data/out/test (copy).csv is test_copy.out_2018header.csv byte for byte), bugs included. The Java
 * named here is that commit's src/main/java/cic/cs/unb/ca/jnetpcap/.
 */

const TCP = 6;
const UDP = 17;

/**
 * PacketReader.getIpv4Info sets ports, payload, header and flags only for TCP and UDP; any other IPv4
 * packet (ICMP) still becomes a packet with protocol 0, ports 0 and 0 bytes. IPv6 is never read:
 * ReadPcapFileWorker opens captures with readIP6 = false.
 */
function carriesTransport(p: DecodedPacket): boolean {
  return p.protocol === TCP || p.protocol === UDP;
}

function payloadOf(p: DecodedPacket): number {
  return carriesTransport(p) ? p.payloadBytes : 0;
}

function headerOf(p: DecodedPacket): number {
  return carriesTransport(p) ? p.headerBytes : 0;
}

/** BasicPacketInfo's TCPWindow: -1 unless TCP. */
function windowOf(p: DecodedPacket): number {
  return p.protocol === TCP ? p.tcpWindow : -1;
}

function flagsOf(p: DecodedPacket): number {
  return p.protocol === TCP ? p.tcpFlags : 0;
}

export const CIC_RULES: MeterRules = {
  accepts: (p) => p.ipVersion === 4,

  writtenProtocol: (p) => (carriesTransport(p) ? p.protocol : 0),

  // BasicFlow.firstPacket compares `this.src == packet.getSrc()` by reference right after setting
  // this.src from the packet, so the first packet is always forward, even when a timed-out flow's
  // successor (FlowGenerator.addPacket) then gets the old flow's Src and the packet came from its Dst.
  firstIsForward: () => true,

  first(flow, p, _forward): PacketVerdict {
    const s = flow.stats;
    const ts = p.tsMicros;
    const payload = payloadOf(p);
    const header = headerOf(p);
    const flags = flagsOf(p);
    // checkFlags runs for the first packet only (addPacket has it commented out): the flag counts
    // are the first packet's flags.
    if (flags & TCP_FIN) flow.finCount++;
    if (flags & TCP_SYN) flow.synCount++;
    if (flags & TCP_RST) flow.rstCount++;
    if (flags & TCP_PSH) flow.pshCount++;
    if (flags & TCP_ACK) flow.ackCount++;
    if (flags & TCP_URG) flow.urgCount++;
    if (flags & TCP_CWR) flow.cwrCount++;
    if (flags & TCP_ECE) flow.eceCount++;
    flow.start = ts;
    flow.lastSeen = ts;
    flow.activeStart = ts;
    flow.activeEnd = ts;
    // firstPacket adds the payload to flowLengthStats twice (before and inside its forward branch):
    // Pkt Len Mean/Std/Var and Pkt Size Avg count the first packet twice.
    statAdd(s, ALL_LEN, payload);
    statAdd(s, ALL_LEN, payload);
    flow.fwdMinHeader = header;
    flow.initWinFwd = windowOf(p);
    statAdd(s, FWD_LEN, payload);
    flow.fwdHeaderBytes = header;
    flow.fwdLastSeen = ts;
    // Fwd PSH/URG Flags are counted here only, never in addPacket; the first packet is not counted in
    // Fwd Act Data Pkts (only addPacket counts it).
    if (flags & TCP_PSH) flow.fwdPsh++;
    if (flags & TCP_URG) flow.fwdUrg++;
    return CONTINUES;
  },

  next(flow, p, activityTimeout): PacketVerdict {
    // FlowGenerator.addPacket: the first FIN either way ends the flow, the FIN packet its last, added
    // without updateActiveIdleTime. RST is an ordinary packet.
    if (flagsOf(p) & TCP_FIN) {
      addPacket(flow, p);
      return ENDS_FIN;
    }
    updateActiveIdle(flow, p.tsMicros, activityTimeout);
    addPacket(flow, p);
    return CONTINUES;
  },

  writesSinglePacketFlows: false,

  // The Flow ID is the table key: with one address on both sides each direction has its own ID.
  pairsSameAddress: false,
};

/** BasicFlow.addPacket (bidirectional). Direction by address only (Arrays.equals on src). */
function addPacket(flow: FlowState, p: DecodedPacket): void {
  const s = flow.stats;
  const ts = p.tsMicros;
  const payload = payloadOf(p);
  const header = headerOf(p);
  statAdd(s, ALL_LEN, payload);
  if (p.srcIp === flow.srcIp) {
    if (payload >= 1) flow.fwdActData++;
    statAdd(s, FWD_LEN, payload);
    flow.fwdHeaderBytes += header;
    if (statCount(s, FWD_LEN) > 1) statAdd(s, FWD_IAT, ts - flow.fwdLastSeen);
    flow.fwdLastSeen = ts;
    if (header < flow.fwdMinHeader) flow.fwdMinHeader = header;
  } else {
    statAdd(s, BWD_LEN, payload);
    // Every backward packet overwrites it: Init Bwd Win Byts is the last backward window.
    flow.initWinBwd = windowOf(p);
    flow.bwdHeaderBytes += header;
    if (statCount(s, BWD_LEN) > 1) statAdd(s, BWD_IAT, ts - flow.bwdLastSeen);
    flow.bwdLastSeen = ts;
  }
  statAdd(s, FLOW_IAT, ts - flow.lastSeen);
  flow.lastSeen = ts;
}
