import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import type { FlowRecord } from '../flow/flow-record.ts';
import type { RowAccepted } from '../flow/parse-row.ts';
import { createFlowMeter, type FlowMeterStats, type MeterMode } from './meter/index.ts';
import type { CaptureReadStats, DecodedPacket } from './packet.ts';
import { CaptureReader } from './pcap/index.ts';

/** `-` as a path: the capture arrives on standard input (`tcpdump -w - | netattack ...`). */
export const STDIN_PATH = '-';

export interface MeterCaptureOptions {
  mode?: MeterMode;
  /** The Label every flow of this capture gets (`--label`); null leaves flows unlabelled. */
  label?: string | null;
  maxFlows?: number;
  /** The zone the Timestamp text is written in (IANA name; default America/Moncton, as the dataset). */
  timeZone?: string;
  /** CICFlowMeter's flow timeout, counted from a flow's first packet (default 120 s). */
  flowTimeoutMicros?: number;
  /**
   * Live capture: a wall clock moves the meter's clock on while no packet arrives, so a flow that
   * timed out is emitted without waiting for the next packet. On by default for standard input.
   */
  live?: boolean;
  /** How often the live clock ticks (default 1 s). */
  tickMs?: number;
  /** Bytes read at a time from a file. */
  chunkBytes?: number;
  /** Flows held before the consumer is handed a batch. */
  batchFlows?: number;
  /** Stops reading; the open flows are ended and handed over before the generator returns. */
  signal?: AbortSignal;
  /** A corrupt or truncated record that ended the capture early, with its byte offset. */
  onWarning?: (message: string) => void;
  /** What the records are named after (`<name>:<n>`); the file's base name by default. */
  sourceName?: string;
  /** Standard input by default for `-`; tests pass a stream of their own. */
  stdin?: Readable;
}

/** What metering one capture found: the reader's packet counts beside the meter's flow counts. */
export interface CaptureSummary {
  file: string;
  read: CaptureReadStats;
  meter: FlowMeterStats;
}

export type CaptureEvent =
  | {
      kind: 'flows';
      file: string;
      results: RowAccepted[];
      /** Capture time (epoch ms) at which each flow ended: what a paced replay waits for. */
      endedAtMs: number[];
    }
  | { kind: 'end'; summary: CaptureSummary };

const DEFAULT_CHUNK_BYTES = 1 << 20;
const DEFAULT_BATCH_FLOWS = 2000;

/**
 * Meters one capture (a pcap or pcapng file, or `-`) into canonical flow records, streaming: chunks
 * go through the reader into the meter, and the flows it ends are handed over in batches with the
 * capture time they ended at. Memory is bounded by the meter's flow table and one chunk; the stream
 * is paused while a batch waits for its consumer.
 */
export async function* meterCapture(
  path: string,
  options: MeterCaptureOptions = {},
): AsyncGenerator<CaptureEvent> {
  const file = options.sourceName ?? (path === STDIN_PATH ? 'stdin' : basename(path));
  const live = options.live ?? path === STDIN_PATH;
  const batchFlows = options.batchFlows ?? DEFAULT_BATCH_FLOWS;
  let results: RowAccepted[] = [];
  let endedAtMs: number[] = [];
  // The capture's clock: the newest packet's time, and when (wall clock) it arrived.
  let packetClockMicros = Number.NaN;
  let packetArrivedAt = 0;

  const meter = createFlowMeter({
    mode: options.mode ?? 'cic',
    label: options.label ?? null,
    maxFlows: options.maxFlows,
    flowTimeoutMicros: options.flowTimeoutMicros,
    timeZone: options.timeZone,
    sourceName: file,
    onFlow: (record: FlowRecord) => {
      results.push({ ok: true, record });
      endedAtMs.push(Number.isNaN(packetClockMicros) ? Date.now() : packetClockMicros / 1000);
    },
  });
  const reader = new CaptureReader(
    file,
    (packet: DecodedPacket) => {
      if (!(packet.tsMicros <= packetClockMicros)) packetClockMicros = packet.tsMicros;
      meter.add(packet);
    },
    { onWarning: options.onWarning },
  );

  const stream: Readable =
    path === STDIN_PATH
      ? (options.stdin ?? process.stdin)
      : createReadStream(path, { highWaterMark: options.chunkBytes ?? DEFAULT_CHUNK_BYTES });

  // A small hand-rolled queue, because three things wake the consumer: data, the live clock, the end.
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  stream.on('data', (chunk: Buffer) => {
    packetArrivedAt = Date.now();
    try {
      reader.push(chunk);
    } catch (error) {
      failure = error as Error;
      stream.destroy();
      notify();
      return;
    }
    if (results.length >= batchFlows) stream.pause();
    if (results.length > 0) notify();
  });
  stream.once('end', () => {
    ended = true;
    notify();
  });
  stream.once('error', (error) => {
    failure = error;
    notify();
  });
  const onAbort = () => {
    ended = true;
    stream.pause();
    notify();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const ticker = live
    ? setInterval(() => {
        if (Number.isNaN(packetClockMicros)) return;
        const now = packetClockMicros + (Date.now() - packetArrivedAt) * 1000;
        meter.advance(now);
        if (results.length > 0) notify();
      }, options.tickMs ?? 1000)
    : undefined;

  const take = (): CaptureEvent => {
    const event: CaptureEvent = { kind: 'flows', file, results, endedAtMs };
    results = [];
    endedAtMs = [];
    return event;
  };

  try {
    if (options.signal?.aborted) onAbort();
    while (!ended && failure === undefined) {
      if (results.length === 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        continue;
      }
      yield take();
      if (stream.isPaused() && !ended) stream.resume();
    }
    if (failure !== undefined) throw failure;
    const read = reader.end();
    // End of file or SIGTERM: every open flow ends now, as CICFlowMeter does at the end of a file.
    meter.flush();
    if (results.length > 0) yield take();
    yield { kind: 'end', summary: { file, read, meter: meter.stats() } };
  } finally {
    if (ticker !== undefined) clearInterval(ticker);
    options.signal?.removeEventListener('abort', onAbort);
    if (path !== STDIN_PATH) stream.destroy();
    else stream.pause();
  }
}
