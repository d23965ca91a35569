/** Feature importance: the top-N chart, and every feature's value in a collapsed table. */
import { rankFeatures } from '../charts/importance-chart.ts';
import { escapeText } from '../escape.ts';
import type { ReportCharts } from '../report-charts.ts';
import type { FeatureImportance } from '../report-data.ts';
import { figure } from './figure.ts';
import { table } from './table.ts';

export function importanceSection(importance: FeatureImportance | undefined, charts: ReportCharts): string {
  if (importance === undefined || charts.importance === undefined) return '';
  const ranked = rankFeatures(importance);
  const all = table(
    [
      { header: 'Rank', cell: (r: { rank: number; name: string; importance: number }) => String(r.rank) },
      { header: 'Feature', cell: (r) => r.name },
      { header: 'Importance', cell: (r) => r.importance.toFixed(4), numeric: true },
    ],
    ranked.map((f, i) => ({ rank: i + 1, ...f })),
    { caption: 'All features by importance' },
  );
  return (
    '<section id="importance"><h2>Feature importance</h2>' +
    (importance.method === undefined ? '' : `<p class="lead">${escapeText(importance.method)}</p>`) +
    `<div class="figures single">${figure(charts.importance)}</div>` +
    `<details><summary>All ${ranked.length} features</summary>${all}</details></section>`
  );
}
