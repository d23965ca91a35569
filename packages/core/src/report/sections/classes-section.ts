/** Attack classes: the multiclass confusion heat map and per-class precision, recall and F1. */
import { type ClassMetrics, classMetrics } from '../../eval/class-metrics.ts';
import { escapeText } from '../escape.ts';
import { formatCount, formatPercent } from '../format.ts';
import type { ReportCharts } from '../report-charts.ts';
import { figure, HEATMAP_HINT } from './figure.ts';
import { type Column, table } from './table.ts';

const COLUMNS: Column<ClassMetrics>[] = [
  { header: 'Class', cell: (m) => m.name },
  { header: 'Precision', cell: (m) => formatPercent(m.precision), numeric: true },
  { header: 'Recall', cell: (m) => formatPercent(m.recall), numeric: true },
  { header: 'F1', cell: (m) => formatPercent(m.f1), numeric: true },
  { header: 'Support', cell: (m) => formatCount(m.support), numeric: true },
  { header: 'Predicted', cell: (m) => formatCount(m.predicted), numeric: true },
];

export function classesSection(charts: ReportCharts): string {
  const source = charts.confusionSource;
  if (source?.multiclass === undefined || charts.confusion === undefined) return '';
  const report = classMetrics({
    classes: [...source.multiclass.classes],
    matrix: source.multiclass.matrix.map((row) => [...row]),
  });
  const averageRow = (name: string, m: { precision: number; recall: number; f1: number }) => [
    name,
    formatPercent(m.precision),
    formatPercent(m.recall),
    formatPercent(m.f1),
    formatCount(report.rows),
    '',
  ];
  return (
    '<section id="classes"><h2>Attack classes</h2>' +
    `<p class="lead">Multiclass results of <strong>${escapeText(source.name)}</strong>: accuracy ${escapeText(formatPercent(report.accuracy))} over ${escapeText(formatCount(report.rows))} flows.</p>` +
    `<div class="figures single">${figure(charts.confusion, HEATMAP_HINT)}</div>` +
    table(COLUMNS, report.classes, {
      caption: 'Per-class precision, recall and F1',
      footer: [averageRow('Macro average', report.macro), averageRow('Weighted average', report.weighted)],
    }) +
    '</section>'
  );
}
