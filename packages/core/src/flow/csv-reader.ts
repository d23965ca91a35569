import { isCaptureFile } from '../capture/capture-files.ts';
import { CIC2018_84_HEADER } from '../capture/csv-writer.ts';
import {
  type CaptureSummary,
  type MeterCaptureOptions,
  meterCapture,
  STDIN_PATH,
} from '../capture/meter-capture.ts';
import { PipelineError } from '../errors.ts';
import { isBlankSpan } from './cells.ts';
import { expandPaths } from './expand-paths.ts';
import { detectLayout, type HeaderLayout, type LayoutName } from './layouts.ts';
import { compileRowParser, type ParseResult, type RowRejectCode } from './parse-row.ts';
import { type ReadLinesOptions, readLineBatches } from './read-lines.ts';
import { sourceNames } from './source-names.ts';

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
  /** A packet capture: what the reader and the flow meter counted (its flows are the rows above). */
  capture?: CaptureSummary;
}

export type FlowReadEvent =
  | { kind: 'file'; path: string; layout: HeaderLayout }
  | {
      kind: 'rows';
      file: string;
      results: ParseResult[];
      /** Captures only: the capture time (epoch ms) each flow ended at, what a paced replay follows. */
      endedAtMs?: number[];
    }
  | { kind: 'end'; summary: FileSummary };

export interface ReadFlowOptions extends ReadLinesOptions {
  /** How packet captures among the paths are metered into flows (mode, label, signal). */
  capture?: MeterCaptureOptions;
}

/**
 * Streams flow files (directories expanded) in bounded memory: for each file a `file` event with its
 * layout, `rows` events carrying one parse result per data line (a chunk's worth at a time), then an
 * `end` event with the summary. A header without a required column throws MISSING_COLUMN before any
 * row of that file is yielded; a bad row is a rejection in the stream, never an exception. A packet
 * capture (pcap or pcapng, told by its first bytes, or `-` for standard input) is metered into flows
 * in the 84-column layout: the same events, its flows as the rows.
 */
export async function* readFlowFiles(
  paths: readonly string[],
  options: ReadFlowOptions = {},
): AsyncGenerator<FlowReadEvent> {
  const files = await expandPaths(paths);
  const names = sourceNames(files);
  for (const path of files) {
    yield* readFlowFile(path, names.get(path)!, options);
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

async function* readFlowFile(
  path: string,
  file: string,
  options: ReadFlowOptions,
): AsyncGenerator<FlowReadEvent> {
  if (path === STDIN_PATH || (await isCaptureFile(path))) {
    yield* readCaptureFile(path, file, options.capture);
    return;
  }
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

async function* readCaptureFile(
  path: string,
  file: string,
  options: MeterCaptureOptions = {},
): AsyncGenerator<FlowReadEvent> {
  const layout = captureLayout(file);
  yield { kind: 'file', path, layout };
  const summary = newSummary(layout.file, path, layout);
  for await (const event of meterCapture(path, { ...options, sourceName: file })) {
    if (event.kind === 'flows') {
      summary.rowsRead += event.results.length;
      summary.accepted += event.results.length;
      yield { kind: 'rows', file: event.file, results: event.results, endedAtMs: event.endedAtMs };
    } else {
      summary.capture = event.summary;
      summary.lines = event.summary.read.packets;
    }
  }
  yield { kind: 'end', summary };
}

/** The layout metered flows are in: the 84-column one, whatever the capture. */
function captureLayout(file: string): HeaderLayout {
  return detectLayout(CIC2018_84_HEADER, file);
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
