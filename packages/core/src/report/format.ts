/**
 * Number formatting for people. Fixed rules rather than the host locale, so the same data renders the
 * same report on every machine.
 */
import type { MaybeNumber } from './report-data.ts';

export const NOT_AVAILABLE = 'n/a';

function defined(value: MaybeNumber | undefined): value is number {
  return typeof value === 'number' && !Number.isNaN(value);
}

/** 1234567 -> "1,234,567". */
export function formatCount(value: MaybeNumber | undefined): string {
  if (!defined(value)) return NOT_AVAILABLE;
  const sign = value < 0 ? '-' : '';
  const [whole, fraction] = Math.abs(value).toString().split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** 0.99534 -> "99.53%". */
export function formatPercent(value: MaybeNumber | undefined, digits = 2): string {
  if (!defined(value)) return NOT_AVAILABLE;
  return `${(value * 100).toFixed(digits)}%`;
}

/** AUCs and other scores in [0, 1]. */
export function formatScore(value: MaybeNumber | undefined, digits = 4): string {
  if (!defined(value)) return NOT_AVAILABLE;
  return value.toFixed(digits);
}

/** Any JSON value in a table cell: numbers grouped, arrays joined, objects as compact JSON. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return NOT_AVAILABLE;
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return formatCount(value);
    return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : NOT_AVAILABLE;
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    return value.map((v) => formatValue(v)).join(', ');
  }
  return JSON.stringify(value);
}

/** Coordinates in SVG: two decimals are below a pixel's width and keep the markup small. */
export function coord(value: number): string {
  return String(Math.round(value * 100) / 100);
}
