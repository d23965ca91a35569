import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  rowsByClass,
  stratifiedSample,
  stratifiedSplit,
  take,
} from '../../../packages/core/src/eval/sampling.ts';
import { readRealColumns } from './real-columns.ts';

const { labels } = readRealColumns([]);
const classSizes = new Map<string, number>();
for (const label of labels) classSizes.set(label, (classSizes.get(label) ?? 0) + 1);

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

describe('stratifiedSplit', () => {
  const split = stratifiedSplit(labels, { testFraction: 0.3, seed: 42 });

  it('splits every real class 70/30, disjoint and covering every row', () => {
    assert.equal(split.train.length + split.test.length, labels.length);
    const seen = new Uint8Array(labels.length);
    for (const i of split.train) seen[i]!++;
    for (const i of split.test) seen[i]!++;
    assert.ok(seen.every((count) => count === 1));
    const testCounts = countBy(take(labels, split.test));
    for (const [label, n] of classSizes) {
      const expected = n < 2 ? 0 : Math.min(n - 1, Math.max(1, Math.round(n * 0.3)));
      assert.equal(testCounts.get(label) ?? 0, expected, label);
    }
    assert.equal(classSizes.get('DoS attacks-Slowloris'), 1, 'the one-row class of the real slices');
    assert.equal(testCounts.get('DoS attacks-Slowloris'), undefined, 'a one-row class stays in train');
  });

  it('returns ascending indices and is deterministic per seed', () => {
    for (let i = 1; i < split.test.length; i++) assert.ok(split.test[i]! > split.test[i - 1]!);
    assert.deepEqual(stratifiedSplit(labels, { testFraction: 0.3, seed: 42 }), split);
    assert.notDeepEqual(stratifiedSplit(labels, { testFraction: 0.3, seed: 43 }).test, split.test);
  });

  it('does not change a class when another class is added', () => {
    const withExtra = [...labels, 'Extra', 'Extra', 'Extra'];
    const again = stratifiedSplit(withExtra, { testFraction: 0.3, seed: 42 });
    const bot = (indices: Uint32Array) => Array.from(indices).filter((i) => labels[i] === 'Bot');
    assert.deepEqual(bot(again.test), bot(split.test));
  });

  it('rejects a test fraction outside (0, 1)', () => {
    assert.throws(() => stratifiedSplit(labels, { testFraction: 1, seed: 1 }), /testFraction/);
    assert.throws(() => stratifiedSplit(labels, { testFraction: 0, seed: 1 }), /testFraction/);
  });
});

describe('stratifiedSample', () => {
  it('caps large real classes and keeps rare ones whole', () => {
    const sample = stratifiedSample(labels, { capPerClass: 500, classCaps: { Benign: 2000 }, seed: 9 });
    const kept = countBy(take(labels, sample.indices));
    for (const [label, n] of classSizes) {
      const cap = label === 'Benign' ? 2000 : 500;
      assert.equal(kept.get(label), Math.min(n, cap), label);
      assert.deepEqual(sample.perClass[label], { available: n, kept: Math.min(n, cap) });
    }
    assert.equal(new Set(sample.indices).size, sample.indices.length, 'no row drawn twice');
    for (let i = 1; i < sample.indices.length; i++) assert.ok(sample.indices[i]! > sample.indices[i - 1]!);
  });

  it('draws each capped class uniformly (every row of a class is about equally likely)', () => {
    // 50 rows of one class capped at 10, over 2000 seeds: each row should be picked about 400 times.
    const tiny = Array.from({ length: 50 }, () => 'Bot');
    const picked = new Array<number>(50).fill(0);
    for (let seed = 0; seed < 2000; seed++) {
      for (const i of stratifiedSample(tiny, { capPerClass: 10, seed }).indices) picked[i]!++;
    }
    assert.ok(
      Math.min(...picked) > 300 && Math.max(...picked) < 500,
      `${Math.min(...picked)}..${Math.max(...picked)}`,
    );
  });

  it('groups row indices per class in row order', () => {
    const groups = rowsByClass(['b', 'a', 'b', 'c', 'a']);
    assert.deepEqual([...groups.keys()], ['a', 'b', 'c']);
    assert.deepEqual(Array.from(groups.get('b')!), [0, 2]);
    assert.throws(() => stratifiedSample(['a'], { capPerClass: -1, seed: 1 }), /capPerClass/);
  });
});
