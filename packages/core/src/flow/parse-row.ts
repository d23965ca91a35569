import { explainBadNumber, isBlankSpan, parseDoubleSpan, parseLongSpan } from './cells.ts';
import { ALL_COLUMNS, STAT_COLUMNS } from './columns.ts';
import { splitQuotedRow } from './csv-line.ts';
import { blankFlowRecord, type FlowRecord, type SourceRef } from './flow-record.ts';
import type { HeaderLayout } from './layouts.ts';
import { writeStats } from './stat-access.ts';
import { flowIdFault, isIpSpan, labelFault, textFault } from './text-cells.ts';
import { parseTimestamp } from './timestamp.ts';

/**
 * Why a line did not become a record; each is also an ErrorCode, the reason on the dead-letter topic.
 * The table in `clean/README.md` says which text gets which code.
 */
export type RowRejectCode =
  | 'HEADER_REPEAT'
  | 'LINE_TOO_LONG'
  | 'BAD_QUOTING'
  | 'BAD_FIELD_COUNT'
  | 'MISSING_VALUE'
  | 'BAD_NUMBER'
  | 'BAD_ADDRESS'
  | 'BAD_TIMESTAMP'
  | 'BAD_TEXT';

const CODES_IN_ORDER: Record<RowRejectCode, number> = {
  HEADER_REPEAT: 0,
  LINE_TOO_LONG: 1,
  BAD_QUOTING: 2,
  BAD_FIELD_COUNT: 3,
  MISSING_VALUE: 4,
  BAD_NUMBER: 5,
  BAD_ADDRESS: 6,
  BAD_TIMESTAMP: 7,
  BAD_TEXT: 8,
};

/** Every rejection code, in the order of the README's table. */
export const ROW_REJECT_CODES = Object.keys(CODES_IN_ORDER) as readonly RowRejectCode[];

export interface RowAccepted {
  ok: true;
  record: FlowRecord;
}

