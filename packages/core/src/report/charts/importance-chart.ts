/** Horizontal bar chart of the most important features, largest on top, with the value on each bar. */
import { escapeText } from '../escape.ts';
import { coord } from '../format.ts';
import type { FeatureImportance } from '../report-data.ts';
import { type Chart, GRID_COLOR, MUTED_COLOR } from './chart.ts';
import { BAR_COLOR } from './palette.ts';
import { linearScale, niceTicks } from './scale.ts';
import { fitText, textWidth } from './text-width.ts';

export const DEFAULT_TOP_N = 20;
const FONT = 12;
const BAR = 18;
const GAP = 6;
const MAX_LABEL_WIDTH = 200;

export interface RankedFeature {
  name: string;
  importance: number;
}

/** Features by importance, largest first (ties by name, so the order is stable). */
export function rankFeatures(importance: FeatureImportance): RankedFeature[] {
  return importance.names
    .map((name, i) => ({ name, importance: importance.importances[i] ?? Number.NaN }))
    .filter((f) => Number.isFinite(f.importance))
    .sort((a, b) => b.importance - a.importance || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function importanceChart(importance: FeatureImportance): Chart | undefined {
  const ranked = rankFeatures(importance);
  const shown = ranked.slice(0, importance.topN ?? DEFAULT_TOP_N);
  if (shown.length === 0) return undefined;
  const labelWidth = Math.min(MAX_LABEL_WIDTH, Math.max(...shown.map((f) => textWidth(f.name, FONT))) + 10);
  const width = 640;
  const left = labelWidth + 8;
  const right = width - 64;
  const top = 10;
  const barsHeight = shown.length * (BAR + GAP);
  const max = Math.max(...shown.map((f) => f.importance), 0);
  const x = linearScale([0, max > 0 ? max : 1], [left, right]);
  const out: string[] = [];
  const ticks = niceTicks(0, max > 0 ? max : 1, 4);
  out.push(`<g class="grid" stroke="${GRID_COLOR}">`);
  for (const t of ticks)
    out.push(`<line x1="${coord(x(t))}" x2="${coord(x(t))}" y1="${top}" y2="${top + barsHeight}"/>`);
  out.push('</g>');
  out.push(`<g class="ticks" font-size="11" fill="${MUTED_COLOR}" text-anchor="middle">`);
  for (const t of ticks) out.push(`<text x="${coord(x(t))}" y="${top + barsHeight + 14}">${t}</text>`);
  out.push('</g>');
  out.push(`<g class="bars" font-size="${FONT}">`);
  shown.forEach((feature, i) => {
    const y = top + i * (BAR + GAP);
    const barWidth = Math.max(0, x(feature.importance) - left);
    out.push(
      `<g class="bar"><title>${escapeText(`${feature.name}: ${feature.importance.toPrecision(4)}`)}</title>` +
        `<text x="${left - 8}" y="${coord(y + BAR / 2 + 4)}" text-anchor="end">${escapeText(fitText(feature.name, FONT, labelWidth - 6))}</text>` +
        `<rect x="${left}" y="${y}" width="${coord(barWidth)}" height="${BAR}" fill="${BAR_COLOR}" rx="2"/>` +
        `<text x="${coord(left + barWidth + 5)}" y="${coord(y + BAR / 2 + 4)}" font-size="11" fill="${MUTED_COLOR}">${feature.importance.toFixed(3)}</text></g>`,
    );
  });
  out.push('</g>');
  out.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + barsHeight}" stroke="${MUTED_COLOR}"/>`);
  const more = ranked.length - shown.length;
  return {
    id: 'chart-importance',
    title: `Feature importance, top ${shown.length}`,
    description: `Horizontal bars of the ${shown.length} most important of ${ranked.length} features${importance.method === undefined ? '' : ` (${importance.method})`}: ${shown
      .slice(0, 5)
      .map((f) => `${f.name} ${f.importance.toFixed(3)}`)
      .join(', ')}${shown.length > 5 ? ', ...' : ''}.${more > 0 ? ` ${more} more features not shown.` : ''}`,
    width,
    height: top + barsHeight + 24,
    body: out.join(''),
    kind: 'bars',
  };
}
