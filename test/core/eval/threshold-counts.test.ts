import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPipelineError } from '../../../packages/core/src/errors.ts';
import { cutIndex, thresholdCounts } from '../../../packages/core/src/eval/threshold-counts.ts';
import { attackFlags, readRealColumns } from './real-columns.ts';

const real = readRealColumns(['Flow IAT Mean', 'Init Fwd Win Byts']);
const yReal = attackFlags(real.labels);

describe('thresholdCounts', () => {
  it('counts attacks and benign rows at or over each distinct score, highest first', () => {
    const counts = thresholdCounts([0, 1, 1, 0, 1, 0], [0.2, 0.9, 0.5, 0.5, 0.1, 0.9]);
    assert.deepEqual(Array.from(counts.thresholds), [0.9, 0.5, 0.2, 0.1]);
    assert.deepEqual(Array.from(counts.tp), [1, 2, 2, 3]);
    assert.deepEqual(Array.from(counts.fp), [1, 2, 3, 3]);
    assert.equal(counts.positives, 3);
    assert.equal(counts.negatives, 3);
  });

  it('matches a direct count at every threshold on real rows with many ties', () => {
    const scores = real.columns['Init Fwd Win Byts']!;
    const counts = thresholdCounts(yReal, scores);
    const distinct = [...new Set(scores)].sort((a, b) => b - a);
    assert.deepEqual(Array.from(counts.thresholds), distinct);
    assert.ok(distinct.length < scores.length / 5, 'window sizes repeat a lot: the tie path is exercised');
    for (let k = 0; k < distinct.length; k += 7) {
      let tp = 0;
      let fp = 0;
      for (let i = 0; i < scores.length; i++) {
        if (scores[i]! >= distinct[k]!) {
          if (yReal[i] === 1) tp++;
          else fp++;
        }
      }
      assert.equal(counts.tp[k], tp, `tp at ${distinct[k]}`);
      assert.equal(counts.fp[k], fp, `fp at ${distinct[k]}`);
    }
    assert.equal(counts.tp[counts.tp.length - 1], counts.positives);
    assert.equal(counts.fp[counts.fp.length - 1], counts.negatives);
  });

  it('finds the cut of a threshold, -1 when nothing reaches it', () => {
    const counts = thresholdCounts([0, 1, 1, 0], [0.2, 0.9, 0.5, 0.5]);
    assert.equal(cutIndex(counts, 0.95), -1);
    assert.equal(cutIndex(counts, 0.9), 0);
    assert.equal(cutIndex(counts, 0.6), 0);
    assert.equal(cutIndex(counts, 0.5), 1);
    assert.equal(cutIndex(counts, 0), 2);
  });

  it('handles empty input and a single class', () => {
    const empty = thresholdCounts([], []);
    assert.equal(empty.thresholds.length, 0);
    assert.equal(empty.positives + empty.negatives, 0);
    const benignOnly = thresholdCounts([0, 0, 0], [0.3, 0.3, 0.1]);
    assert.deepEqual(Array.from(benignOnly.fp), [2, 3]);
    assert.deepEqual(Array.from(benignOnly.tp), [0, 0]);
  });

  it('rejects misaligned arrays, labels other than 0/1 and non-finite scores, naming the index', () => {
    const codeOf = (fn: () => unknown): string => {
      try {
        fn();
      } catch (error) {
        assert.ok(isPipelineError(error));
        return `${error.code}: ${error.message}`;
      }
      return 'no error';
    };
    assert.match(
      codeOf(() => thresholdCounts([0, 1], [0.1])),
      /^EVAL_INPUT_INVALID: .*differ in length/,
    );
    assert.match(
      codeOf(() => thresholdCounts([0, 2], [0.1, 0.2])),
      /index 1 is 2/,
    );
    assert.match(
      codeOf(() => thresholdCounts([0, 1], [0.1, Number.NaN])),
      /score at index 1 is NaN/,
    );
  });
});
