/**
 * Colours. Series use the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies)
 * and, past the first, a dash pattern too, so curves stay apart in greyscale print.
 */

const SERIES_COLORS = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#F0E442',
];
const SERIES_DASHES = ['', '6 3', '2 3', '8 3 2 3', '4 4', '1 2', '10 4', '3 6'];

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length]!;
}

export function seriesDash(index: number): string {
  return SERIES_DASHES[index % SERIES_DASHES.length]!;
}

/** Sequential white-to-blue scale for shares in [0, 1]; a square root spreads the small shares apart. */
const LOW = [247, 251, 255];
const HIGH = [8, 48, 107];

export function heatColor(share: number): string {
  const t = Math.sqrt(Math.min(1, Math.max(0, share)));
  const channel = (i: number) => Math.round(LOW[i]! + (HIGH[i]! - LOW[i]!) * t);
  const hex = (v: number) => v.toString(16).padStart(2, '0');
  return `#${hex(channel(0))}${hex(channel(1))}${hex(channel(2))}`;
}

/** Text on a heat-map cell: white on the dark end, dark on the light end. */
export function heatTextColor(share: number): string {
  return Math.sqrt(Math.min(1, Math.max(0, share))) > 0.55 ? '#ffffff' : '#1f2933';
}

export const BAR_COLOR = '#0072B2';
