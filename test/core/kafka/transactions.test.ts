import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PipelineError } from '../../../packages/core/src/errors.ts';
import type { MessageBatch } from '../../../packages/core/src/kafka/bus.ts';
import {
  fencedError,
  offsetsByTopic,
  type TransactionClient,
  type TransactionOffset,
  TransactionQueue,
} from '../../../packages/core/src/kafka/transactions.ts';
import { createLogger } from '../../../packages/core/src/log/logger.ts';

const logger = createLogger('test-transactions', 'silent');

/** A client that records what it was asked, and fails where told. */
class FakeClient implements TransactionClient {
  readonly calls: string[] = [];
  readonly committed: TransactionOffset[][] = [];
  commitFailures: Error[] = [];

  async begin(): Promise<void> {
    this.calls.push('begin');
  }
  async commit(offsets: readonly TransactionOffset[]): Promise<void> {
    this.calls.push('commit');
    const failure = this.commitFailures.shift();
    if (failure) throw failure;
    this.committed.push([...offsets]);
  }
  async abort(): Promise<void> {
    this.calls.push('abort');
  }
}

function batch(partition: number, from: number, count: number): MessageBatch {
  return {
    topic: 'in',
    partition,
    messages: Array.from({ length: count }, (_, i) => ({
      topic: 'in',
      partition,
      offset: String(from + i),
      key: null,
      value: Buffer.from('x'),
      headers: {},
      timestamp: 0,
    })),
  };
}

const entry = (b: MessageBatch, isStale = () => false) => ({
  batch: b,
  nextOffset: String(Number(b.messages.at(-1)!.offset) + 1),
  isStale,
});

function queue(client: TransactionClient, handler: (b: MessageBatch) => Promise<void>, signal?: AbortSignal) {
  return new TransactionQueue(handler, client, {
    maxRetryDelayMs: 5,
    signal: signal ?? new AbortController().signal,
    logger,
  });
}

const retriable = () => new PipelineError('REGISTRY_UNAVAILABLE', 'away', { retriable: true });

describe('TransactionQueue', () => {
  it('puts the batches handed over together into one transaction with their offsets', async () => {
    const client = new FakeClient();
    const handled: number[] = [];
    const q = queue(client, async (b) => {
      handled.push(b.partition);
    });
    const results = await Promise.all([q.submit(entry(batch(0, 10, 3))), q.submit(entry(batch(4, 0, 2)))]);
    assert.deepEqual(results, [true, true]);
    assert.deepEqual(handled, [0, 4]);
    assert.deepEqual(client.calls, ['begin', 'commit']);
    assert.deepEqual(client.committed, [
      [
        { topic: 'in', partition: 0, offset: '13' },
        { topic: 'in', partition: 4, offset: '2' },
      ],
    ]);
  });

  it('aborts on a retriable failure and runs the same batches again in a new transaction', async () => {
    const client = new FakeClient();
    let attempts = 0;
    const q = queue(client, async () => {
      attempts++;
      if (attempts === 1) throw retriable();
    });
    assert.equal(await q.submit(entry(batch(1, 0, 5))), true);
    assert.equal(attempts, 2);
    assert.deepEqual(client.calls, ['begin', 'abort', 'begin', 'commit']);
    assert.equal(client.committed.length, 1);
  });

  it('retries after a commit that did not commit (the client aborted it)', async () => {
    const client = new FakeClient();
    client.commitFailures = [retriable()];
    let attempts = 0;
    const q = queue(client, async () => {
      attempts++;
    });
    assert.equal(await q.submit(entry(batch(2, 0, 1))), true);
    assert.equal(attempts, 2);
    assert.deepEqual(client.calls, ['begin', 'commit', 'begin', 'commit']);
  });

  it('drops a batch whose partition was revoked meanwhile, aborting what was made from it', async () => {
    const client = new FakeClient();
    let revoked = false;
    const q = queue(client, async (b) => {
      if (b.partition === 3) revoked = true;
    });
    const results = await Promise.all([
      q.submit(entry(batch(3, 0, 2), () => revoked)),
      q.submit(entry(batch(5, 0, 2))),
    ]);
    assert.deepEqual(results, [false, true]);
    assert.deepEqual(client.calls, ['begin', 'abort', 'begin', 'commit']);
    assert.deepEqual(client.committed, [[{ topic: 'in', partition: 5, offset: '2' }]]);
  });

  it('a fenced producer ends it: no retry, no abort', async () => {
    const client = new FakeClient();
    client.commitFailures = [fencedError('test', 'g.1', new Error('epoch'))];
    const q = queue(client, async () => undefined);
    await assert.rejects(q.submit(entry(batch(0, 0, 1))), { code: 'KAFKA_FENCED' });
    assert.deepEqual(client.calls, ['begin', 'commit']);
  });

  it('a defect in the handler aborts the transaction and ends it', async () => {
    const client = new FakeClient();
    const q = queue(client, async () => {
      throw new TypeError('bug');
    });
    await assert.rejects(q.submit(entry(batch(0, 0, 1))), { code: 'STAGE_FAILED', message: 'bug' });
    assert.deepEqual(client.calls, ['begin', 'abort']);
  });

  it('stopped while retrying: the batch stays uncommitted', async () => {
    const client = new FakeClient();
    const stop = new AbortController();
    const q = queue(
      client,
      async () => {
        stop.abort();
        throw retriable();
      },
      stop.signal,
    );
    assert.equal(await q.submit(entry(batch(0, 0, 1))), false);
    assert.deepEqual(client.calls, ['begin', 'abort']);
    assert.equal(client.committed.length, 0);
  });

  it('groups offsets per topic, the highest per partition', () => {
    assert.deepEqual(
      offsetsByTopic([
        { topic: 'a', partition: 0, offset: '5' },
        { topic: 'a', partition: 0, offset: '9' },
        { topic: 'b', partition: 1, offset: '2' },
      ]),
      [
        { topic: 'a', partitions: [{ partition: 0, offset: '9' }] },
        { topic: 'b', partitions: [{ partition: 1, offset: '2' }] },
      ],
    );
  });
});
