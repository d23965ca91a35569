import type { DecodedPacket } from '../packet.ts';
import type { PacketVerdict } from './end-reason.ts';
import type { FlowState } from './flow-state.ts';

/** What differs between the modes while packets join flows (cic-rules.ts, fixed-rules.ts). */
export interface MeterRules {
  /** Whether the meter sees the packet at all. */
  accepts(p: DecodedPacket): boolean;
  /** The Protocol cell of a flow of such packets. */
  writtenProtocol(p: DecodedPacket): number;
  /** Whether the packet is forward in a flow whose Src side was just chosen (flow.srcIp/srcPort). */
  firstIsForward(flow: FlowState, p: DecodedPacket): boolean;
  /** The flow's first packet. */
  first(flow: FlowState, p: DecodedPacket, forward: boolean): PacketVerdict;
  /** A later packet of an open flow that has not timed out. */
  next(flow: FlowState, p: DecodedPacket, activityTimeout: number): PacketVerdict;
  /** Whether a flow of one packet is written. */
  readonly writesSinglePacketFlows: boolean;
  /** Whether the same address on both sides still makes one flow of both directions (ports decide). */
  readonly pairsSameAddress: boolean;
}
