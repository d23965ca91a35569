import type { FileSummary } from '../flow/csv-reader.ts';
import type { LayoutName } from '../flow/layouts.ts';
import type { RowRejectCode } from '../flow/parse-row.ts';
import type { CleanFlow } from './clean-flow.ts';
import type { DedupeStats } from './dedupe.ts';
import { CLEANING_REASONS, type CleaningPolicy, type CleaningReason } from './reasons.ts';

/** Rejections at parse time drop the line (offline) or dead-letter it (online). */
const REJECTION_POLICY: Record<RowRejectCode, CleaningPolicy> = {
  HEADER_REPEAT: 'drop',
  LINE_TOO_LONG: 'drop',
  BAD_QUOTING: 'drop',
  BAD_FIELD_COUNT: 'drop',
  MISSING_VALUE: 'drop',
  BAD_NUMBER: 'drop',
  BAD_ADDRESS: 'drop',
  BAD_TIMESTAMP: 'drop',
  BAD_TEXT: 'drop',
};

export type ReportReason = CleaningReason | RowRejectCode;

export const REPORT_POLICIES: Readonly<Record<ReportReason, CleaningPolicy>> = {
  ...REJECTION_POLICY,
  ...CLEANING_REASONS,
};

export interface FileCleaningReport {
  /** `unknown` until the file's summary arrived (a report merged from rows only). */
  layout: LayoutName | 'unknown';
  columnCount: number;
  unknownColumns: string[];
  duplicateColumns: string[];
  /** Data lines read: header and blank lines are not rows. */
  rowsIn: number;
  /** Rows kept: rowsIn less rejected lines and duplicates. */
  rowsOut: number;
  /** Rows per reason; a row flagged for two reasons counts under both. */
  perReason: Partial<Record<ReportReason, number>>;
}

export interface LabelCleaningReport {
  rowsIn: number;
  duplicates: number;
  rowsOut: number;
}

/** JSON-serialisable; reports of disjoint inputs merge with mergeCleaningReports. */
export interface CleaningReport {
  rowsIn: number;
  rowsOut: number;
  perReason: Partial<Record<ReportReason, number>>;
  /** The policy of every reason code, so the report explains itself. */
  policies: Readonly<Record<ReportReason, CleaningPolicy>>;
  perFile: Record<string, FileCleaningReport>;
  /** By normalised label; `(none)` for unlabelled rows. Rejected lines have no label and are not here. */
  perLabel: Record<string, LabelCleaningReport>;
  labelConflicts: { rows: number; pairs: Record<string, number> };
}

export const NO_LABEL = '(none)';

/** Collects a report while a dataset streams through parse, clean and dedupe. */
export class CleaningReportBuilder {
  private readonly report: CleaningReport = emptyCleaningReport();

  /** The reader's summary of one file: its layout, rows read and rejections. */
  addFileSummary(summary: FileSummary): void {
    const file = this.file(summary.file);
    file.layout = summary.layout;
    file.columnCount = summary.columnCount;
    file.unknownColumns = [...summary.unknownColumns];
    file.duplicateColumns = [...summary.duplicateColumns];
    file.rowsIn += summary.rowsRead;
    this.report.rowsIn += summary.rowsRead;
    for (const [code, count] of Object.entries(summary.rejections) as [RowRejectCode, number][]) {
      bump(file.perReason, code, count);
      bump(this.report.perReason, code, count);
    }
  }

  /** A row that came out of cleaning, before de-duplication. */
  addCleaned(flow: CleanFlow): void {
    const file = this.file(flow.source.file);
    for (const flag of flow.cleaningFlags) {
      bump(file.perReason, flag, 1);
      bump(this.report.perReason, flag, 1);
    }
    this.label(flow.label).rowsIn++;
  }

  addDuplicate(flow: CleanFlow): void {
    bump(this.file(flow.source.file).perReason, 'DUPLICATE', 1);
    bump(this.report.perReason, 'DUPLICATE', 1);
    this.label(flow.label).duplicates++;
  }

