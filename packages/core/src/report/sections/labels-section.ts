/** Per original label: how many flows of each label raised an alert (detections, or false alarms for Benign). */
import { escapeText } from '../escape.ts';
import { formatCount, formatPercent } from '../format.ts';
import type { EvaluationSummary, LabelOutcomeSummary } from '../report-data.ts';
import { type Column, html, table } from './table.ts';

type LabelRow = { label: string } & LabelOutcomeSummary;

function meter(share: number, benign: boolean): string {
  const percent = Math.max(0, Math.min(100, share * 100));
  return `<span class="meter${benign ? ' meter-benign' : ''}" aria-hidden="true"><span style="width: ${percent.toFixed(1)}%"></span></span>`;
}

const COLUMNS: Column<LabelRow>[] = [
  { header: 'Label', cell: (r) => r.label },
  { header: 'Flows', cell: (r) => formatCount(r.support), numeric: true },
  { header: 'Flagged as attack', cell: (r) => formatCount(r.flaggedAsAttack), numeric: true },
  {
    header: 'Share flagged',
    cell: (r) => {
      const share = r.support > 0 ? r.flaggedAsAttack / r.support : 0;
      return html(
        `${meter(share, r.label.toLowerCase() === 'benign')}<span class="meter-value">${escapeText(formatPercent(share))}</span>`,
      );
    },
    numeric: true,
  },
];

function labelTable(evaluation: EvaluationSummary): string {
  const rows = Object.entries(evaluation.perLabel ?? {}).map(([label, outcome]) => ({ label, ...outcome }));
  return table(COLUMNS, rows, { caption: `Per label: ${evaluation.name}`, className: 'labels' });
}

export function labelsSection(evaluations: readonly EvaluationSummary[]): string {
  const withLabels = evaluations.filter(
    (e) => e.perLabel !== undefined && Object.keys(e.perLabel).length > 0,
  );
  if (withLabels.length === 0) return '';
  const [first, ...rest] = withLabels;
  const others = rest
    .map((e) => `<details><summary>${escapeText(e.name)}</summary>${labelTable(e)}</details>`)
    .join('');
  return (
    '<section id="labels"><h2>Per original label</h2>' +
    '<p class="lead">For attack labels the share flagged is the detection rate; for Benign it is the false-alarm rate.</p>' +
    `${labelTable(first!)}${others}</section>`
  );
}
