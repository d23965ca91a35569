/**
 * Line chart over a bounded domain with a legend below the plot, for ROC and precision-recall curves.
 * Several series share the axes (the random split and each left-out file), told apart by colour and
 * dash. Points outside the domain are clipped, so the same data can be drawn zoomed in.
 */
import { escapeText } from '../escape.ts';
import { coord } from '../format.ts';
import { type Chart, GRID_COLOR, MUTED_COLOR } from './chart.ts';
import { seriesColor, seriesDash } from './palette.ts';
import { linearScale, niceTicks } from './scale.ts';
import { fitText } from './text-width.ts';

export interface LineSeries {
  /** Legend text, e.g. "Random 70/30 split (AUC 0.9991)". */
  label: string;
  x: readonly number[];
  y: readonly number[];
}

export interface LineChartOptions {
  id: string;
  title: string;
  description: string;
  xLabel: string;
  yLabel: string;
  series: readonly LineSeries[];
  xDomain?: readonly [number, number];
  yDomain?: readonly [number, number];
  /** A dashed grey reference: the chance diagonal of a ROC plot, or a horizontal baseline. */
  reference?: { kind: 'diagonal' } | { kind: 'horizontal'; y: number; label: string };
  /** "linear" joins points straight; "vertical-first" draws steps (the precision-recall convention). */
  interpolation?: 'linear' | 'vertical-first';
  formatTick?: (value: number) => string;
  width?: number;
  plotHeight?: number;
}

const MARGIN = { top: 16, right: 20, left: 58 };
const AXIS_BAND = 56;
const LEGEND_ROW = 20;

function seriesPath(
  series: LineSeries,
  x: (v: number) => number,
  y: (v: number) => number,
  interpolation: 'linear' | 'vertical-first',
): { d: string; points: number } {
  const parts: string[] = [];
  let points = 0;
  let penDown = false;
  let previousX = '';
  for (let i = 0; i < series.x.length; i++) {
    const xv = series.x[i]!;
    const yv = series.y[i]!;
    if (!Number.isFinite(xv) || !Number.isFinite(yv)) {
      penDown = false;
      continue;
    }
    const px = coord(x(xv));
    const py = coord(y(yv));
    if (!penDown) parts.push(`M${px} ${py}`);
    else if (interpolation === 'vertical-first') parts.push(`L${previousX} ${py}L${px} ${py}`);
    else parts.push(`L${px} ${py}`);
    penDown = true;
    previousX = px;
    points++;
  }
  return { d: parts.join(''), points };
}

