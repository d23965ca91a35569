import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from './wait-for.ts';

describe('waitFor', () => {
  it('polls until the condition holds and returns its value', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { records: calls * 10 } : undefined), {
      timeoutMs: 5000,
      intervalMs: 1,
      description: 'the third poll',
    });
    assert.deepEqual(value, { records: 30 });
    assert.equal(calls, 3);
  });

  it('retries a condition that throws, and accepts zero as a value', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => {
        calls += 1;
        if (calls < 2) throw new Error('not yet');
        return 0;
      },
      { timeoutMs: 5000, intervalMs: 1, description: 'a count' },
    );
    assert.equal(value, 0);
  });

  it('fails after the deadline with the description and the last error', async () => {
    await assert.rejects(
      waitFor(
        () => {
          throw new Error('broker not ready');
        },
        { timeoutMs: 50, intervalMs: 5, description: 'all 10000 records consumed' },
      ),
      (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.match(
          error.message,
          /^Timed out after 50 ms waiting for all 10000 records consumed \(last error: broker not ready\)$/,
        );
        assert.ok(error.cause instanceof Error);
        return true;
      },
    );
  });

  it('fails after the deadline when the condition stays false', async () => {
    await assert.rejects(
      waitFor(() => false, { timeoutMs: 30, intervalMs: 5, description: 'never' }),
      /waiting for never$/,
    );
  });
});
