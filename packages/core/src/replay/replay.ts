import type { CaptureSummary, MeterCaptureOptions } from '../capture/meter-capture.ts';
import { readFlowFiles } from '../flow/csv-reader.ts';
import { expandPaths } from '../flow/expand-paths.ts';
import type { FlowRecord } from '../flow/flow-record.ts';
import type { RowRejection } from '../flow/parse-row.ts';
import { parseTimestamp } from '../flow/timestamp.ts';
import { orderFilesByTime } from './file-order.ts';
import { Pacer, type ReplaySpeed } from './pacer.ts';

export interface ReplayOptions {
  paths: readonly string[];
  speed: ReplaySpeed;
  /** Flows per second at most; null for no cap. */
  rate: number | null;
  /** Rows (records and rejects) to replay at most; null for all. */
  limit: number | null;
  /** Start over at the end of the files until the limit or the signal stops it. */
  loop: boolean;
  /** Most records handed to the sink at once. */
  batchSize: number;
  /**
   * Sink calls awaiting their acknowledgement while the replay reads on (default 8). Paced replays hand
   * over small batches every few milliseconds; waiting for each acknowledgement in turn would make the
   * acknowledgement's round trip, not the pacer, set the rate.
   */
  maxInFlight?: number;
  signal?: AbortSignal;
  onProgress?: (summary: ReplaySummary) => void;
  /** How captures among the paths are metered (mode, label, flow table size). */
  capture?: Omit<MeterCaptureOptions, 'signal'>;
}

/** Where replayed rows go: the producer sends records to flows.raw and rejects to flows.deadletter. */
export interface ReplaySink {
  send(records: FlowRecord[], rejects: RowRejection[]): Promise<void>;
}

export interface ReplaySummary {
  files: string[];
  rowsRead: number;
  produced: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  outOfOrder: number;
  passes: number;
  /** Per capture metered: packets read and skipped by reason, flows ended by reason. */
  captures: CaptureSummary[];
  elapsedMs: number;
  /** Rows per second over the whole replay. */
  rate: number;
}

/**
 * Replays day files as a flow stream: files in time order, rows in file order, paced by the capture's
 * timestamps or a rate, handed to the sink in batches. A line that does not parse is handed over as a
 * reject (for the dead-letter topic) and the replay goes on.
 */
export async function replayFiles(options: ReplayOptions, sink: ReplaySink): Promise<ReplaySummary> {
  const files = await orderFilesByTime(await expandPaths(options.paths));
  const pacer = new Pacer(options.speed, options.rate);
  const started = performance.now();
  const summary: ReplaySummary = {
    files,
    rowsRead: 0,
    produced: 0,
    rejected: 0,
    rejectedByReason: {},
    outOfOrder: 0,
    passes: 0,
    captures: [],
    elapsedMs: 0,
    rate: 0,
  };
  let records: FlowRecord[] = [];
  let rejects: RowRejection[] = [];
  const maxInFlight = Math.max(1, options.maxInFlight ?? 8);
  // Oldest first; a failed send rejects its promise, which the next flush or the end awaits and throws.
  const inFlight: Promise<void>[] = [];
  // The first send that failed, noticed at the next flush rather than when its turn in line comes.
  let failure: { error: unknown } | undefined;

  const flush = async () => {
    if (failure !== undefined) throw failure.error;
    if (records.length === 0 && rejects.length === 0) return;
    const sending = { records, rejects };
    records = [];
    rejects = [];
    while (inFlight.length >= maxInFlight) await inFlight.shift();
    const sent = sink.send(sending.records, sending.rejects).then(() => acknowledged(sending));
    // Awaited later, in order; until then a rejection must not count as unhandled.
    sent.catch((error: unknown) => {
      failure ??= { error };
    });
    inFlight.push(sent);
  };

  const acknowledged = (sending: { records: FlowRecord[]; rejects: RowRejection[] }) => {
    summary.produced += sending.records.length;
    summary.rejected += sending.rejects.length;
    for (const reject of sending.rejects) {
      summary.rejectedByReason[reject.code] = (summary.rejectedByReason[reject.code] ?? 0) + 1;
    }
    summary.elapsedMs = performance.now() - started;
    summary.rate = (summary.produced + summary.rejected) / Math.max(summary.elapsedMs / 1000, 1e-9);
    summary.outOfOrder = pacer.outOfOrderCount;
    options.onProgress?.(summary);
  };

  const limitReached = () => options.limit !== null && summary.rowsRead >= options.limit;
  const done = () => options.signal?.aborted === true || limitReached();
  // A capture stops itself on the signal and hands over its open flows first (SIGTERM flushes them),
  // so its rows are not cut off by the signal, only by the limit.
  const readOptions = { capture: { signal: options.signal, ...options.capture } };

  do {
    summary.passes++;
    const readBefore = summary.rowsRead;
    for await (const event of readFlowFiles(files, readOptions)) {
      if (event.kind === 'end' && event.summary.capture !== undefined)
        summary.captures.push(event.summary.capture);
      if (event.kind !== 'rows') continue;
      const endedAt = event.endedAtMs;
      const stop = endedAt === undefined ? done : limitReached;
      for (let i = 0; i < event.results.length; i++) {
        const result = event.results[i]!;
        if (stop()) break;
        summary.rowsRead++;
        // A capture is paced by its packets' clock: a flow goes out when the packet that ended it came.
        let flowTime: number | null = endedAt === undefined ? null : endedAt[i]!;
        if (endedAt === undefined && result.ok && result.record.timestamp !== null) {
          const time = parseTimestamp(result.record.timestamp);
          if (time.ok) flowTime = time.epochMs;
        }
        const wait = pacer.next(flowTime);
        if (wait > 0) {
          await flush();
          await pacer.sleep(wait);
        }
        if (result.ok) records.push(result.record);
        else rejects.push(result);
        if (records.length + rejects.length >= options.batchSize) await flush();
      }
      // A capture's batch is the flows that ended in one read: sent at once, so a live capture's flows
      // go out when they end rather than when 2,000 have gathered.
      if (endedAt !== undefined) await flush();
      if (stop()) break;
    }
    // Files without a single row would make --loop spin forever.
    if (summary.rowsRead === readBefore) break;
  } while (options.loop && !done());
  await flush();
  while (inFlight.length > 0) await inFlight.shift();
  summary.elapsedMs = performance.now() - started;
  summary.rate = summary.rowsRead / Math.max(summary.elapsedMs / 1000, 1e-9);
  return summary;
}
