import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rdKafkaErrorCodes } from '../../../../packages/core/src/kafka/rdkafka/load-rdkafka.ts';
import { callbackPromise, rdKafkaError } from '../../../../packages/core/src/kafka/rdkafka/rdkafka-errors.ts';

describe('rdKafkaError', () => {
  const codes = rdKafkaErrorCodes();

  it('calls transport failures and timeouts KAFKA_UNAVAILABLE, retriable', () => {
    for (const code of [codes.ERR__TRANSPORT, codes.ERR__ALL_BROKERS_DOWN, codes.ERR__MSG_TIMED_OUT]) {
      const error = rdKafkaError('rdkafka producer could not deliver', {
        message: 'Local: Broker transport failure',
        code,
      });
      assert.equal(error.code, 'KAFKA_UNAVAILABLE');
      assert.equal(error.retriable, true);
      assert.equal(
        error.message,
        `rdkafka producer could not deliver: Local: Broker transport failure (librdkafka code ${code})`,
      );
    }
  });

  it('reads a delivery report error by its message, since node-rdkafka gives those code -1', () => {
    // What node-rdkafka's LibrdKafkaError makes of librdkafka's "Local: Message timed out" in a
    // delivery report, for a message it gave up on (message.timeout.ms) while the broker was away.
    const report = { message: 'message timed out', code: -1, errno: -1, origin: 'local' };
    const error = rdKafkaError('rdkafka producer could not deliver', report);
    assert.equal(error.code, 'KAFKA_UNAVAILABLE');
    assert.equal(error.retriable, true);
    const refused = rdKafkaError('send', { message: 'message size too large', code: -1 });
    assert.equal(refused.retriable, false);
  });

  it('calls a refusal KAFKA_REJECTED, and a fatal error never retriable', () => {
    const tooLarge = rdKafkaError('send', {
      message: 'Broker: Message size too large',
      code: codes.ERR_MSG_SIZE_TOO_LARGE,
    });
    assert.equal(tooLarge.code, 'KAFKA_REJECTED');
    assert.equal(tooLarge.retriable, false);
    const fatal = rdKafkaError('send', { message: 'fenced', code: codes.ERR__TRANSPORT, isFatal: true });
    assert.equal(fatal.retriable, false);
  });

  it('turns a node-style callback into a promise rejecting with the mapped error', async () => {
    assert.equal(await callbackPromise<number>('ok', (done) => done(null, 42)), 42);
    await assert.rejects(
      callbackPromise('rdkafka admin could not create t', (done) =>
        done({ message: 'Broker: Invalid partitions', code: codes.ERR_INVALID_PARTITIONS }),
      ),
      /rdkafka admin could not create t: Broker: Invalid partitions/,
    );
  });
});
