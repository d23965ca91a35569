import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rocAuc, rocCurve } from '../../../packages/core/src/eval/roc.ts';
import { thresholdCounts } from '../../../packages/core/src/eval/threshold-counts.ts';
import { attackFlags, readRealColumns } from './real-columns.ts';
import { assertClose, reference } from './sklearn-reference.ts';

/** The Mann-Whitney definition: P(attack scores higher) + half P(tie), over every pair. */
function pairwiseAuc(y: ArrayLike<number>, scores: ArrayLike<number>): number {
  const positive: number[] = [];
  const negative: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] === 1 ? positive : negative).push(scores[i]!);
  let wins = 0;
  for (const p of positive) for (const n of negative) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positive.length * negative.length);
}

describe('ROC', () => {
  it('gives the hand-computed curve and area, ties as one diagonal step', () => {
    // Scores 0.8 (attack), 0.5 (attack and benign tied), 0.1 (benign): AUC = (1 + 0.5) / 2 over 2x2 pairs.
    const counts = thresholdCounts([1, 1, 0, 0], [0.8, 0.5, 0.5, 0.1]);
    const curve = rocCurve(counts);
    assert.deepEqual(Array.from(curve.fpr), [0, 0, 0.5, 1]);
    assert.deepEqual(Array.from(curve.tpr), [0, 0.5, 1, 1]);
    assert.deepEqual(Array.from(curve.thresholds), [Number.POSITIVE_INFINITY, 0.8, 0.5, 0.1]);
    assert.equal(rocAuc(counts), 0.875);
    assert.equal(rocAuc(thresholdCounts([1, 0, 1, 0], [0.3, 0.3, 0.3, 0.3])), 0.5);
    assert.equal(rocAuc(thresholdCounts([1, 0], [0.1, 0.9])), 0);
  });

  for (const [name, ref] of Object.entries(reference.binary)) {
    it(`equals scikit-learn's roc_auc_score on real rows (${name})`, () => {
      assertClose(rocAuc(thresholdCounts(reference.yTrue, ref.scores)), ref.rocAuc, name);
    });
  }

  it("equals scikit-learn's roc_curve(drop_intermediate=False) point for point", () => {
    for (const name of ['treeProbability', 'forestProbability'] as const) {
      const ref = reference.binary[name].rocCurve!;
      const curve = rocCurve(thresholdCounts(reference.yTrue, reference.binary[name].scores));
      assert.equal(curve.fpr.length, ref.fpr.length, name);
      for (let i = 0; i < ref.fpr.length; i++) {
        assertClose(curve.fpr[i]!, ref.fpr[i]!, `${name} fpr[${i}]`);
        assertClose(curve.tpr[i]!, ref.tpr[i]!, `${name} tpr[${i}]`);
        assert.equal(curve.thresholds[i], ref.thresholds[i] ?? Number.POSITIVE_INFINITY);
      }
    }
  });

  it('equals the pairwise (Mann-Whitney) area on every real 2018 row, per score column', () => {
    const real = readRealColumns(['Flow IAT Mean', 'Init Fwd Win Byts', 'Fwd Seg Size Min']);
    const y = attackFlags(real.labels);
    for (const [name, scores] of Object.entries(real.columns)) {
      assertClose(rocAuc(thresholdCounts(y, scores)), pairwiseAuc(y, scores), name, 1e-12);
    }
  });

  it('is undefined (NaN) with one class or no rows, and the missing axis is NaN as in scikit-learn', () => {
    const attacksOnly = thresholdCounts([1, 1], [0.2, 0.7]);
    assert.ok(Number.isNaN(rocAuc(attacksOnly)));
    assert.ok(Array.from(rocCurve(attacksOnly).fpr).every(Number.isNaN));
    assert.deepEqual(Array.from(rocCurve(attacksOnly).tpr), [0, 0.5, 1]);
    assert.ok(Number.isNaN(rocAuc(thresholdCounts([], []))));
    assert.equal(rocCurve(thresholdCounts([], [])).fpr.length, 1);
  });
});
