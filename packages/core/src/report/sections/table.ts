/** HTML tables from rows and column definitions; every text cell is escaped here. */
import { escapeText } from '../escape.ts';
import { formatValue } from '../format.ts';

/** Markup that is already safe (built from escaped parts), as opposed to text. */
export interface Html {
  html: string;
}

export type Cell = string | Html;

export interface Column<T> {
  header: string;
  cell: (row: T) => Cell;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
}

export interface TableOptions {
  caption?: string;
  className?: string;
  /** Rows rendered in <tfoot> (totals, averages), given as cells per column. */
  footer?: Cell[][];
}

export function html(markup: string): Html {
  return { html: markup };
}

function cellMarkup(cell: Cell): string {
  return typeof cell === 'string' ? escapeText(cell) : cell.html;
}

export function table<T>(
  columns: readonly Column<T>[],
  rows: readonly T[],
  options: TableOptions = {},
): string {
  const align = (c: Column<T>) => (c.numeric ? ' class="num"' : '');
  const head = columns.map((c) => `<th scope="col"${align(c)}>${escapeText(c.header)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${columns
          .map((c, i) =>
            i === 0
              ? `<th scope="row">${cellMarkup(c.cell(row))}</th>`
              : `<td${align(c)}>${cellMarkup(c.cell(row))}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('');
  const footer = (options.footer ?? [])
    .map(
      (cells) =>
        `<tr>${cells
          .map((cell, i) =>
            i === 0
              ? `<th scope="row">${cellMarkup(cell)}</th>`
              : `<td${align(columns[i]!)}>${cellMarkup(cell)}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('');
  const className = options.className === undefined ? '' : ` ${escapeText(options.className)}`;
  return (
    `<div class="table-wrap"><table class="data${className}">` +
    (options.caption === undefined ? '' : `<caption>${escapeText(options.caption)}</caption>`) +
    `<thead><tr>${head}</tr></thead><tbody>${body}</tbody>` +
    (footer === '' ? '' : `<tfoot>${footer}</tfoot>`) +
    '</table></div>'
  );
}

/** "rowsIn" -> "Rows in", "byReason" -> "By reason"; codes such as NEGATIVE_DURATION stay as they are. */
export function humanize(key: string): string {
  if (/^[A-Z0-9_]+$/.test(key) || /[\s./-]/.test(key)) return key;
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

type Flat = Map<string, unknown>;

/** Nested plain objects become dotted column paths; arrays and deeper objects stay whole. */
function flatten(value: unknown, prefix: string, into: Flat, depth: number): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < 2) {
    for (const [key, inner] of Object.entries(value))
      flatten(inner, prefix === '' ? key : `${prefix}.${key}`, into, depth + 1);
  } else {
    into.set(prefix === '' ? 'value' : prefix, value);
  }
}

/**
 * A table of any record of JSON values, one row per key: scalars give one value column, objects give one
 * column per (flattened) field, in first-seen order. Used for report parts whose exact shape belongs to
 * another module (the cleaning report's per-file and per-label breakdowns).
 */
export function recordTable(
  record: Record<string, unknown>,
  options: { keyHeader: string; valueHeader?: string; caption?: string },
): string {
  const rows = Object.entries(record).map(([key, value]) => {
    const flat: Flat = new Map();
    flatten(value, '', flat, 0);
    return { key, flat };
  });
  const paths: string[] = [];
  for (const row of rows) for (const path of row.flat.keys()) if (!paths.includes(path)) paths.push(path);
  const columns: Column<(typeof rows)[number]>[] = [
    { header: options.keyHeader, cell: (row) => row.key },
    ...paths.map((path) => ({
      header: path === 'value' ? (options.valueHeader ?? 'Value') : path.split('.').map(humanize).join(' › '),
      cell: (row: (typeof rows)[number]) => (row.flat.has(path) ? formatValue(row.flat.get(path)) : ''),
      numeric: rows.some((row) => typeof row.flat.get(path) === 'number'),
    })),
  ];
  return table(columns, rows, options.caption === undefined ? {} : { caption: options.caption });
}
