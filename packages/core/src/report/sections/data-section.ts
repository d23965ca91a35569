/** The data: rows per label per file, and the cleaning report in whatever detail it carries. */
import { escapeText } from '../escape.ts';
import { formatCount, formatPercent, formatValue } from '../format.ts';
import type { CleaningReportLike, DataSummary } from '../report-data.ts';
import { type Column, humanize, recordTable, table } from './table.ts';

function dataSummaryTable(summary: DataSummary): string {
  const files = Object.keys(summary.perFile);
  const totals = new Map<string, number>();
  for (const counts of Object.values(summary.perFile)) {
    for (const [label, n] of Object.entries(counts)) totals.set(label, (totals.get(label) ?? 0) + n);
  }
  const labels = [...totals.keys()].sort((a, b) => totals.get(b)! - totals.get(a)! || (a < b ? -1 : 1));
  const columns: Column<string>[] = [
    { header: 'Label', cell: (label) => label },
    ...files.map((file) => ({
      header: file,
      cell: (label: string) => {
        const n = summary.perFile[file]![label];
        return n === undefined ? '' : formatCount(n);
      },
      numeric: true,
    })),
    { header: 'Total', cell: (label) => formatCount(totals.get(label)!), numeric: true },
  ];
  const fileTotal = (file: string) => Object.values(summary.perFile[file]!).reduce((sum, n) => sum + n, 0);
  const grand = [...totals.values()].reduce((sum, n) => sum + n, 0);
  return table(columns, labels, {
    caption: 'Rows per label per file',
    className: 'pivot',
    footer: [['Total', ...files.map((file) => formatCount(fileTotal(file))), formatCount(grand)]],
  });
}

const KNOWN = new Set(['rowsIn', 'rowsOut', 'byReason', 'byFile', 'byLabel']);

function cleaningTables(cleaning: CleaningReportLike): string {
  const removed = cleaning.rowsIn - cleaning.rowsOut;
  const parts: string[] = [
    `<p class="lead">${escapeText(formatCount(cleaning.rowsIn))} rows in, ${escapeText(formatCount(cleaning.rowsOut))} rows out: ` +
      `${escapeText(formatCount(removed))} removed (${escapeText(formatPercent(cleaning.rowsIn > 0 ? removed / cleaning.rowsIn : 0))}).</p>`,
  ];
  const byReason = cleaning.byReason ?? {};
  if (Object.keys(byReason).length > 0) {
    const allCounts = Object.values(byReason).every((v) => typeof v === 'number');
    parts.push(
      allCounts
        ? table(
            [
              { header: 'Reason', cell: ([reason]: [string, unknown]) => reason },
              { header: 'Rows', cell: ([, n]) => formatCount(n as number), numeric: true },
              {
                header: 'Share of rows in',
                cell: ([, n]) => formatPercent(cleaning.rowsIn > 0 ? (n as number) / cleaning.rowsIn : 0, 3),
                numeric: true,
              },
            ],
            Object.entries(byReason),
            { caption: 'Cleaning by reason' },
          )
        : recordTable(byReason, { keyHeader: 'Reason', caption: 'Cleaning by reason' }),
    );
  }
  if (cleaning.byFile !== undefined && Object.keys(cleaning.byFile).length > 0) {
    parts.push(
      recordTable(cleaning.byFile, { keyHeader: 'File', valueHeader: 'Rows', caption: 'Cleaning by file' }),
    );
  }
  if (cleaning.byLabel !== undefined && Object.keys(cleaning.byLabel).length > 0) {
    parts.push(
      recordTable(cleaning.byLabel, {
        keyHeader: 'Label',
        valueHeader: 'Rows',
        caption: 'Cleaning by label',
      }),
    );
  }
  const rest = Object.entries(cleaning).filter(([key, value]) => !KNOWN.has(key) && value !== undefined);
  const scalars = rest.filter(([, v]) => v === null || typeof v !== 'object' || Array.isArray(v));
  if (scalars.length > 0) {
    parts.push(
      `<dl class="facts">${scalars.map(([k, v]) => `<dt>${escapeText(humanize(k))}</dt><dd>${escapeText(formatValue(v))}</dd>`).join('')}</dl>`,
    );
  }
  for (const [key, value] of rest) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      parts.push(
        recordTable(value as Record<string, unknown>, { keyHeader: humanize(key), caption: humanize(key) }),
      );
    }
  }
  return parts.join('');
}

export function dataSection(
  summary: DataSummary | undefined,
  cleaning: CleaningReportLike | undefined,
): string {
  if (summary === undefined && cleaning === undefined) return '';
  return (
    '<section id="data"><h2>Data</h2>' +
    (summary === undefined
      ? ''
      : `<h3>Data summary</h3>${summary.note === undefined ? '' : `<p class="lead">${escapeText(summary.note)}</p>`}${dataSummaryTable(summary)}`) +
    (cleaning === undefined ? '' : `<h3>Cleaning report</h3>${cleaningTables(cleaning)}`) +
    '</section>'
  );
}
