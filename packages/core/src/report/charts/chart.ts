/**
 * A chart is SVG markup plus what is needed to wrap it two ways: inline in the report, or as a
 * standalone .svg file saved beside it. Charts style themselves with presentation attributes, never with
 * the page's CSS, so the standalone file looks the same as the inline one.
 */
import { escapeText } from '../escape.ts';

export interface Chart {
  /** Unique within a report; also the base of the standalone file name. */
  id: string;
  title: string;
  /** Read by screen readers: what the chart shows, in a sentence or two. */
  description: string;
  width: number;
  height: number;
  /** The drawing, in a width x height user space. */
  body: string;
  /** Marks the chart kind for tests and styling: "line", "heatmap", "bars". */
  kind: 'line' | 'heatmap' | 'bars';
}

export const FONT_FAMILY = "'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif";
export const TEXT_COLOR = '#1f2933';
export const MUTED_COLOR = '#616e7c';
export const GRID_COLOR = '#e4e7eb';

function svgOpen(chart: Chart, extraAttributes: string): string {
  const id = escapeText(chart.id);
  return (
    `<svg${extraAttributes} class="chart chart-${chart.kind}" id="${id}" data-chart="${chart.kind}"` +
    ` viewBox="0 0 ${chart.width} ${chart.height}" width="${chart.width}" height="${chart.height}"` +
    ` role="img" aria-labelledby="${id}-title ${id}-desc"` +
    ` font-family="${escapeText(FONT_FAMILY)}" fill="${TEXT_COLOR}">` +
    `<title id="${id}-title">${escapeText(chart.title)}</title>` +
    `<desc id="${id}-desc">${escapeText(chart.description)}</desc>`
  );
}

export function inlineSvg(chart: Chart): string {
  return `${svgOpen(chart, '')}${chart.body}</svg>`;
}

/** A complete SVG document: namespace, white background (image viewers default to transparent). */
export function standaloneSvg(chart: Chart): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `${svgOpen(chart, ' xmlns="http://www.w3.org/2000/svg"')}` +
    `<rect width="${chart.width}" height="${chart.height}" fill="#ffffff"/>${chart.body}</svg>\n`
  );
}
