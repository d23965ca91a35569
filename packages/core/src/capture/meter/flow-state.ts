import { STAT_SLOTS } from './running-stats.ts';

/**
 * What the meter keeps of one open flow: the counters and running statistics every feature is
 * computed from at the end, nothing per packet (CICFlowMeter's BasicFlow keeps every packet in two
 * lists; only their counts are ever read). One object per flow, its statistics in pooled slots.
 */

/** Offsets of the running statistics in `FlowState.stats` (see running-stats.ts). */
export const FWD_LEN = 0;
export const BWD_LEN = FWD_LEN + STAT_SLOTS;
/** Every packet's payload: BasicFlow's flowLengthStats. */
export const ALL_LEN = BWD_LEN + STAT_SLOTS;
export const FLOW_IAT = ALL_LEN + STAT_SLOTS;
export const FWD_IAT = FLOW_IAT + STAT_SLOTS;
export const BWD_IAT = FWD_IAT + STAT_SLOTS;
export const ACTIVE = BWD_IAT + STAT_SLOTS;
export const IDLE = ACTIVE + STAT_SLOTS;
/** Doubles a flow's statistics take (slot-pool.ts hands them out). */
export const STATS_LENGTH = IDLE + STAT_SLOTS;

export class FlowState {
  /** The table key and its parts (the endpoints in canonical order, see flow-table.ts). */
  readonly key: string;
  readonly lo: string;
  readonly hi: string;
  readonly loPort: number;
  readonly hiPort: number;
  /** The protocol number the packets carry (the written one may differ: 0 for ICMP in `cic`). */
  readonly packetProtocol: number;

  /** Src is the side that sent the first packet (or, after a timeout, the previous flow's Src). */
  srcIp = '';
  srcPort = 0;
  dstIp = '';
  dstPort = 0;
  protocol = 0;

  /** Creation order, oldest first: what timeouts and eviction walk (flow-table.ts). */
  prev: FlowState | null = null;
  next: FlowState | null = null;
  open = true;

  start = 0;
  lastSeen = 0;
  fwdLastSeen = 0;
  bwdLastSeen = 0;
  activeStart = 0;
  activeEnd = 0;

  /** STATS_LENGTH doubles from the meter's pool. */
  readonly stats: Float64Array;

  fwdHeaderBytes = 0;
  bwdHeaderBytes = 0;
  fwdPsh = 0;
  bwdPsh = 0;
  fwdUrg = 0;
  bwdUrg = 0;
  finCount = 0;
  synCount = 0;
  rstCount = 0;
  pshCount = 0;
  ackCount = 0;
  urgCount = 0;
  cwrCount = 0;
  eceCount = 0;
  fwdActData = 0;
  /** -1 until a forward packet was seen. */
  fwdMinHeader = -1;
  /** -1 where no TCP packet gave a window (CICFlowMeter's TCPWindow default). */
  initWinFwd = -1;
  initWinBwd = -1;

  /** `fixed` mode only: subflow gaps, FINs seen per direction, the bulk state (bulk.ts). */
  subflowLast = 0;
  subflowGaps = 0;
  finFwd = false;
  finBwd = false;
  readonly bulk: Float64Array | null;

  constructor(
    key: string,
    lo: string,
    hi: string,
    loPort: number,
    hiPort: number,
    packetProtocol: number,
    stats: Float64Array,
    bulk: Float64Array | null,
  ) {
    this.key = key;
    this.stats = stats;
    this.bulk = bulk;
    this.lo = lo;
    this.hi = hi;
    this.loPort = loPort;
    this.hiPort = hiPort;
    this.packetProtocol = packetProtocol;
  }

  /** Packets in the flow, forward and backward. */
  packetCount(): number {
    return this.stats[FWD_LEN]! + this.stats[BWD_LEN]!;
  }
}