export function lineChart(options: LineChartOptions): Chart {
  const width = options.width ?? 480;
  const plotHeight = options.plotHeight ?? 340;
  const [x0, x1] = options.xDomain ?? [0, 1];
  const [y0, y1] = options.yDomain ?? [0, 1];
  const formatTick = options.formatTick ?? ((v: number) => String(v));
  const interpolation = options.interpolation ?? 'linear';
  const plotLeft = MARGIN.left;
  const plotRight = width - MARGIN.right;
  const plotTop = MARGIN.top;
  const plotBottom = plotTop + plotHeight;
  const x = linearScale([x0, x1], [plotLeft, plotRight]);
  const y = linearScale([y0, y1], [plotBottom, plotTop]);
  const clipId = `${options.id}-clip`;
  const out: string[] = [];

  out.push(
    `<defs><clipPath id="${escapeText(clipId)}"><rect x="${plotLeft}" y="${plotTop}" width="${plotRight - plotLeft}" height="${plotHeight}"/></clipPath></defs>`,
  );
  out.push(`<g class="grid" stroke="${GRID_COLOR}" stroke-width="1">`);
  const xTicks = niceTicks(x0, x1, 5);
  const yTicks = niceTicks(y0, y1, 5);
  for (const t of xTicks)
    out.push(`<line x1="${coord(x(t))}" x2="${coord(x(t))}" y1="${plotTop}" y2="${plotBottom}"/>`);
  for (const t of yTicks)
    out.push(`<line x1="${plotLeft}" x2="${plotRight}" y1="${coord(y(t))}" y2="${coord(y(t))}"/>`);
  out.push('</g>');
  out.push(
    `<rect x="${plotLeft}" y="${plotTop}" width="${plotRight - plotLeft}" height="${plotHeight}" fill="none" stroke="${MUTED_COLOR}" stroke-width="1"/>`,
  );
  out.push(`<g class="ticks" font-size="11" fill="${MUTED_COLOR}">`);
  for (const t of xTicks) {
    out.push(
      `<text x="${coord(x(t))}" y="${plotBottom + 16}" text-anchor="middle">${escapeText(formatTick(t))}</text>`,
    );
  }
  for (const t of yTicks) {
    out.push(
      `<text x="${plotLeft - 6}" y="${coord(y(t) + 4)}" text-anchor="end">${escapeText(formatTick(t))}</text>`,
    );
  }
  out.push('</g>');
  out.push(
    `<text class="axis-label" x="${coord((plotLeft + plotRight) / 2)}" y="${plotBottom + 36}" text-anchor="middle" font-size="12">${escapeText(options.xLabel)}</text>`,
    `<text class="axis-label" transform="translate(16 ${coord((plotTop + plotBottom) / 2)}) rotate(-90)" text-anchor="middle" font-size="12">${escapeText(options.yLabel)}</text>`,
  );

  out.push(`<g clip-path="url(#${escapeText(clipId)})" fill="none">`);
  const reference = options.reference;
  if (reference?.kind === 'diagonal') {
    out.push(
      `<line class="reference" x1="${coord(x(0))}" y1="${coord(y(0))}" x2="${coord(x(1))}" y2="${coord(y(1))}" stroke="#9aa5b1" stroke-dasharray="4 4"/>`,
    );
  } else if (reference?.kind === 'horizontal') {
    out.push(
      `<line class="reference" x1="${plotLeft}" y1="${coord(y(reference.y))}" x2="${plotRight}" y2="${coord(y(reference.y))}" stroke="#9aa5b1" stroke-dasharray="4 4"/>`,
    );
  }
  options.series.forEach((series, i) => {
    const { d, points } = seriesPath(series, x, y, interpolation);
    if (points === 0) return;
    const dash = seriesDash(i);
    out.push(
      `<path class="series" data-points="${points}" d="${d}" stroke="${seriesColor(i)}" stroke-width="2" stroke-linejoin="round"${dash === '' ? '' : ` stroke-dasharray="${dash}"`}><title>${escapeText(series.label)}</title></path>`,
    );
  });
  out.push('</g>');

  const legendTop = plotBottom + AXIS_BAND;
  const entries = [...options.series.map((s, i) => ({ label: s.label, i }))];
  if (reference !== undefined)
    entries.push({ label: reference.kind === 'diagonal' ? 'Chance' : reference.label, i: -1 });
  out.push('<g class="legend" font-size="12">');
  entries.forEach((entry, row) => {
    const ly = legendTop + row * LEGEND_ROW;
    const stroke = entry.i < 0 ? '#9aa5b1' : seriesColor(entry.i);
    const dash = entry.i < 0 ? '4 4' : seriesDash(entry.i);
    out.push(
      `<line x1="${plotLeft}" x2="${plotLeft + 28}" y1="${ly}" y2="${ly}" stroke="${stroke}" stroke-width="${entry.i < 0 ? 1 : 2}"${dash === '' ? '' : ` stroke-dasharray="${dash}"`}/>`,
      `<text x="${plotLeft + 36}" y="${ly + 4}">${escapeText(fitText(entry.label, 12, plotRight - plotLeft - 36))}</text>`,
    );
  });
  out.push('</g>');

  return {
    id: options.id,
    title: options.title,
    description: options.description,
    width,
    height: legendTop + entries.length * LEGEND_ROW,
    body: out.join(''),
    kind: 'line',
  };
}
