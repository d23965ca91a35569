/**
 * Confusion-matrix heat map: true classes down, predicted classes across, the count in every cell. Cells
 * are coloured by their share of the true class (the row), because raw counts span four orders of
 * magnitude between Benign and the rare attacks and would leave every rare row white.
 */
import { escapeText } from '../escape.ts';
import { coord, formatCount, formatPercent } from '../format.ts';
import type { MulticlassSummary } from '../report-data.ts';
import { type Chart, MUTED_COLOR } from './chart.ts';
import { heatColor, heatTextColor } from './palette.ts';
import { fitText, textWidth } from './text-width.ts';

const FONT = 12;
const MAX_LABEL_WIDTH = 190;
const LEGEND_WIDTH = 14;
const LEGEND_GAP = 28;

export interface HeatmapOptions {
  id?: string;
  title?: string;
}

export function confusionHeatmap(confusion: MulticlassSummary, options: HeatmapOptions = {}): Chart {
  const { classes, matrix } = confusion;
  const k = classes.length;
  const rowTotals = matrix.map((row) => row.reduce((sum, v) => sum + v, 0));
  const widestCount = Math.max(1, ...matrix.flat().map((v) => formatCount(v).length));
  // Few classes (the 2 x 2 benign/attack matrix) get big cells; many classes get cells just wide enough.
  const cell = Math.max(k <= 4 ? 84 : 36, widestCount * 7 + 10);
  const countFont = k <= 4 ? 16 : 11;
  const labelWidth = Math.min(MAX_LABEL_WIDTH, Math.max(...classes.map((c) => textWidth(c, FONT)), 40) + 8);
  // Column labels are turned 45 degrees: their height is their length times sin(45).
  const columnLabelHeight = labelWidth * Math.SQRT1_2 + 12;
  const left = 28 + labelWidth;
  const top = 12;
  const gridSize = cell * k;
  const legendX = left + gridSize + LEGEND_GAP;
  const width = legendX + LEGEND_WIDTH + 52;
  const height = top + gridSize + columnLabelHeight + 34;
  const id = options.id ?? 'chart-confusion';
  const out: string[] = [];

  out.push(`<g class="cells" font-size="${countFont}" text-anchor="middle">`);
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) {
      const count = matrix[r]![c]!;
      const share = rowTotals[r]! > 0 ? count / rowTotals[r]! : 0;
      const x = left + c * cell;
      const y = top + r * cell;
      const tooltip = `True ${classes[r]}, predicted ${classes[c]}: ${formatCount(count)} (${formatPercent(share, 1)} of the true class)`;
      out.push(
        `<g class="cell" data-row="${r}" data-col="${c}"><title>${escapeText(tooltip)}</title>` +
          `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${heatColor(share)}" stroke="#ffffff" stroke-width="1"/>` +
          `<text x="${coord(x + cell / 2)}" y="${coord(y + cell / 2 + countFont * 0.35)}" fill="${count === 0 ? '#9aa5b1' : heatTextColor(share)}"${r === c ? ' font-weight="bold"' : ''}>${formatCount(count)}</text></g>`,
      );
    }
  }
  out.push('</g>');
  out.push(
    `<rect x="${left}" y="${top}" width="${gridSize}" height="${gridSize}" fill="none" stroke="${MUTED_COLOR}"/>`,
  );

  out.push(`<g class="row-labels" font-size="${FONT}" text-anchor="end">`);
  classes.forEach((name, r) => {
    out.push(
      `<text x="${left - 6}" y="${coord(top + r * cell + cell / 2 + 4)}"><title>${escapeText(name)}</title>${escapeText(fitText(name, FONT, labelWidth - 8))}</text>`,
    );
  });
  out.push('</g>');
  out.push(`<g class="column-labels" font-size="${FONT}" text-anchor="end">`);
  classes.forEach((name, c) => {
    const x = left + c * cell + cell / 2 + 4;
    const y = top + gridSize + 8;
    out.push(
      `<text transform="translate(${coord(x)} ${coord(y)}) rotate(-45)"><title>${escapeText(name)}</title>${escapeText(fitText(name, FONT, labelWidth - 8))}</text>`,
    );
  });
  out.push('</g>');
  out.push(
    `<text class="axis-label" x="${coord(left + gridSize / 2)}" y="${coord(height - 8)}" text-anchor="middle" font-size="12">Predicted class</text>`,
    `<text class="axis-label" transform="translate(14 ${coord(top + gridSize / 2)}) rotate(-90)" text-anchor="middle" font-size="12">True class</text>`,
  );

  // Colour legend: a vertical ramp with 0%, 50%, 100% marks.
  const gradientId = `${id}-ramp`;
  const stops = Array.from({ length: 11 }, (_, i) => i / 10)
    .map((t) => `<stop offset="${coord(t * 100)}%" stop-color="${heatColor((1 - t) ** 2)}"/>`)
    .join('');
  out.push(
    `<defs><linearGradient id="${escapeText(gradientId)}" x1="0" y1="0" x2="0" y2="1">${stops}</linearGradient></defs>`,
    `<g class="color-scale" font-size="11" fill="${MUTED_COLOR}">`,
    `<rect x="${legendX}" y="${top}" width="${LEGEND_WIDTH}" height="${gridSize}" fill="url(#${escapeText(gradientId)})" stroke="${MUTED_COLOR}" stroke-width="0.5"/>`,
  );
  for (const mark of [1, 0.5, 0.1, 0]) {
    // The ramp is drawn through the same square-root mapping as the cells, so marks sit where that colour is.
    const y = top + (1 - Math.sqrt(mark)) * gridSize;
    out.push(
      `<line x1="${legendX + LEGEND_WIDTH}" x2="${legendX + LEGEND_WIDTH + 4}" y1="${coord(y)}" y2="${coord(y)}" stroke="${MUTED_COLOR}"/>`,
      `<text x="${legendX + LEGEND_WIDTH + 7}" y="${coord(y + 4)}">${formatPercent(mark, 0)}</text>`,
    );
  }
  out.push('</g>');

  return {
    id,
    title: options.title ?? 'Confusion matrix',
    description: `Heat map of ${k} by ${k} cells: rows are the true classes (${classes.join(', ')}), columns the predicted classes; each cell holds the flow count, coloured by its share of the true class.`,
    width: Math.ceil(width),
    height: Math.ceil(height),
    body: out.join(''),
    kind: 'heatmap',
  };
}
