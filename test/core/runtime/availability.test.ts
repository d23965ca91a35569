import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PipelineError } from '../../../packages/core/src/errors.ts';
import { createLogger } from '../../../packages/core/src/log/logger.ts';
import { Availability, reportingTo, watchKafka } from '../../../packages/core/src/runtime/availability.ts';
import { retryingSink } from '../../../packages/core/src/runtime/replay-source.ts';

const logger = createLogger('availability-test', 'silent');
const unavailable = () => new PipelineError('KAFKA_UNAVAILABLE', 'broker away', { retriable: true });

describe('Availability', () => {
  it('lists what fails, since when, and is ok again once cleared', () => {
    let now = 1000;
    const availability = new Availability(() => now);
    assert.equal(availability.ok, true);
    availability.fail('kafka', 'ECONNREFUSED');
    now += 500;
    availability.fail('kafka', 'still ECONNREFUSED');
    assert.deepEqual(availability.problems(), [{ what: 'kafka', reason: 'still ECONNREFUSED', forMs: 500 }]);
    assert.equal(availability.ok, false);
    assert.equal(availability.clear('kafka'), 500);
    assert.equal(availability.ok, true);
  });

  it('reportingTo turns a retriable failure into a problem until a call succeeds', async () => {
    const availability = new Availability();
    let fail = true;
    const handle = reportingTo(availability, 'batches', async () => {
      if (fail) throw unavailable();
    });
    await assert.rejects(handle(), /broker away/);
    assert.equal(availability.problems()[0]?.what, 'batches');
    fail = false;
    await handle();
    assert.equal(availability.ok, true);
  });
});

describe('retryingSink', () => {
  it('sends again after a retriable failure, with readiness off meanwhile', async () => {
    const availability = new Availability();
    let calls = 0;
    const seen: boolean[] = [];
    const sink = retryingSink(
      {
        async send() {
          calls++;
          seen.push(availability.ok);
          if (calls < 3) throw unavailable();
        },
      },
      { timeoutMs: 10_000, logger, availability },
    );
    await sink.send([], []);
    assert.equal(calls, 3);
    assert.deepEqual(seen, [true, false, false]);
    assert.equal(availability.ok, true);
  });

  it('gives up past the limit with KAFKA_UNAVAILABLE naming it, and never on a refusal', async () => {
    const sink = retryingSink(
      {
        async send() {
          throw unavailable();
        },
      },
      { timeoutMs: 600, logger },
    );
    const began = Date.now();
    await assert.rejects(sink.send([], []), (error: unknown) => {
      assert.ok(error instanceof PipelineError);
      assert.equal(error.code, 'KAFKA_UNAVAILABLE');
      assert.equal(error.retriable, false);
      assert.match(
        error.message,
        /for 1 s \(limit 1 s, KAFKA_RETRY_TIMEOUT_S or --retry-timeout\): giving up/,
      );
      return true;
    });
    assert.ok(Date.now() - began < 3000);
    const refused = retryingSink(
      {
        async send() {
          throw new PipelineError('KAFKA_REJECTED', 'too large');
        },
      },
      { timeoutMs: 60_000, logger },
    );
    await assert.rejects(refused.send([], []), /too large/);
  });

  it('does not wait for ever on a send that never settles: it gives up at the limit', async () => {
    const availability = new Availability();
    const sink = retryingSink(
      { send: () => new Promise<void>(() => undefined) },
      { timeoutMs: 1000, logger, availability },
    );
    const began = Date.now();
    await assert.rejects(sink.send([], []), /no answer within 1000 ms/);
    assert.ok(Date.now() - began < 2500);
    assert.equal(availability.ok, false, 'not ready once it gave up');
  });
});

describe('watchKafka', () => {
  it('says not ready while the probe fails, and gives up past the limit', async () => {
    const availability = new Availability();
    let answering = false;
    const gaveUp = new Promise<PipelineError>((resolve) => {
      const watch = watchKafka({
        admin: {
          topicOffsets: async () => {
            if (!answering) throw new Error('connect ECONNREFUSED');
            return [];
          },
        },
        topic: 't',
        brokers: ['127.0.0.1:1'],
        availability,
        logger,
        retryTimeoutMs: 1200,
        intervalMs: 20,
        maxRetryDelayMs: 100,
        onGiveUp: (error) => {
          watch.stop();
          resolve(error);
        },
      });
    });
    const error = await gaveUp;
    assert.equal(error.code, 'KAFKA_UNAVAILABLE');
    assert.match(
      error.message,
      /Kafka \(127\.0\.0\.1:1\) has not answered for 1 s, longer than KAFKA_RETRY_TIMEOUT_S=1: giving up \(last error: connect ECONNREFUSED\)/,
    );
    answering = true;
  });
});
