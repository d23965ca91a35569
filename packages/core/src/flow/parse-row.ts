import { isBlankSpan, parseDoubleSpan, parseLongSpan } from './cells.ts';
import { STAT_COLUMNS } from './columns.ts';
import { splitCsvLine } from './csv-line.ts';
import { blankFlowRecord, type FlowRecord, type SourceRef } from './flow-record.ts';
import type { HeaderLayout } from './layouts.ts';
import { writeStats } from './stat-access.ts';

/** Why a line did not become a record; each is also an ErrorCode, the reason on the dead-letter topic. */
export type RowRejectCode = 'HEADER_REPEAT' | 'BAD_FIELD_COUNT' | 'BAD_NUMBER' | 'MISSING_VALUE';

export interface RowAccepted {
  ok: true;
  record: FlowRecord;
}

export interface RowRejection {
  ok: false;
  code: RowRejectCode;
  /** Names the line, the column and the value. */
  message: string;
  source: SourceRef;
  /** The line as read, so nothing is lost. */
  text: string;
}

export type ParseResult = RowAccepted | RowRejection;

export interface RowParser {
  readonly layout: HeaderLayout;
  /** `lineNumber` is 1-based in the file (the header is line 1). Never throws. */
  parse(lineText: string, lineNumber: number): ParseResult;
}

const STAT_COUNT = STAT_COLUMNS.length;
const COMMA = ',';
/** Joins the cells of a quoted line for the span scanner; it cannot occur in CSV text. */
const UNIT_SEPARATOR = '\u001f';

/**
 * Compiles a parser for one layout: positions, kinds and column names are resolved once. A row is
 * read in one pass of `indexOf` over its separators into two offset arrays, and numbers are parsed
 * between offsets, so the only strings a row allocates are its identifiers and label.
 */
export function compileRowParser(layout: HeaderLayout): RowParser {
  const file = layout.file;
  const columnCount = layout.columnCount;
  const statPositions = Int32Array.from(STAT_COLUMNS, (c) => layout.index[c.field]);
  const statIsLong = Uint8Array.from(STAT_COLUMNS, (c) => (c.kind === 'long' ? 1 : 0));
  const at = layout.index;
  const headerFirstCell = layout.header[0]!.trim();
  // Reused by every row: parse is synchronous and keeps no offsets across calls.
  const starts = new Int32Array(columnCount);
  const ends = new Int32Array(columnCount);
  const values = new Float64Array(STAT_COUNT);

  const columnName = (position: number) => JSON.stringify(layout.header[position]!.trim());

  function reject(code: RowRejectCode, message: string, text: string, line: number): RowRejection {
    return { ok: false, code, message: `${file}:${line}: ${message}`, source: { file, line }, text };
  }

  function badCell(row: string, position: number, wanted: string, text: string, line: number): RowRejection {
    const start = starts[position]!;
    const end = ends[position]!;
    if (isBlankSpan(row, start, end)) {
      return reject('MISSING_VALUE', `column ${columnName(position)} is empty`, text, line);
    }
    const cell = JSON.stringify(row.slice(start, end));
    return reject('BAD_NUMBER', `column ${columnName(position)} holds ${cell}, not ${wanted}`, text, line);
  }

  /** Offsets of every cell into starts/ends; returns the number of cells (counting past the arrays). */
  function scan(row: string, separator: string): number {
    let count = 0;
    let from = 0;
    for (;;) {
      const found = row.indexOf(separator, from);
      const end = found === -1 ? row.length : found;
      if (count < columnCount) {
        starts[count] = from;
        ends[count] = end;
      }
      count++;
      if (found === -1) return count;
      from = found + 1;
    }
  }

  function isHeaderRepeat(row: string): boolean {
    let start = starts[0]!;
    let end = ends[0]!;
    while (start < end && row.charCodeAt(start) <= 32) start++;
    while (end > start && row.charCodeAt(end - 1) <= 32) end--;
    return end - start === headerFirstCell.length && row.startsWith(headerFirstCell, start);
  }

  function textCell(row: string, position: number): string | null {
    if (position === -1) return null;
    const value = row.slice(starts[position]!, ends[position]!).trim();
    return value.length === 0 ? null : value;
  }

  /** null for an absent column or an empty cell (identifiers are nullable), undefined for bad text. */
  function optionalLong(row: string, position: number): number | null | undefined {
    if (position === -1 || isBlankSpan(row, starts[position]!, ends[position]!)) return null;
    return parseLongSpan(row, starts[position]!, ends[position]!);
  }

  function parse(text: string, line: number): ParseResult {
    // CICFlowMeter never quotes; a re-saved file might quote a label. Such a line is split properly
    // and re-joined with a separator no cell can contain, then read like any other.
    const quoted = text.indexOf('"') !== -1;
    const row = quoted ? splitCsvLine(text).join(UNIT_SEPARATOR) : text;
    const count = scan(row, quoted ? UNIT_SEPARATOR : COMMA);

    if (isHeaderRepeat(row)) {
      return reject('HEADER_REPEAT', 'the header line repeated inside the file', text, line);
    }
    if (count !== columnCount) {
      return reject('BAD_FIELD_COUNT', `${count} fields where the header has ${columnCount}`, text, line);
    }

    const record = blankFlowRecord(`${file}:${line}`, { file, line });
    for (let i = 0; i < STAT_COUNT; i++) {
      const position = statPositions[i]!;
      const start = starts[position]!;
      const end = ends[position]!;
      const long = statIsLong[i] === 1;
      const value = long ? parseLongSpan(row, start, end) : parseDoubleSpan(row, start, end);
      // `+"  "` is 0, so a zero needs a second look to tell it from an empty cell.
      if (value === undefined || (value === 0 && isBlankSpan(row, start, end))) {
        return badCell(row, position, long ? 'a whole number' : 'a number', text, line);
      }
      values[i] = value;
    }
    writeStats(values, record);

    const srcPort = optionalLong(row, at.srcPort);
    if (srcPort === undefined) return badCell(row, at.srcPort, 'a whole number', text, line);
    const dstPort = optionalLong(row, at.dstPort);
    if (dstPort === undefined) return badCell(row, at.dstPort, 'a whole number', text, line);
    const protocol = optionalLong(row, at.protocol);
    if (protocol === undefined) return badCell(row, at.protocol, 'a whole number', text, line);

    record.flowId = textCell(row, at.flowId);
    if (record.flowId !== null) record.flowKey = record.flowId;
    record.srcIp = textCell(row, at.srcIp);
    record.srcPort = srcPort;
    record.dstIp = textCell(row, at.dstIp);
    record.dstPort = dstPort;
    record.protocol = protocol;
    record.timestamp = textCell(row, at.timestamp);
    // The label exactly as written (cleaning normalises it); only an empty cell becomes null.
    record.label =
      at.label === -1 || starts[at.label] === ends[at.label]
        ? null
        : row.slice(starts[at.label]!, ends[at.label]!);
    return { ok: true, record };
  }

  return { layout, parse };
}
