import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { uniqueName } from './unique-name.ts';

describe('uniqueName', () => {
  it('keeps the prefix and gives a legal Kafka topic name', () => {
    const name = uniqueName('roundtrip.kafkajs');
    assert.match(name, /^roundtrip\.kafkajs-[0-9a-z]+-[0-9a-f]{8}$/);
    assert.ok(name.length <= 249);
  });

  it('never repeats, even within one millisecond', () => {
    const names = new Set(Array.from({ length: 10_000 }, () => uniqueName('t')));
    assert.equal(names.size, 10_000);
  });

  it('refuses a prefix Kafka would reject', () => {
    assert.throws(() => uniqueName('flows raw'), /uniqueName prefix must be/);
    assert.throws(() => uniqueName(''), /uniqueName prefix must be/);
    assert.throws(() => uniqueName('a'.repeat(201)), /uniqueName prefix must be/);
  });
});
