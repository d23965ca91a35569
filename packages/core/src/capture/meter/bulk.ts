/**
 * Bulk transfers (`fixed` mode): runs of at least 4 payload-carrying packets in one direction, each
 * within 1 s of the previous one, not interrupted by a payload packet the other way. The state machine
 * is BasicFlow.java's updateForwardBulk / updateBackwardBulk; what `fixed` changes is that every
 * packet reaches it in its true direction (CICFlowMeter-V4 fed it the first packet only, and as a
 * backward one, so every bulk feature of CSE-CIC-IDS2018 is 0) and the averages are not truncated to
 * whole numbers (GintsEngelen/CICFlowMeter 07b52b6, Liu et al. 2022).
 */

/** Slots per direction, forward at 0 and backward at DIRECTION_SLOTS. */
const START = 0; // start of the candidate bulk, 0 for none
const LAST = 1; // last payload packet in it
const RUN_PACKETS = 2;
const RUN_BYTES = 3;
const BULKS = 4;
const PACKETS = 5;
const BYTES = 6;
const DURATION = 7;
const DIRECTION_SLOTS = 8;

export const BULK_SLOTS = 2 * DIRECTION_SLOTS;

/** Packets a run needs before it counts as a bulk; the gap that ends a run. */
const BULK_MIN_PACKETS = 4;
const BULK_GAP_MICROS = 1_000_000;

export function bulkAdd(b: Float64Array, forward: boolean, payloadBytes: number, ts: number): void {
  const at = forward ? 0 : DIRECTION_SLOTS;
  const other = forward ? DIRECTION_SLOTS : 0;
  // A payload packet the other way after this run began breaks the run.
  if (b[other + LAST]! > b[at + START]!) b[at + START] = 0;
  if (payloadBytes <= 0) return;
  if (b[at + START] === 0 || ts - b[at + LAST]! > BULK_GAP_MICROS) {
    b[at + START] = ts;
    b[at + LAST] = ts;
    b[at + RUN_PACKETS] = 1;
    b[at + RUN_BYTES] = payloadBytes;
    return;
  }
  const run = b[at + RUN_PACKETS]! + 1;
  b[at + RUN_PACKETS] = run;
  b[at + RUN_BYTES] = b[at + RUN_BYTES]! + payloadBytes;
  if (run === BULK_MIN_PACKETS) {
    b[at + BULKS] = b[at + BULKS]! + 1;
    b[at + PACKETS] = b[at + PACKETS]! + run;
    b[at + BYTES] = b[at + BYTES]! + b[at + RUN_BYTES]!;
    b[at + DURATION] = b[at + DURATION]! + (ts - b[at + START]!);
  } else if (run > BULK_MIN_PACKETS) {
    b[at + PACKETS] = b[at + PACKETS]! + 1;
    b[at + BYTES] = b[at + BYTES]! + payloadBytes;
    b[at + DURATION] = b[at + DURATION]! + (ts - b[at + LAST]!);
  }
  b[at + LAST] = ts;
}

export function bulkBytesPerBulk(b: Float64Array, forward: boolean): number {
  const at = forward ? 0 : DIRECTION_SLOTS;
  return b[at + BULKS] === 0 ? 0 : b[at + BYTES]! / b[at + BULKS]!;
}

export function bulkPacketsPerBulk(b: Float64Array, forward: boolean): number {
  const at = forward ? 0 : DIRECTION_SLOTS;
  return b[at + BULKS] === 0 ? 0 : b[at + PACKETS]! / b[at + BULKS]!;
}

/** Bytes per second of bulk time. */
export function bulkRate(b: Float64Array, forward: boolean): number {
  const at = forward ? 0 : DIRECTION_SLOTS;
  return b[at + DURATION] === 0 ? 0 : b[at + BYTES]! / (b[at + DURATION]! / 1_000_000);
}
