/** A chart in a <figure> with a visible caption; the SVG carries its own title and description. */
import type { Chart } from '../charts/chart.ts';
import { inlineSvg } from '../charts/chart.ts';
import { escapeText } from '../escape.ts';

/** The caption comes first: it is the chart's visible heading. `hint` is a line of reading help under it. */
export function figure(chart: Chart, hint?: string): string {
  return (
    `<figure class="chart-figure" style="--chart-width: ${chart.width}px">` +
    `<figcaption>${escapeText(chart.title)}${hint === undefined ? '' : `<span class="hint">${escapeText(hint)}</span>`}</figcaption>` +
    `${inlineSvg(chart)}</figure>`
  );
}

export const HEATMAP_HINT =
  'Rows are true classes, columns predicted; numbers are flow counts, colour is the share of the row.';
