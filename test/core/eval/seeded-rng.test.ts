import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SeededRng } from '../../../packages/core/src/eval/seeded-rng.ts';

function draws(rng: SeededRng, n: number): number[] {
  return Array.from({ length: n }, () => rng.nextUint32());
}

describe('SeededRng', () => {
  it('repeats a sequence for a seed and differs between neighbouring seeds', () => {
    assert.deepEqual(draws(new SeededRng(42), 20), draws(new SeededRng(42), 20));
    const a = draws(new SeededRng(1), 20);
    const b = draws(new SeededRng(2), 20);
    assert.equal(a.filter((v, i) => v === b[i]).length, 0);
  });

  it('draws integers uniformly (chi-square over 100k draws in 10 bins)', () => {
    const rng = new SeededRng(7);
    const bins = new Array<number>(10).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) bins[rng.nextInt(10)]!++;
    const expected = n / 10;
    const chiSquare = bins.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: 27.88 is the 0.999 quantile.
    assert.ok(chiSquare < 27.88, `chi-square ${chiSquare.toFixed(2)} over bins ${bins.join(',')}`);
    for (let i = 0; i < 1000; i++) {
      const f = rng.nextFloat();
      assert.ok(f >= 0 && f < 1);
    }
  });

  it('shuffles into a permutation and derives sub-streams that do not depend on use', () => {
    const shuffled = new SeededRng(3).shuffle(Array.from({ length: 100 }, (_, i) => i));
    assert.deepEqual(
      [...shuffled].sort((x, y) => x - y),
      Array.from({ length: 100 }, (_, i) => i),
    );
    assert.notDeepEqual(shuffled.slice(0, 10), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const fresh = new SeededRng(5);
    const used = new SeededRng(5);
    draws(used, 100);
    assert.deepEqual(draws(fresh.derive('Bot'), 5), draws(used.derive('Bot'), 5));
    assert.notDeepEqual(draws(fresh.derive('Bot'), 5), draws(fresh.derive('Benign'), 5));
  });

  it('rejects a non-finite seed and an impossible range', () => {
    assert.throws(() => new SeededRng(Number.NaN), /seed/);
    assert.throws(() => new SeededRng(1).nextInt(0), /nextInt/);
  });
});
