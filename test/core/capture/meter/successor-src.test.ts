import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SuccessorSrc } from '../../../../packages/core/src/capture/meter/successor-src.ts';

const KEEP = 120_000_000;

describe('SuccessorSrc', () => {
  it('gives a timed-out flow’s Src to the next flow of its 5-tuple once, within one timeout period', () => {
    const memory = new SuccessorSrc(KEEP, 10);
    memory.remember('a', { ip: '10.0.0.1', port: 1000, at: 0 });
    assert.deepEqual(memory.take('a', KEEP), { ip: '10.0.0.1', port: 1000, at: 0, key: 'a' });
    assert.equal(memory.take('a', KEEP), undefined, 'taken once');
    memory.remember('b', { ip: '10.0.0.2', port: 2000, at: 0 });
    assert.equal(memory.take('b', KEEP + 1), undefined, 'too late');
  });

  it('forgets what is older than a timeout period and keeps at most `limit`, across a flood of one-off keys', () => {
    const memory = new SuccessorSrc(KEEP, 1000);
    // A SYN flood's worth of one-off 5-tuples, one timing out every 100 µs, a few taken back or replaced.
    for (let i = 0; i < 200_000; i++) {
      memory.remember(`k${i}`, { ip: '10.0.0.1', port: i & 0xffff, at: i * 100 });
      if (i % 7 === 0) memory.take(`k${i - 3}`, i * 100);
      if (i % 11 === 0) memory.remember(`k${i - 5}`, { ip: '10.0.0.9', port: 9, at: i * 100 });
    }
    const now = 199_999 * 100;
    // The newest 1000 keys are the only ones kept (the limit is below one timeout period's worth).
    assert.equal(memory.take('k198000', now), undefined, 'beyond the limit: forgotten');
    assert.equal(memory.take('k199999', now)?.port, 199_999 & 0xffff);
    assert.equal(memory.take('k199986', now)?.ip, '10.0.0.9', 'the replaced entry is the current one');
  });
});
