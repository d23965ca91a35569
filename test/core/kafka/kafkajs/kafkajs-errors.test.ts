import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import kafkajs from 'kafkajs';
import { PipelineError } from '../../../../packages/core/src/errors.ts';
import { kafkaJsError } from '../../../../packages/core/src/kafka/kafkajs/kafkajs-errors.ts';

// kafkajs assigns its error classes in a way Node's CommonJS export detection does not see.
const { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } = kafkajs;

describe('kafkaJsError', () => {
  it('calls a refused connection, even behind "retries exceeded", KAFKA_UNAVAILABLE and retriable', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092', {
      broker: '127.0.0.1:9092',
    });
    const exhausted = new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 9000 });
    const error = kafkaJsError('kafkajs producer could not connect', exhausted);
    assert.equal(error.code, 'KAFKA_UNAVAILABLE');
    assert.equal(error.retriable, true);
    assert.equal(
      error.message,
      'kafkajs producer could not connect: Connection error: connect ECONNREFUSED 127.0.0.1:9092',
    );
    assert.equal(error.cause, exhausted);
  });

  it('calls a broker refusal KAFKA_REJECTED, not retriable, naming the protocol error', () => {
    const tooLarge = new KafkaJSProtocolError({
      message: 'The request included a message larger than the max message size the server will accept',
      type: 'MESSAGE_TOO_LARGE',
      code: 10,
      retriable: false,
    } as unknown as Error);
    const error = kafkaJsError('kafkajs producer could not send to flows.raw', tooLarge);
    assert.equal(error.code, 'KAFKA_REJECTED');
    assert.equal(error.retriable, false);
    assert.match(
      error.message,
      /^kafkajs producer could not send to flows\.raw: .*max message size.* \(MESSAGE_TOO_LARGE\)$/,
    );
  });

  it('keeps a PipelineError as it is', () => {
    const original = new PipelineError('AVRO_ENCODE', 'bad value');
    assert.equal(kafkaJsError('context', original), original);
  });
});
