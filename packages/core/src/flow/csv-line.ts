/**
 * Splits one CSV line into cells. CICFlowMeter never quotes, so the common case is a plain split;
 * files re-saved by spreadsheets or pandas may quote a cell (a label with a comma), which takes the
 * slower RFC 4180 path. Quotes are only understood within one line: CIC data has no multi-line cells.
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
