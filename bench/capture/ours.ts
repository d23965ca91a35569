/**
 * Our side, stage by stage, on one file, in this process and on this thread: the bare read of the
 * bytes (the floor), the reader alone, the reader and the meter, and the product's streaming path
 * (`meterCapture`: the same two, batched into an async generator as `netattack capture` uses them).
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import {
  CaptureReader,
  createFlowMeter,
  type DecodedPacket,
  type MeterMode,
  meterCapture,
} from '@netattack/core/capture';
import type { FlowRecord } from '@netattack/core/flow';

export const STAGES = ['fs', 'reader', 'meter', 'meter-capture'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, string> = {
  fs: 'fs stream of the bytes, no decoding (floor)',
  reader: 'reader alone (pcap decode, no meter)',
  meter: 'reader + meter',
  'meter-capture': 'meterCapture (reader + meter, batched generator)',
};

/** The chunk size meterCapture reads with (its default). */
export const CHUNK_BYTES = 1 << 20;

export interface StageCounts {
  bytes: number;
  /** Records read (fs: none). */
  packets: number;
  /** Packets handed to the meter. */
  decoded: number;
  flows: number;
}

export async function readBytes(path: string): Promise<StageCounts> {
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    bytes += (chunk as Buffer).length;
  }
  return { bytes, packets: 0, decoded: 0, flows: 0 };
}

export async function readPackets(path: string): Promise<StageCounts> {
  let bytes = 0;
  let decoded = 0;
  const reader = new CaptureReader(basename(path), () => {
    decoded++;
  });
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    bytes += (chunk as Buffer).length;
    reader.push(chunk as Buffer);
  }
  const read = reader.end();
  if (decoded !== read.decoded)
    throw new Error(`reader: ${decoded} packets handed over, ${read.decoded} counted`);
  return { bytes, packets: read.packets, decoded, flows: 0 };
}

/** Memory while the meter runs, taken between chunks (never per packet: it costs nothing measurable). */
export interface MemorySample {
  packets: number;
  rssMiB: number;
  heapUsedMiB: number;
  flowsOpen: number;
}

/** Chunks between two memory samples: 32 a GiB at the 1 MiB chunk size. */
const SAMPLE_EVERY_CHUNKS = 32;

export interface MeterCounts extends StageCounts {
  /** One-packet flows the meter ended and did not write (`cic` mode, as CICFlowMeter). */
  droppedSinglePacket: number;
  memory: MemorySample[];
}

export async function meterFile(
  path: string,
  mode: MeterMode = 'cic',
  onFlow?: (record: FlowRecord, startMicros: number) => void,
): Promise<MeterCounts> {
  let bytes = 0;
  let flows = 0;
  let packets = 0;
  const meter = createFlowMeter({
    mode,
    sourceName: basename(path),
    label: null,
    onFlow: (record, startMicros) => {
      flows++;
      onFlow?.(record, startMicros);
    },
  });
  const reader = new CaptureReader(basename(path), (p: DecodedPacket) => {
    packets++;
    meter.add(p);
  });
  const memory: MemorySample[] = [];
  let chunks = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    bytes += (chunk as Buffer).length;
    reader.push(chunk as Buffer);
    if (++chunks % SAMPLE_EVERY_CHUNKS === 0) {
      const m = process.memoryUsage();
      memory.push({
        packets,
        rssMiB: Math.round(m.rss / 2 ** 20),
        heapUsedMiB: Math.round(m.heapUsed / 2 ** 20),
        flowsOpen: meter.stats().flowsOpen,
      });
    }
  }
  const read = reader.end();
  meter.flush();
  const { droppedSinglePacket } = meter.stats();
  return { bytes, packets: read.packets, decoded: read.decoded, flows, droppedSinglePacket, memory };
}

export async function meterCaptureFile(path: string, mode: MeterMode = 'cic'): Promise<StageCounts> {
  let flows = 0;
  for await (const event of meterCapture(path, { mode })) {
    if (event.kind === 'flows') {
      flows += event.results.length;
    } else {
      const { read } = event.summary;
      return { bytes: 0, packets: read.packets, decoded: read.decoded, flows };
    }
  }
  throw new Error('meterCapture ended without a summary');
}

export function runStage(
  stage: Stage,
  path: string,
  mode: MeterMode = 'cic',
): Promise<StageCounts | MeterCounts> {
  switch (stage) {
    case 'fs':
      return readBytes(path);
    case 'reader':
      return readPackets(path);
    case 'meter':
      return meterFile(path, mode);
    case 'meter-capture':
      return meterCaptureFile(path, mode);
  }
}

export type { MeterMode };
