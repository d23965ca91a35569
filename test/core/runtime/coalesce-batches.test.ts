import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IncomingMessage, MessageBatch } from '../../../packages/core/src/kafka/bus.ts';
import { coalesceBatches } from '../../../packages/core/src/runtime/coalesce-batches.ts';

function batch(partition: number, offsets: number[]): MessageBatch {
  const messages: IncomingMessage[] = offsets.map((offset) => ({
    topic: 't',
    partition,
    offset: String(offset),
    key: null,
    value: Buffer.from(`${partition}:${offset}`),
    headers: {},
    timestamp: 0,
  }));
  return { topic: 't', partition, messages };
}

describe('coalesceBatches', () => {
  it('joins the batches handed over in one turn into one call, and settles each caller with it', async () => {
    const calls: number[][] = [];
    const handler = coalesceBatches(async (batches) => {
      calls.push(batches.map((b) => b.partition));
    });
    await Promise.all([handler(batch(0, [1, 2])), handler(batch(3, [7])), handler(batch(5, [9, 10]))]);
    await handler(batch(1, [4]));
    assert.deepEqual(calls, [[0, 3, 5], [1]]);
  });

  it('rejects every caller of a failed joint call, so none of their partitions commits', async () => {
    let attempt = 0;
    const handler = coalesceBatches(async () => {
      attempt++;
      if (attempt === 1) throw new Error('registry away');
    });
    const outcomes = await Promise.allSettled([handler(batch(0, [1])), handler(batch(1, [2]))]);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['rejected', 'rejected'],
    );
    assert.equal((outcomes[0] as PromiseRejectedResult).reason.message, 'registry away');
    await handler(batch(0, [1]));
    assert.equal(attempt, 2);
  });

  it('starts a new joint call while an earlier one still waits for its acknowledgement', async () => {
    let release!: () => void;
    const acknowledged = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started: number[][] = [];
    const handler = coalesceBatches(async (batches) => {
      started.push(batches.map((b) => b.partition));
      if (started.length === 1) await acknowledged;
    });
    const first = handler(batch(0, [1]));
    await new Promise((resolve) => setImmediate(resolve));
    const second = handler(batch(1, [2]));
    await second;
    assert.deepEqual(started, [[0], [1]]);
    release();
    await first;
  });
});
