import { LABEL_COLUMN, META_COLUMNS, STAT_COLUMNS } from '../flow/columns.ts';
import type { FlowRecord } from '../flow/flow-record.ts';
import { readStats } from '../flow/stat-access.ts';

/**
 * Metered flows as a CSE-CIC-IDS2018 84-column CSV (the `Thuesday-20-02-2018` layout: Flow ID, Src IP,
 * Src Port, Dst IP, Dst Port, Protocol, Timestamp, the 76 statistics, Label), so `netattack train`
 * and `evaluate` read it like any day file and CICFlowMeter's own tools compare it column by column.
 */
export const CIC2018_84_HEADER = [...META_COLUMNS, ...STAT_COLUMNS, LABEL_COLUMN]
  .map((c) => c.header)
  .join(',');

const STAT_COUNT = STAT_COLUMNS.length;

/** One CSV line per record, without the line break; reuse it for every record of a run. */
export function compileCsvLineWriter(): (record: FlowRecord) => string {
  const stats = new Float64Array(STAT_COUNT);
  return (record) => {
    readStats(record, stats);
    let line = `${cell(record.flowId)},${cell(record.srcIp)},${cell(record.srcPort)},${cell(record.dstIp)},${cell(record.dstPort)},${cell(record.protocol)},${cell(record.timestamp)}`;
    // Numbers print as JavaScript writes them: the shortest text that reads back to the same double.
    for (let i = 0; i < STAT_COUNT; i++) line += `,${stats[i]}`;
    return `${line},${cell(record.label)}`;
  };
}

function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  // Labels are free text: quote what would split the row.
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
