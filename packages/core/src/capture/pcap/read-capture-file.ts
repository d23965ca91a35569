import { createReadStream } from 'node:fs';
import { PipelineError } from '../../errors.ts';
import type { CaptureReadStats, DecodedPacket } from '../packet.ts';
import { CaptureReader, type CaptureReaderOptions } from './capture-reader.ts';

export interface ReadCaptureFileOptions extends CaptureReaderOptions {
  /** Bytes read at a time (1 MiB): large reads keep the per-chunk cost out of the per-packet cost. */
  chunkBytes?: number;
}

const DEFAULT_CHUNK_BYTES = 1 << 20;

/** Streams a capture file through a CaptureReader; resolves to its stats once the file is read. */
export async function readCaptureFile(
  path: string,
  onPacket: (packet: DecodedPacket) => void,
  options: ReadCaptureFileOptions = {},
): Promise<CaptureReadStats> {
  const reader = new CaptureReader(path, onPacket, options);
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? DEFAULT_CHUNK_BYTES });
  try {
    for await (const chunk of stream) reader.push(chunk as Buffer);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new PipelineError('FILE_NOT_FOUND', `no such file: ${path}`, { cause: error, details: { path } });
    }
    throw error;
  } finally {
    stream.destroy();
  }
  return reader.end();
}
