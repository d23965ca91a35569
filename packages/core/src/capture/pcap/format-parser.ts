import { PipelineError } from '../../errors.ts';

/**
 * What the reader asks of a capture format: read one unit (the file header, a record, a block) in
 * place from the bytes it has, or say how many it needs. The reader owns the bytes and the offsets;
 * a parser keeps only what the format carries between units (byte order, interfaces, snaplen).
 */
export interface FormatParser {
  /**
   * Reads the unit starting at buf[offset], with buf[offset, end) available. Returns the bytes it
   * consumed (> 0); or NEED_MORE with `want` set to the unit's length as far as it is known (always
   * more than end - offset); or FAILED with `failure` set, and the file ends there. Throws a
   * CAPTURE_FORMAT PipelineError only while the file header is being read: then it is not a capture.
   */
  next(buf: Buffer, offset: number, end: number): number;
  readonly want: number;
  readonly failure: ParseFailure;
  /**
   * The input ended inside the unit of which buf[offset, offset + available) arrived: sets `failure`,
   * or throws CAPTURE_FORMAT when that unit was the file header.
   */
  cut(buf: Buffer, offset: number, available: number): void;
}

export interface ParseFailure {
  reason: string;
  /** SKIP_TRUNCATED_RECORD or SKIP_CORRUPT_BLOCK when the failed unit was a packet record, else 0. */
  packetCode: number;
}

export const NEED_MORE = 0;
export const FAILED = -1;

/** Most link types' largest packet (libpcap's MAXIMUM_SNAPLEN). */
export const MAX_PACKET_BYTES = 262_144;
/**
 * No record or block is accepted beyond this: a corrupt length must end the file, not make the reader
 * buffer gigabytes waiting for it.
 */
export const MAX_UNIT_BYTES = 16 * 1024 * 1024;

export function notACapture(name: string, what: string): PipelineError {
  return new PipelineError('CAPTURE_FORMAT', `${name}: not a pcap or pcapng capture: ${what}`, {
    details: { file: name },
  });
}
