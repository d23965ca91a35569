import { basename } from 'node:path';
import { PipelineError } from '../errors.ts';
import { isBlankSpan } from './cells.ts';
import { expandPaths } from './expand-paths.ts';
import { detectLayout, type HeaderLayout, type LayoutName } from './layouts.ts';
import { compileRowParser, type ParseResult, type RowRejectCode } from './parse-row.ts';
import { type ReadLinesOptions, readLineBatches } from './read-lines.ts';

/** What reading one file found. JSON-serialisable; it feeds the cleaning report. */
export interface FileSummary {
  file: string;
  path: string;
  layout: LayoutName;
  columnCount: number;
  unknownColumns: string[];
  duplicateColumns: string[];
  /** Every line, header and blank lines included. */
  lines: number;
  blankLines: number;
  /** Data lines: accepted + rejected (the first header line and blank lines are not rows). */
  rowsRead: number;
  accepted: number;
  rejected: number;
  rejections: Partial<Record<RowRejectCode, number>>;
}

export type FlowReadEvent =
  | { kind: 'file'; path: string; layout: HeaderLayout }
  | { kind: 'rows'; file: string; results: ParseResult[] }
  | { kind: 'end'; summary: FileSummary };

export type ReadFlowOptions = ReadLinesOptions;

/**
 * Streams flow files (directories expanded) in bounded memory: for each file a `file` event with its
 * layout, `rows` events carrying one parse result per data line (a chunk's worth at a time), then an
 * `end` event with the summary. A header without a required column throws MISSING_COLUMN before any
 * row of that file is yielded; a bad row is a rejection in the stream, never an exception.
 */
export async function* readFlowFiles(
  paths: readonly string[],
  options: ReadFlowOptions = {},
): AsyncGenerator<FlowReadEvent> {
  for (const path of await expandPaths(paths)) {
    yield* readFlowFile(path, options);
  }
}

/** Every parse result of the files, one at a time: the simple loop when events are not needed. */
export async function* readFlowRows(
  paths: readonly string[],
  options: ReadFlowOptions = {},
): AsyncGenerator<ParseResult> {
  for await (const event of readFlowFiles(paths, options)) {
    if (event.kind === 'rows') yield* event.results;
  }
}

async function* readFlowFile(path: string, options: ReadFlowOptions): AsyncGenerator<FlowReadEvent> {
  const file = basename(path);
  let parser: ReturnType<typeof compileRowParser> | undefined;
  let summary: FileSummary | undefined;
  let lines = 0;
  let blankLines = 0;

  for await (const batch of readLineBatches(path, options)) {
    const results: ParseResult[] = [];
    const truncated = batch.truncated.length === 0 ? undefined : new Set(batch.truncated);
    for (let i = 0; i < batch.lines.length; i++) {
      const text = batch.lines[i]!;
      const lineNumber = batch.firstLine + i;
      lines++;
      if (isBlankLine(text)) {
        blankLines++;
        continue;
      }
      if (parser === undefined) {
        const layout = detectLayout(text, file);
        parser = compileRowParser(layout);
        summary = newSummary(file, path, layout);
        yield { kind: 'file', path, layout };
        continue;
      }
      const result = truncated?.has(lineNumber)
        ? {
            ok: false as const,
            code: 'LINE_TOO_LONG' as const,
            message: `${file}:${lineNumber}: line longer than ${text.length} characters, not a flow row (its start is kept)`,
            column: null,
            source: { file, line: lineNumber },
            text,
          }
        : parser.parse(text, lineNumber);
      summary!.rowsRead++;
      if (result.ok) {
        summary!.accepted++;
      } else {
        summary!.rejected++;
        summary!.rejections[result.code] = (summary!.rejections[result.code] ?? 0) + 1;
      }
      results.push(result);
    }
    if (results.length > 0) yield { kind: 'rows', file, results };
  }

  if (summary === undefined) {
    throw new PipelineError('MISSING_COLUMN', `${file}: the file is empty, it has no header line`, {
      details: { file, path },
    });
  }
  summary.lines = lines;
  summary.blankLines = blankLines;
  yield { kind: 'end', summary };
}

/** Empty, or spaces and tabs only; a line of other control characters is a (malformed) row. */
function isBlankLine(text: string): boolean {
  return isBlankSpan(text, 0, text.length);
}

function newSummary(file: string, path: string, layout: HeaderLayout): FileSummary {
  return {
    file,
    path,
    layout: layout.name,
    columnCount: layout.columnCount,
    unknownColumns: layout.unknownColumns.map((c) => c.name.trim()),
    duplicateColumns: layout.duplicateColumns.map((c) => c.name.trim()),
    lines: 0,
    blankLines: 0,
    rowsRead: 0,
    accepted: 0,
    rejected: 0,
    rejections: {},
  };
}
