import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frame, readSchemaId, writeWireHeader } from '../../../packages/core/src/avro/wire-format.ts';
import { PipelineError } from '../../../packages/core/src/errors.ts';

describe('Confluent wire format', () => {
  it('puts magic byte 0 and the id big-endian before the body', () => {
    const framed = frame(0x0a0b0c0d, Buffer.from([0xaa, 0xbb]));
    assert.deepEqual([...framed], [0, 0x0a, 0x0b, 0x0c, 0x0d, 0xaa, 0xbb]);
    assert.equal(readSchemaId(framed), 0x0a0b0c0d);
  });

  it('writes the header in place', () => {
    const target = Buffer.alloc(8, 0xee);
    writeWireHeader(target, 258);
    assert.deepEqual([...target], [0, 0, 0, 1, 2, 0xee, 0xee, 0xee]);
  });

  it('rejects what is not framed with AVRO_DECODE', () => {
    for (const [payload, pattern] of [
      [null, /no value/],
      [Buffer.from('{"a":1}'), /first byte 123/],
      [Buffer.from([0, 0, 1]), /shorter than the 5-byte/],
    ] as const) {
      assert.throws(
        () => readSchemaId(payload),
        (error: unknown) =>
          error instanceof PipelineError && error.code === 'AVRO_DECODE' && pattern.test(error.message),
      );
    }
  });
});
