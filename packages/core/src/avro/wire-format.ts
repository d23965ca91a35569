import { PipelineError } from '../errors.ts';

/**
 * The Confluent wire format: one magic byte (0), the writer schema's registry id as a 4-byte
 * big-endian integer, then the Avro binary body.
 */
export const MAGIC_BYTE = 0;
export const WIRE_HEADER_BYTES = 5;

export function writeWireHeader(target: Buffer, schemaId: number): void {
  target[0] = MAGIC_BYTE;
  target.writeInt32BE(schemaId, 1);
}

/** The schema id of a framed payload; AVRO_DECODE when the bytes are not in the wire format. */
export function readSchemaId(payload: Buffer | null): number {
  if (payload === null || payload.length === 0) {
    throw new PipelineError(
      'AVRO_DECODE',
      'message has no value (empty or tombstone), not a Confluent-framed Avro record',
    );
  }
  if (payload[0] !== MAGIC_BYTE) {
    throw new PipelineError(
      'AVRO_DECODE',
      `message does not start with the Confluent magic byte 0 (first byte ${payload[0]}, ${payload.length} bytes): not a registry-framed Avro record`,
    );
  }
  if (payload.length < WIRE_HEADER_BYTES) {
    throw new PipelineError(
      'AVRO_DECODE',
      `message of ${payload.length} bytes is shorter than the 5-byte wire-format header`,
    );
  }
  return payload.readInt32BE(1);
}

export function frame(schemaId: number, body: Buffer): Buffer {
  const framed = Buffer.allocUnsafe(WIRE_HEADER_BYTES + body.length);
  writeWireHeader(framed, schemaId);
  body.copy(framed, WIRE_HEADER_BYTES);
  return framed;
}
