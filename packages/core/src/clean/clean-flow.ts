import { PipelineError } from '../errors.ts';
import { STAT_COLUMNS, type StatField } from '../flow/columns.ts';
import {
  type FlowIdentity,
  type FlowRecord,
  type FlowStats,
  ZERO_STATS_SOURCE,
} from '../flow/flow-record.ts';
import { isKnownLabel, normaliseLabel } from '../flow/labels.ts';
import { firstNonNumberStat, readStats, writeStats } from '../flow/stat-access.ts';
import { parseTimestamp } from '../flow/timestamp.ts';
import { CLEANING_FLAGS, type CleaningFlag, SENTINELS } from './reasons.ts';

/** A flow after cleaning, as carried (Avro, schemas/clean-flow.avsc) on `flows.clean`. */
export interface CleanFlow extends FlowStats, FlowIdentity {
  /** Flow start, epoch ms (wall-clock read as UTC); null without a usable Timestamp. */
  flowTime: number | null;
  /** Normalised label; null for unlabelled traffic. */
  label: string | null;
  /** Reason codes of the policies that changed or marked this row, in CLEANING_FLAGS order. */
  cleaningFlags: CleaningFlag[];
}

/** How each statistic is checked; decided once from the column table. */
enum Check {
  Other = 0,
  Rate = 1,
  Duration = 2,
  Time = 3,
  Window = 4,
}

/** Per-second rates: CICFlowMeter divides by the duration without a guard, hence Infinity and NaN. */
const RATE_FIELDS = new Set<StatField>(['flowBytsPerS', 'flowPktsPerS', 'fwdPktsPerS', 'bwdPktsPerS']);
/** Microsecond times: inter-arrival, active and idle periods. Clock steps in the capture make them negative. */
const TIME_FIELD = /^(flowIat|fwdIat|bwdIat|active|idle)/;
const WINDOW_FIELDS = new Set<StatField>(['initFwdWinByts', 'initBwdWinByts']);
/** CICFlowMeter writes -1 for "no TCP window seen" (UDP, or no packet in that direction). */
const WINDOW_UNSEEN = -1;

const FIELDS: readonly StatField[] = STAT_COLUMNS.map((c) => c.field);
const STAT_COUNT = FIELDS.length;
/** cleanFlow is synchronous and leaves nothing here between calls. */
const scratch = new Float64Array(STAT_COUNT);
const CHECKS = Uint8Array.from(FIELDS, (field) => {
  if (RATE_FIELDS.has(field)) return Check.Rate;
  if (field === 'flowDuration') return Check.Duration;
  if (TIME_FIELD.test(field)) return Check.Time;
  if (WINDOW_FIELDS.has(field)) return Check.Window;
  return Check.Other;
});

const FLAG_BIT: Readonly<Record<CleaningFlag, number>> = Object.fromEntries(
  CLEANING_FLAGS.map((flag, i) => [flag, 1 << i]),
) as Record<CleaningFlag, number>;

/**
 * Applies the cleaning policies (clean/README.md) to one raw record. Pure: the input is not touched
 * and the output depends on nothing else. It never drops a row: every record the parser accepted
 * comes out with finite statistics and its flags. Only a record that is not a flow record at all
 * (a statistic missing or not a number, no id) throws, with MISSING_VALUE or BAD_NUMBER, for the
 * dead-letter topic.
 */
export function cleanFlow(record: FlowRecord): CleanFlow {
  checkShape(record);
  const out = blankCleanFlow(record);
  const values = scratch;
  readStats(record, values);
  const duration = record.flowDuration;
  let flags = 0;

  for (let i = 0; i < STAT_COUNT; i++) {
    let value = values[i]!;
    const check = CHECKS[i]!;
    if (!Number.isFinite(value)) {
      flags |= check === Check.Rate ? FLAG_BIT.RATE_NONFINITE : FLAG_BIT.VALUE_NONFINITE;
      value = Number.isNaN(value) ? SENTINELS.notANumber : SENTINELS.infinite;
    } else if (value < 0) {
      switch (check) {
        case Check.Rate:
          // Re-saved files already hold -1 where the rate was Infinity (zero duration): the same sentinel.
          if (value === SENTINELS.infinite && duration <= 0) {
            flags |= FLAG_BIT.RATE_NONFINITE;
          } else {
            // Only a negative duration yields a negative rate; with the duration clipped to 0 the rate is x/0.
            flags |= FLAG_BIT.NEGATIVE_RATE;
            value = SENTINELS.infinite;
          }
          break;
        case Check.Duration:
          flags |= FLAG_BIT.NEGATIVE_DURATION;
          value = 0;
          break;
        case Check.Time:
          flags |= FLAG_BIT.NEGATIVE_TIME;
          value = 0;
          break;
        case Check.Window:
          if (value === WINDOW_UNSEEN) {
            flags |= FLAG_BIT.WINDOW_UNSEEN;
          } else {
            flags |= FLAG_BIT.NEGATIVE_VALUE;
            value = WINDOW_UNSEEN;
          }
          break;
        default:
          flags |= FLAG_BIT.NEGATIVE_VALUE;
          value = 0;
      }
    }
    values[i] = value === 0 ? 0 : value;
  }
  writeStats(values, out);

  if (record.timestamp !== null) {
    const time = parseTimestamp(record.timestamp);
    if (time.ok) {
      out.flowTime = time.epochMs;
      if (time.adjusted) flags |= FLAG_BIT.TIMESTAMP_ADJUSTED;
    } else {
      flags |= FLAG_BIT.TIMESTAMP_INVALID;
    }
  }

  out.label = normaliseLabel(record.label);
  if (out.label !== null && !isKnownLabel(out.label)) flags |= FLAG_BIT.LABEL_UNKNOWN;

  for (let i = 0; flags !== 0; i++, flags >>>= 1) {
    if ((flags & 1) !== 0) out.cleaningFlags.push(CLEANING_FLAGS[i]!);
  }
  return out;
}

function checkShape(record: FlowRecord): void {
  if (typeof record?.recordId !== 'string' || record.recordId.length === 0) {
    throw new PipelineError('MISSING_VALUE', 'not a flow record: it has no recordId');
  }
  if (typeof record.source?.file !== 'string' || typeof record.source.line !== 'number') {
    throw new PipelineError('MISSING_VALUE', `${record.recordId}: not a flow record, it has no source`);
  }
  const bad = firstNonNumberStat(record);
  if (bad !== -1) {
    const field = FIELDS[bad]!;
    const value = record[field] as unknown;
    const code = value === undefined || value === null ? 'MISSING_VALUE' : 'BAD_NUMBER';
    const shown = JSON.stringify(value) ?? 'undefined';
    throw new PipelineError(code, `${record.recordId}: ${field} is ${shown}, not a number`, {
      details: { recordId: record.recordId, field },
    });
  }
}

/** Every field present from the start: one object shape for all clean flows (see blankFlowRecord). */
const blankCleanFlow = new Function(
  'r',
  `return { recordId: r.recordId, flowKey: r.flowKey, source: { file: r.source.file, line: r.source.line }, flowId: r.flowId, srcIp: r.srcIp, srcPort: r.srcPort, dstIp: r.dstIp, dstPort: r.dstPort, protocol: r.protocol, flowTime: null, ${ZERO_STATS_SOURCE}, label: null, cleaningFlags: [] };`,
) as (record: FlowRecord) => CleanFlow;
