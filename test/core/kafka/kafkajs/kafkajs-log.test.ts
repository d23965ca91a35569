import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { logLevel } from 'kafkajs';
import { pino } from 'pino';
import { kafkaJsLogCreator } from '../../../../packages/core/src/kafka/kafkajs/kafkajs-log.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return {
    lines,
    logger: pino({ level: 'info', formatters: { level: (label) => ({ level: label }) } }, stream),
  };
}

describe('kafkaJsLogCreator', () => {
  it('writes kafkajs warnings and errors to pino at warn, and drops its info and debug lines', async () => {
    const { lines, logger } = capture();
    const log = kafkaJsLogCreator(logger)(logLevel.WARN);
    const entry = (level: logLevel, message: string) => ({
      namespace: 'Connection',
      level,
      label: logLevel[level],
      log: { timestamp: '2026-11-24T17:11:20.119Z', message, broker: '127.0.0.1:9092', logger: 'kafkajs' },
    });
    log(entry(logLevel.ERROR, 'Response InitProducerId(key: 22, version: 1)'));
    log(entry(logLevel.WARN, 'Limiting retries for the idempotent producer may invalidate EoS guarantees'));
    log(entry(logLevel.INFO, 'Starting'));
    log(entry(logLevel.DEBUG, 'Request Fetch'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      lines.map((l) => [l.level, l.component, l.namespace, l.kafkajsLevel, l.broker, l.msg]),
      [
        [
          'warn',
          'kafkajs',
          'Connection',
          'error',
          '127.0.0.1:9092',
          'Response InitProducerId(key: 22, version: 1)',
        ],
        [
          'warn',
          'kafkajs',
          'Connection',
          'warn',
          '127.0.0.1:9092',
          'Limiting retries for the idempotent producer may invalidate EoS guarantees',
        ],
      ],
    );
  });
});
