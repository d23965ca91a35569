import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** Consecutive lines of a file, blank ones included so numbering stays simple. */
export interface LineBatch {
  /** 1-based number of `lines[0]`. */
  firstLine: number;
  /** Line texts without the line break (LF or CRLF) and, on line 1, without a BOM. */
  lines: string[];
  /** Numbers of lines cut at `maxLineChars`: only their start is kept. */
  truncated: number[];
}

export interface ReadLinesOptions {
  /** Bytes read at a time; a batch holds the lines of one chunk. */
  chunkBytes?: number;
  /** A longer line keeps only its start, so a file without line breaks cannot exhaust memory. */
  maxLineChars?: number;
}

export const DEFAULT_CHUNK_BYTES = 64 * 1024;
export const DEFAULT_MAX_LINE_CHARS = 1 << 16;

/**
 * Streams a text file as batches of lines in bounded memory: one chunk, its decoded text and at most
 * one partial line are held at a time. UTF-8 is decoded across chunk borders; bytes that are not
 * UTF-8 (the cp1252 dash of the original CIC-IDS2017 files) become U+FFFD, as any UTF-8 reader does.
 */
export async function* readLineBatches(
  path: string,
  options: ReadLinesOptions = {},
): AsyncGenerator<LineBatch> {
  const maxLineChars = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let skippingRest = false;
  let lineNumber = 1;
  let atStart = true;

  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? DEFAULT_CHUNK_BYTES });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let text = decoder.write(chunk);
    if (atStart && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      atStart = false;
    }
    const batch: LineBatch = { firstLine: lineNumber, lines: [], truncated: [] };
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      if (skippingRest) {
        skippingRest = false;
      } else {
        const line = pending + text.slice(from, nl);
        pending = '';
        push(batch, line.endsWith('\r') ? line.slice(0, -1) : line, lineNumber, maxLineChars);
        lineNumber++;
      }
      from = nl + 1;
    }
    if (!skippingRest) {
      pending += text.slice(from);
      if (pending.length > maxLineChars) {
        batch.lines.push(pending.slice(0, maxLineChars));
        batch.truncated.push(lineNumber);
        lineNumber++;
        pending = '';
        skippingRest = true;
      }
    }
    if (batch.lines.length > 0) yield batch;
  }
  const rest = pending + decoder.end();
  if (rest.length > 0 && !skippingRest) {
    const batch: LineBatch = { firstLine: lineNumber, lines: [], truncated: [] };
    push(batch, rest.endsWith('\r') ? rest.slice(0, -1) : rest, lineNumber, maxLineChars);
    yield batch;
  }
}

/**
 * A whole line that ended within the chunk it was finished in may still be over the limit (a chunk is
 * larger than the limit): it is cut the same way, so where chunks fall never changes what a line reads.
 */
function push(batch: LineBatch, line: string, lineNumber: number, maxLineChars: number): void {
  if (line.length > maxLineChars) {
    batch.lines.push(line.slice(0, maxLineChars));
    batch.truncated.push(lineNumber);
  } else {
    batch.lines.push(line);
  }
}
