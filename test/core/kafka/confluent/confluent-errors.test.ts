import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PipelineError } from '../../../../packages/core/src/errors.ts';
import {
  attempt,
  callbackPromise,
  confluentError,
} from '../../../../packages/core/src/kafka/confluent/confluent-errors.ts';
import { confluentErrorCodes } from '../../../../packages/core/src/kafka/confluent/load-confluent.ts';

describe('confluentError', () => {
  const codes = confluentErrorCodes();

  it('calls transport failures, timeouts and leader moves KAFKA_UNAVAILABLE, retriable', () => {
    for (const code of [
      codes.ERR__TRANSPORT,
      codes.ERR__ALL_BROKERS_DOWN,
      codes.ERR__MSG_TIMED_OUT,
      codes.ERR_NOT_LEADER_FOR_PARTITION,
    ]) {
      const error = confluentError('confluent producer could not deliver', {
        message: 'Local: Broker transport failure',
        code,
      });
      assert.equal(error.code, 'KAFKA_UNAVAILABLE');
      assert.equal(error.retriable, true);
      assert.equal(
        error.message,
        `confluent producer could not deliver: Local: Broker transport failure (librdkafka code ${code})`,
      );
    }
  });

  it('trusts librdkafka when it marks an error retriable', () => {
    const error = confluentError('send', { message: 'Broker: Throttled', code: 9999, isRetriable: true });
    assert.equal(error.code, 'KAFKA_UNAVAILABLE');
    assert.equal(error.retriable, true);
  });

  it('calls a refusal KAFKA_REJECTED, and a fatal error never retriable', () => {
    const tooLarge = confluentError('send', {
      message: 'Broker: Message size too large',
      code: codes.ERR_MSG_SIZE_TOO_LARGE,
    });
    assert.equal(tooLarge.code, 'KAFKA_REJECTED');
    assert.equal(tooLarge.retriable, false);
    const fatal = confluentError('send', { message: 'fenced', code: codes.ERR__TRANSPORT, isFatal: true });
    assert.equal(fatal.code, 'KAFKA_REJECTED');
    assert.equal(fatal.retriable, false);
  });

  it('keeps a PipelineError as it is and names plain values', () => {
    const original = new PipelineError('KAFKA_UNAVAILABLE', 'away', { retriable: true });
    assert.equal(confluentError('ctx', original), original);
    const plain = confluentError('confluent admin', 'no handle');
    assert.equal(plain.code, 'KAFKA_REJECTED');
    assert.equal(plain.message, 'confluent admin: no handle');
  });

  it('turns a node-style callback into a promise rejecting with the mapped error', async () => {
    assert.equal(await callbackPromise<number>('ok', (done) => done(null, 42)), 42);
    await assert.rejects(
      callbackPromise('confluent admin could not create t', (done) =>
        done({ message: 'Broker: Invalid partitions', code: codes.ERR_INVALID_PARTITIONS }),
      ),
      /confluent admin could not create t: Broker: Invalid partitions/,
    );
  });

  it('maps what a synchronous call throws', () => {
    assert.equal(
      attempt('ok', () => 7),
      7,
    );
    assert.throws(
      () =>
        attempt('confluent consumer could not subscribe to t', () => {
          throw { message: 'Local: Erroneous state', code: codes.ERR__STATE };
        }),
      (error: unknown) =>
        error instanceof PipelineError &&
        error.code === 'KAFKA_REJECTED' &&
        /could not subscribe to t: Local: Erroneous state/.test(error.message),
    );
  });
});