export interface RowRejection {
  ok: false;
  code: RowRejectCode;
  /** Names the line, the column and the value. */
  message: string;
  /**
   * The header name (trimmed) of the column at fault, or `field <n>` past the header's columns; null
   * for a fault of the whole line (its field count, its length, a repeated header).
   */
  column: string | null;
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
/** Joins the cells of a quoted line for the span scanner; a control character, refused in every cell. */
const UNIT_SEPARATOR = '\u001f';
const KIND_OF_FIELD: ReadonlyMap<string, string> = new Map(ALL_COLUMNS.map((c) => [c.field, c.kind]));

/**
 * Compiles a parser for one layout: positions, kinds and column names are resolved once. A row is
 * read in one pass of `indexOf` over its separators into two offset arrays, and every cell is checked
 * between offsets (numbers, addresses, the timestamp, the label), so the only strings a row allocates
 * are its identifiers and label. The first cell that breaks its column's rule rejects the row, with a
 * code and a message naming the column and the text.
 */
export function compileRowParser(layout: HeaderLayout): RowParser {
  const file = layout.file;
  const columnCount = layout.columnCount;
  const statPositions = Int32Array.from(STAT_COLUMNS, (c) => layout.index[c.field]);
  const statIsLong = Uint8Array.from(STAT_COLUMNS, (c) => (c.kind === 'long' ? 1 : 0));
  // A second column for a field (CIC-IDS2017's Fwd Header Length.1) must be a number of that kind too.
  const duplicatePositions = Int32Array.from(layout.duplicateColumns, (d) => d.index);
  const duplicateIsLong = Uint8Array.from(layout.duplicateColumns, (d) =>
    KIND_OF_FIELD.get(d.field) === 'long' ? 1 : 0,
  );
  const duplicateIsNumber = Uint8Array.from(layout.duplicateColumns, (d) =>
    KIND_OF_FIELD.get(d.field) === 'string' ? 0 : 1,
  );
  const unknownPositions = Int32Array.from(layout.unknownColumns, (u) => u.index);
  const at = layout.index;
  const headerFirstCell = layout.header[0]!.trim();
  // Reused by every row: parse is synchronous and keeps no offsets across calls.
  const starts = new Int32Array(columnCount);
  const ends = new Int32Array(columnCount);
  const values = new Float64Array(STAT_COUNT);

  const names = layout.header.map((name) => name.trim());
  const columnOf = (position: number) =>
    position < columnCount ? names[position]! : `field ${position + 1}`;

  function reject(
    code: RowRejectCode,
    column: string | null,
    message: string,
    text: string,
    line: number,
  ): RowRejection {
    return { ok: false, code, message: `${file}:${line}: ${message}`, column, source: { file, line }, text };
  }

  /** A cell that broke its rule: MISSING_VALUE when blank, else `code` with the cell and `why`. */
  function badCell(
    row: string,
    position: number,
    code: RowRejectCode,
    why: string,
    text: string,
    line: number,
  ): RowRejection {
    const start = starts[position]!;
    const end = ends[position]!;
    const column = columnOf(position);
    if (isBlankSpan(row, start, end)) {
      return reject('MISSING_VALUE', column, `column ${JSON.stringify(column)} is empty`, text, line);
    }
    const cell = JSON.stringify(row.slice(start, end));
    return reject(code, column, `column ${JSON.stringify(column)} holds ${cell}, ${why}`, text, line);
  }

  function badNumber(row: string, position: number, long: boolean, text: string, line: number): RowRejection {
    const cell = row.slice(starts[position]!, ends[position]!);
    return badCell(row, position, 'BAD_NUMBER', explainBadNumber(cell, long ? 'long' : 'double'), text, line);
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

  /** A port or protocol cell: a whole number in 0..max; undefined when it is not. */
  function identifierNumber(row: string, position: number, max: number): number | undefined {
    const value = parseLongSpan(row, starts[position]!, ends[position]!);
    return value === undefined || value < 0 || value > max ? undefined : value;
  }

  function parse(text: string, line: number): ParseResult {
    // CICFlowMeter never quotes; a re-saved file might quote a label. Such a line is split strictly and
    // re-joined with a separator no accepted cell can contain, then read like any other.
    let row = text;
    let separator = COMMA;
    if (text.indexOf('"') !== -1) {
      const split = splitQuotedRow(text);
      if (!Array.isArray(split)) {
        const column = columnOf(split.cell);
        return reject(
          'BAD_QUOTING',
          column,
          `column ${JSON.stringify(column)} has ${split.problem}`,
          text,
          line,
        );
      }
      row = split.join(UNIT_SEPARATOR);
      separator = UNIT_SEPARATOR;
    }
    const count = scan(row, separator);

    if (isHeaderRepeat(row)) {
      return reject('HEADER_REPEAT', null, 'the header line repeated inside the file', text, line);
    }
    if (count !== columnCount) {
      return reject(
        'BAD_FIELD_COUNT',
        null,
        `${count} field${count === 1 ? '' : 's'} where the header has ${columnCount}`,
        text,
        line,
      );
    }

    const record = blankFlowRecord(`${file}:${line}`, { file, line });
    for (let i = 0; i < STAT_COUNT; i++) {
      const position = statPositions[i]!;
      const long = statIsLong[i] === 1;
      const start = starts[position]!;
      const end = ends[position]!;
      const value = long ? parseLongSpan(row, start, end) : parseDoubleSpan(row, start, end);
      if (value === undefined) return badNumber(row, position, long, text, line);
      values[i] = value;
    }
    writeStats(values, record);

    for (let i = 0; i < duplicatePositions.length; i++) {
      const position = duplicatePositions[i]!;
      const long = duplicateIsLong[i] === 1;
      const start = starts[position]!;
      const end = ends[position]!;
      if (duplicateIsNumber[i] === 0) {
        const fault = textFault(row, start, end);
        if (fault !== null) return badCell(row, position, 'BAD_TEXT', `with ${fault}`, text, line);
      } else if ((long ? parseLongSpan(row, start, end) : parseDoubleSpan(row, start, end)) === undefined) {
        return badNumber(row, position, long, text, line);
      }
    }

    if (at.srcPort !== -1) {
      const port = identifierNumber(row, at.srcPort, 65_535);
      if (port === undefined)
        return badCell(row, at.srcPort, 'BAD_NUMBER', 'not a port (0 to 65535)', text, line);
      record.srcPort = port;
    }
    if (at.dstPort !== -1) {
      const port = identifierNumber(row, at.dstPort, 65_535);
      if (port === undefined)
        return badCell(row, at.dstPort, 'BAD_NUMBER', 'not a port (0 to 65535)', text, line);
      record.dstPort = port;
    }
    if (at.protocol !== -1) {
      const protocol = identifierNumber(row, at.protocol, 255);
      if (protocol === undefined) {
        return badCell(row, at.protocol, 'BAD_NUMBER', 'not an IP protocol number (0 to 255)', text, line);
      }
      record.protocol = protocol;
    }

    if (at.flowId !== -1) {
      const start = starts[at.flowId]!;
      const end = ends[at.flowId]!;
      const fault = start === end ? null : flowIdFault(row, start, end);
      if (start === end || fault !== null) {
        return badCell(row, at.flowId, 'BAD_ADDRESS', fault ?? '', text, line);
      }
      record.flowId = row.slice(start, end);
      record.flowKey = record.flowId;
    }
    if (at.srcIp !== -1) {
      if (!isIpSpan(row, starts[at.srcIp]!, ends[at.srcIp]!)) {
        return badCell(row, at.srcIp, 'BAD_ADDRESS', 'not an IP address', text, line);
      }
      record.srcIp = row.slice(starts[at.srcIp]!, ends[at.srcIp]!);
    }
    if (at.dstIp !== -1) {
      if (!isIpSpan(row, starts[at.dstIp]!, ends[at.dstIp]!)) {
        return badCell(row, at.dstIp, 'BAD_ADDRESS', 'not an IP address', text, line);
      }
      record.dstIp = row.slice(starts[at.dstIp]!, ends[at.dstIp]!);
    }

    if (at.timestamp !== -1) {
      const timestamp = row.slice(starts[at.timestamp]!, ends[at.timestamp]!);
      const time = parseTimestamp(timestamp);
      if (!time.ok) {
        return badCell(row, at.timestamp, 'BAD_TIMESTAMP', `not a timestamp (${time.problem})`, text, line);
      }
      record.timestamp = timestamp;
    }

    if (at.label !== -1) {
      // The label exactly as written (cleaning normalises it); an empty cell is a missing value.
      const start = starts[at.label]!;
      const end = ends[at.label]!;
      if (isBlankSpan(row, start, end)) return badCell(row, at.label, 'MISSING_VALUE', '', text, line);
      const fault = labelFault(row, start, end);
      if (fault !== null) return badCell(row, at.label, 'BAD_TEXT', `with ${fault}`, text, line);
      record.label = row.slice(start, end);
    }

    for (let i = 0; i < unknownPositions.length; i++) {
      const position = unknownPositions[i]!;
      const fault = textFault(row, starts[position]!, ends[position]!);
      if (fault !== null) return badCell(row, position, 'BAD_TEXT', `with ${fault}`, text, line);
    }
    return { ok: true, record };
  }

  return { layout, parse };
}
