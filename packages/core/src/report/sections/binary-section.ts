/** Benign vs attack: every evaluation side by side, the curves, and the headline's 2 x 2 outcome. */

import { formatCount, formatPercent, formatScore } from '../format.ts';
import type { ReportCharts } from '../report-charts.ts';
import type { EvaluationSummary } from '../report-data.ts';
import { figure, HEATMAP_HINT } from './figure.ts';
import { type Column, table } from './table.ts';

const COLUMNS: Column<EvaluationSummary>[] = [
  { header: 'Evaluation', cell: (e) => e.name },
  { header: 'Flows', cell: (e) => formatCount(e.binary.rows), numeric: true },
  { header: 'Attacks', cell: (e) => formatCount(e.binary.tp + e.binary.fn), numeric: true },
  { header: 'Accuracy', cell: (e) => formatPercent(e.binary.accuracy), numeric: true },
  { header: 'Precision', cell: (e) => formatPercent(e.binary.precision), numeric: true },
  { header: 'Recall', cell: (e) => formatPercent(e.binary.recall), numeric: true },
  { header: 'F1', cell: (e) => formatPercent(e.binary.f1), numeric: true },
  { header: 'FPR', cell: (e) => formatPercent(e.binary.fpr, 3), numeric: true },
  { header: 'ROC-AUC', cell: (e) => formatScore(e.binary.rocAuc), numeric: true },
  { header: 'PR-AUC', cell: (e) => formatScore(e.binary.prAuc), numeric: true },
  { header: 'TP', cell: (e) => formatCount(e.binary.tp), numeric: true },
  { header: 'FP', cell: (e) => formatCount(e.binary.fp), numeric: true },
  { header: 'TN', cell: (e) => formatCount(e.binary.tn), numeric: true },
  { header: 'FN', cell: (e) => formatCount(e.binary.fn), numeric: true },
];

export function binarySection(evaluations: readonly EvaluationSummary[], charts: ReportCharts): string {
  if (evaluations.length === 0) return '';
  const figures = (
    [
      [charts.roc, 'Up and to the left is better; the dashed diagonal is chance.'],
      [charts.rocZoom, 'The corner that matters in operation: few false alarms.'],
      [charts.pr, 'Steps follow the average-precision definition (no interpolation).'],
      [charts.binaryConfusion, HEATMAP_HINT],
    ] as const
  )
    .filter(([chart]) => chart !== undefined)
    .map(([chart, hint]) => figure(chart!, hint))
    .join('');
  return (
    '<section id="binary"><h2>Benign vs attack</h2>' +
    '<p class="lead">A flow raises an alert when its attack score is at or over the threshold. ' +
    'FPR is the share of benign flows that raise one; AUCs do not depend on the threshold.</p>' +
    table(COLUMNS, evaluations, { caption: 'Binary results per evaluation', className: 'wide' }) +
    `<div class="figures">${figures}</div></section>`
  );
}
