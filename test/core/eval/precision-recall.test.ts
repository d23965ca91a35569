import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { averagePrecision, prCurve } from '../../../packages/core/src/eval/precision-recall.ts';
import { thresholdCounts } from '../../../packages/core/src/eval/threshold-counts.ts';
import { attackFlags, readRealColumns } from './real-columns.ts';
import { assertClose, reference } from './sklearn-reference.ts';

/** AP by its definition, each threshold's counts taken by a full scan of the rows. */
function bruteForceAp(y: ArrayLike<number>, scores: ArrayLike<number>): number {
  const distinct = [...new Set(Array.from(scores))].sort((a, b) => b - a);
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i]!;
  let ap = 0;
  let previousRecall = 0;
  for (const t of distinct) {
    let tp = 0;
    let flagged = 0;
    for (let i = 0; i < y.length; i++) {
      if (scores[i]! >= t) {
        flagged++;
        tp += y[i]!;
      }
    }
    const recall = tp / positives;
    ap += (recall - previousRecall) * (tp / flagged);
    previousRecall = recall;
  }
  return ap;
}

describe('precision-recall', () => {
  it('gives the hand-computed curve and average precision', () => {
    // Highest first: 0.8 attack (P 1, R 1/2), 0.5 tie of attack and benign (P 2/3, R 1), 0.1 benign (P 1/2).
    const counts = thresholdCounts([1, 1, 0, 0], [0.8, 0.5, 0.5, 0.1]);
    const curve = prCurve(counts);
    assert.deepEqual(Array.from(curve.recall), [0, 0.5, 1, 1]);
    assert.deepEqual(Array.from(curve.precision), [1, 1, 2 / 3, 0.5]);
    assert.equal(averagePrecision(counts), 0.5 * 1 + 0.5 * (2 / 3));
  });

  for (const [name, ref] of Object.entries(reference.binary)) {
    it(`equals scikit-learn's average_precision_score on real rows (${name})`, () => {
      assertClose(averagePrecision(thresholdCounts(reference.yTrue, ref.scores)), ref.averagePrecision, name);
    });
  }

  it("equals scikit-learn's precision_recall_curve (which lists the same points lowest threshold first)", () => {
    for (const name of ['treeProbability', 'forestProbability'] as const) {
      const ref = reference.binary[name].prCurve!;
      const curve = prCurve(thresholdCounts(reference.yTrue, reference.binary[name].scores));
      const n = ref.precision.length;
      assert.equal(curve.precision.length, n, name);
      for (let i = 0; i < n; i++) {
        assertClose(curve.precision[i]!, ref.precision[n - 1 - i]!, `${name} precision[${i}]`);
        assertClose(curve.recall[i]!, ref.recall[n - 1 - i]!, `${name} recall[${i}]`);
      }
      for (let i = 1; i < n; i++) assert.equal(curve.thresholds[i], ref.thresholds[n - 1 - i]);
    }
  });

  it('equals the brute-force definition on every real 2018 row', () => {
    const real = readRealColumns(['Init Fwd Win Byts', 'Fwd Seg Size Min', 'Protocol']);
    const y = attackFlags(real.labels);
    for (const [name, scores] of Object.entries(real.columns)) {
      assertClose(averagePrecision(thresholdCounts(y, scores)), bruteForceAp(y, scores), name, 1e-12);
    }
  });

  it('follows scikit-learn at the edges: no attacks gives 0, only attacks gives 1, no rows is NaN', () => {
    const benignOnly = thresholdCounts([0, 0, 0], [0.1, 0.5, 0.2]);
    assert.equal(averagePrecision(benignOnly), 0);
    assert.deepEqual(Array.from(prCurve(benignOnly).recall), [0, 1, 1, 1]);
    assert.equal(averagePrecision(thresholdCounts([1, 1, 1], [0.1, 0.5, 0.2])), 1);
    assert.ok(Number.isNaN(averagePrecision(thresholdCounts([], []))));
    // One score for everything: a single step to full recall at the prevalence.
    assert.equal(averagePrecision(thresholdCounts([1, 0, 0, 0], [0.4, 0.4, 0.4, 0.4])), 0.25);
  });
});
