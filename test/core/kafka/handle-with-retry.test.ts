import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PipelineError } from '../../../packages/core/src/errors.ts';
import type { MessageBatch } from '../../../packages/core/src/kafka/bus.ts';
import { handleWithRetry } from '../../../packages/core/src/kafka/handle-with-retry.ts';
import { createLogger } from '../../../packages/core/src/log/logger.ts';

const logger = createLogger('handle-with-retry-test', 'silent');
const batch: MessageBatch = {
  topic: 'flows.raw',
  partition: 3,
  messages: [
    {
      topic: 'flows.raw',
      partition: 3,
      offset: '41',
      key: null,
      value: Buffer.from([0]),
      headers: {},
      timestamp: 1,
    },
  ],
};

describe('handleWithRetry', () => {
  it('gives the same batch again after a retriable failure, until it succeeds', async () => {
    const seen: MessageBatch[] = [];
    let keptAlive = 0;
    const handled = await handleWithRetry(
      async (b) => {
        seen.push(b);
        if (seen.length < 3) throw new PipelineError('KAFKA_UNAVAILABLE', 'broker away', { retriable: true });
      },
      batch,
      {
        maxRetryDelayMs: 1,
        signal: new AbortController().signal,
        logger,
        keepAlive: async () => {
          keptAlive += 1;
        },
      },
    );
    assert.equal(handled, true);
    assert.equal(seen.length, 3);
    assert.ok(seen.every((b) => b === batch));
    assert.equal(keptAlive, 2);
  });

  it('throws a non-retriable failure as a PipelineError at once', async () => {
    let calls = 0;
    await assert.rejects(
      handleWithRetry(
        async () => {
          calls += 1;
          throw new TypeError('cannot read properties of undefined');
        },
        batch,
        { maxRetryDelayMs: 1, signal: new AbortController().signal, logger },
      ),
      (error: unknown) =>
        error instanceof PipelineError &&
        error.code === 'STAGE_FAILED' &&
        /cannot read properties/.test(error.message),
    );
    assert.equal(calls, 1);
  });

  it('gives up without succeeding once stopped', async () => {
    const stop = new AbortController();
    let calls = 0;
    const handled = await handleWithRetry(
      async () => {
        calls += 1;
        stop.abort();
        throw new PipelineError('REGISTRY_UNAVAILABLE', 'registry away', { retriable: true });
      },
      batch,
      { maxRetryDelayMs: 60_000, signal: stop.signal, logger },
    );
    assert.equal(handled, false);
    assert.equal(calls, 1);
  });
});
