import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OutgoingMessage } from '../../../packages/core/src/kafka/bus.ts';
import { MAX_REQUEST_BYTES, splitIntoRequests } from '../../../packages/core/src/kafka/send-chunks.ts';

function messages(count: number, valueBytes: number): OutgoingMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    topic: `t${i % 3}`,
    key: `key-${i}`,
    value: Buffer.alloc(valueBytes, i % 251),
    headers: { line: String(i) },
  }));
}

describe('splitIntoRequests', () => {
  it('keeps every message once, in order, and each request under the byte limit', () => {
    const input = messages(5000, 640);
    const chunks = splitIntoRequests(input);
    assert.deepEqual(chunks.flat(), input);
    assert.ok(chunks.length >= Math.ceil((5000 * 640) / MAX_REQUEST_BYTES));
    for (const chunk of chunks) {
      assert.ok(chunk.reduce((sum, m) => sum + m.value.length, 0) <= MAX_REQUEST_BYTES);
    }
  });

  it('caps the message count even for tiny messages', () => {
    const chunks = splitIntoRequests(messages(12_001, 1), MAX_REQUEST_BYTES, 5000);
    assert.deepEqual(
      chunks.map((c) => c.length),
      [5000, 5000, 2001],
    );
  });

  it('sends a message larger than the limit on its own rather than dropping it', () => {
    const input = [...messages(2, 10), ...messages(1, 2000), ...messages(2, 10)];
    const chunks = splitIntoRequests(input, 1000, 100);
    assert.deepEqual(
      chunks.map((c) => c.length),
      [2, 1, 2],
    );
    assert.equal(chunks[1]![0]!.value.length, 2000);
  });

  it('makes no request for no messages', () => {
    assert.deepEqual(splitIntoRequests([]), []);
  });
});
