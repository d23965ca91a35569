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

export interface FlowRecord extends FlowStats {
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
  /** The Timestamp cell exactly as written in the file (12-hour clock, AM/PM dropped in 2018). */
  timestamp: string | null;
  /** The label as written in the file; normalised only by cleaning. Null for unlabelled traffic. */
  label: string | null;
}