  setLabelConflicts(stats: DedupeStats): void {
    this.report.labelConflicts = { rows: stats.labelConflictRows, pairs: { ...stats.labelConflictPairs } };
  }

  build(): CleaningReport {
    return finish(structuredClone(this.report));
  }

  private file(name: string): FileCleaningReport {
    this.report.perFile[name] ??= emptyFileReport();
    return this.report.perFile[name];
  }

  private label(label: string | null): LabelCleaningReport {
    const key = label ?? NO_LABEL;
    this.report.perLabel[key] ??= { rowsIn: 0, duplicates: 0, rowsOut: 0 };
    return this.report.perLabel[key];
  }
}

export function emptyCleaningReport(): CleaningReport {
  return {
    rowsIn: 0,
    rowsOut: 0,
    perReason: {},
    policies: REPORT_POLICIES,
    perFile: {},
    perLabel: {},
    labelConflicts: { rows: 0, pairs: {} },
  };
}

/**
 * Sums two reports of disjoint inputs (other files, or other parts of a stream). Label conflicts add
 * up too, which undercounts conflicts between rows of the two inputs: de-duplicate the union for those.
 */
export function mergeCleaningReports(a: CleaningReport, b: CleaningReport): CleaningReport {
  const merged = structuredClone(a);
  merged.rowsIn += b.rowsIn;
  addCounts(merged.perReason, b.perReason);
  for (const [name, file] of Object.entries(b.perFile)) {
    merged.perFile[name] ??= emptyFileReport();
    const into = merged.perFile[name];
    if (into.layout === 'unknown') {
      into.layout = file.layout;
      into.columnCount = file.columnCount;
      into.unknownColumns = [...file.unknownColumns];
      into.duplicateColumns = [...file.duplicateColumns];
    }
    into.rowsIn += file.rowsIn;
    addCounts(into.perReason, file.perReason);
  }
  for (const [label, counts] of Object.entries(b.perLabel)) {
    merged.perLabel[label] ??= { rowsIn: 0, duplicates: 0, rowsOut: 0 };
    const into = merged.perLabel[label];
    into.rowsIn += counts.rowsIn;
    into.duplicates += counts.duplicates;
  }
  merged.labelConflicts.rows += b.labelConflicts.rows;
  addCounts(merged.labelConflicts.pairs, b.labelConflicts.pairs);
  return finish(merged);
}

/** Derives every rowsOut from the counts, so a report cannot disagree with itself. */
function finish(report: CleaningReport): CleaningReport {
  let rowsOut = 0;
  for (const file of Object.values(report.perFile)) {
    file.rowsOut = file.rowsIn - dropped(file.perReason);
    rowsOut += file.rowsOut;
  }
  report.rowsOut = rowsOut;
  for (const label of Object.values(report.perLabel)) label.rowsOut = label.rowsIn - label.duplicates;
  report.policies = REPORT_POLICIES;
  return report;
}

function dropped(perReason: Partial<Record<ReportReason, number>>): number {
  let total = 0;
  for (const [reason, count] of Object.entries(perReason) as [ReportReason, number][]) {
    if (REPORT_POLICIES[reason] === 'drop') total += count;
  }
  return total;
}

function emptyFileReport(): FileCleaningReport {
  return {
    layout: 'unknown',
    columnCount: 0,
    unknownColumns: [],
    duplicateColumns: [],
    rowsIn: 0,
    rowsOut: 0,
    perReason: {},
  };
}

function bump<K extends string>(counts: Partial<Record<K, number>>, key: K, by: number): void {
  counts[key] = (counts[key] ?? 0) + by;
}

function addCounts<K extends string>(
  into: Partial<Record<K, number>>,
  from: Partial<Record<K, number>>,
): void {
  for (const [key, count] of Object.entries(from) as [K, number][]) bump(into, key, count);
}
