import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, treeRng } from '../../../packages/core/src/forest/rng.ts';

function draws(rng: Rng, n: number, bound: number): number[] {
  return Array.from({ length: n }, () => rng.nextInt(bound));
}

describe('Rng', () => {
  it('repeats a sequence for a seed and differs across seeds and tree indexes', () => {
    assert.deepEqual(draws(new Rng(7), 50, 1000), draws(new Rng(7), 50, 1000));
    assert.notDeepEqual(draws(new Rng(7), 50, 1000), draws(new Rng(8), 50, 1000));
    assert.notDeepEqual(draws(treeRng(7, 0), 50, 1000), draws(treeRng(7, 1), 50, 1000));
  });

  it('draws integers in [0, n) with roughly equal frequencies', () => {
    const n = 10;
    const counts = new Array<number>(n).fill(0);
    for (const d of draws(new Rng(123), 100_000, n)) {
      assert.ok(Number.isInteger(d) && d >= 0 && d < n);
      counts[d]!++;
    }
    // Chi-square with 9 degrees of freedom: 27.9 is the 0.1% tail.
    const chi = counts.reduce((sum, c) => sum + (c - 10_000) ** 2 / 10_000, 0);
    assert.ok(chi < 27.9, `chi-square ${chi}`);
  });
});
