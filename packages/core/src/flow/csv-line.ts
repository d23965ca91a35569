/**
 * Splits one CSV line into cells. CICFlowMeter never quotes, so the common case is a plain split;
 * files re-saved by spreadsheets or pandas may quote a cell (a label with a comma), which takes the
 * slower RFC 4180 path. Quotes are only understood within one line: CIC data has no multi-line cells.
 * Lenient (for header lines): a quote in the middle of a cell toggles quoting, an unclosed quote runs to
 * the end of the line. Data rows go through `splitQuotedRow`, which refuses both.
 */
export function splitCsvLine(line: string): string[] {
  if (line.indexOf('"') === -1) return line.split(',');
  return splitQuoted(line);
}

function splitQuoted(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else {
      cell += ch;
    }
  }
  cells.push(cell);
  return cells;
}

/** Where a row's quoting breaks RFC 4180: the 0-based cell and what is wrong there. */
export interface QuoteFault {
  cell: number;
  problem: string;
}

const QUOTE = 34;
const COMMA = 44;

/**
 * A data row with quotes, split strictly by RFC 4180 within the line: a quoted cell opens with `"` as
 * its first character and closes with a `"` followed by a comma or the end of the line; `""` inside it
 * is one quote. A quote anywhere else in a cell, text after a closing quote or a quote left open at the
 * end of the line is a fault, named by the cell it is in.
 */
export function splitQuotedRow(line: string): string[] | QuoteFault {
  const cells: string[] = [];
  let from = 0;
  // The next quote at or after `from`, found again only once passed: one scan over a long line.
  let quote = line.indexOf('"');
  for (;;) {
    const index = cells.length;
    if (line.charCodeAt(from) === QUOTE) {
      let cell = '';
      let i = from + 1;
      for (;;) {
        const close = line.indexOf('"', i);
        if (close === -1) return { cell: index, problem: 'a quote that is never closed' };
        cell += line.slice(i, close);
        if (line.charCodeAt(close + 1) === QUOTE) {
          cell += '"';
          i = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      cells.push(cell);
      quote = line.indexOf('"', i);
      if (i === line.length) return cells;
      if (line.charCodeAt(i) !== COMMA) return { cell: index, problem: 'text after its closing quote' };
      from = i + 1;
    } else {
      const comma = line.indexOf(',', from);
      const end = comma === -1 ? line.length : comma;
      if (quote !== -1 && quote < end) return { cell: index, problem: 'a quote inside an unquoted cell' };
      cells.push(line.slice(from, end));
      if (comma === -1) return cells;
      from = comma + 1;
    }
  }
}
