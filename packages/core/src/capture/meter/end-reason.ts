/** Why a flow ended: what `stats().endedByReason` counts. */
export const END_REASONS = ['fin', 'rst', 'timeout', 'evicted', 'flush'] as const;
export type EndReason = (typeof END_REASONS)[number];

/** A packet's verdict on its flow: 0 carries on, else the flow ends with this packet. */
export const CONTINUES = 0;
export const ENDS_FIN = 1;
export const ENDS_RST = 2;
export type PacketVerdict = typeof CONTINUES | typeof ENDS_FIN | typeof ENDS_RST;
