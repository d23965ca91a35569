import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stackEnv } from './stack-env.ts';

describe('stackEnv', () => {
  it('reads the brokers and the registry URL that npm test sets', () => {
    assert.deepEqual(
      stackEnv({
        KAFKA_BROKERS: '127.0.0.1:9092,127.0.0.1:9094',
        SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7/',
      }),
      { brokers: ['127.0.0.1:9092', '127.0.0.1:9094'], registryUrl: 'http://127.0.0.1:8081/apis/ccompat/v7' },
    );
  });

  it('fails, naming both variables and how to run the tests, when they are not set', () => {
    assert.throws(
      () => stackEnv({}),
      (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.match(error.message, /KAFKA_BROKERS is required/);
        assert.match(error.message, /SCHEMA_REGISTRY_URL is required/);
        assert.match(error.message, /run them through `npm test`/);
        return true;
      },
    );
  });

  it('fails on a malformed value instead of guessing', () => {
    assert.throws(
      () => stackEnv({ KAFKA_BROKERS: '127.0.0.1', SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081' }),
      /KAFKA_BROKERS must be a comma-separated list of host:port.*got "127\.0\.0\.1"/,
    );
  });
});
