import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binaryMetrics } from '../../../packages/core/src/eval/binary-metrics.ts';
import { evaluateScores } from '../../../packages/core/src/eval/evaluate-scores.ts';
import { SeededRng } from '../../../packages/core/src/random/seeded-rng.ts';
import { assertClose, reference } from './sklearn-reference.ts';

/** ROC-AUC from the rank-sum statistic with average ranks for ties: independent of the curve code. */
function rankSumAuc(y: ArrayLike<number>, scores: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSum = 0;
  let positives = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (y[order[k]!] === 1) {
        rankSum += averageRank;
        positives++;
      }
    }
    start = end + 1;
  }
  const negatives = y.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

describe('evaluateScores', () => {
  const ref = reference.binary.forestProbability;

  it('agrees with scikit-learn and with binaryMetrics on the reference rows', () => {
    const result = evaluateScores(reference.yTrue, ref.scores, { threshold: 0.5 });
    assertClose(result.rocAuc, ref.rocAuc, 'rocAuc');
    assertClose(result.prAuc, ref.averagePrecision, 'prAuc');
    const direct = binaryMetrics(reference.yTrue, ref.scores, 0.5);
    for (const key of ['tp', 'fp', 'tn', 'fn', 'accuracy', 'precision', 'recall', 'f1', 'fpr'] as const) {
      assert.equal(result[key], direct[key], key);
    }
    assert.equal(result.positives + result.negatives, reference.rows);
  });

  it('matches binaryMetrics at thresholds between, on and beyond the scores', () => {
    for (const threshold of [-1, 0, 0.1, 0.37, 0.5, 0.93, 1, 2]) {
      const result = evaluateScores(reference.yTrue, ref.scores, { threshold });
      const direct = binaryMetrics(reference.yTrue, ref.scores, threshold);
      assert.deepEqual(
        [result.tp, result.fp, result.tn, result.fn],
        [direct.tp, direct.fp, direct.tn, direct.fn],
      );
    }
  });

  it('returns bounded curves from (0,0) to (1,1) that survive JSON', () => {
    const result = evaluateScores(reference.yTrue, ref.scores, { maxCurvePoints: 50 });
    assert.ok(result.roc.x.length <= 50 && result.roc.x.length > 10);
    assert.deepEqual([result.roc.x[0], result.roc.y[0]], [0, 0]);
    assert.deepEqual([result.roc.x.at(-1), result.roc.y.at(-1)], [1, 1]);
    assert.deepEqual([result.pr.x[0], result.pr.y[0]], [0, 1]);
    assert.equal(result.pr.x.at(-1), 1);
    const parsed = JSON.parse(JSON.stringify(result));
    assert.equal(parsed.roc.thresholds[0], null, 'the +Infinity start serialises as null');
    assert.equal(parsed.rocAuc, result.rocAuc);
  });

  it('matches the rank-sum ROC-AUC on 300k rows resampled from real scores (generated volume)', () => {
    const rng = new SeededRng(11);
    const n = 300_000;
    const y = new Uint8Array(n);
    const scores = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const row = rng.nextInt(reference.rows);
      y[i] = reference.yTrue[row]!;
      // Half the rows keep their exact score, so ties stay frequent at volume.
      scores[i] = ref.scores[row]! + (rng.nextFloat() < 0.5 ? 0 : (rng.nextFloat() - 0.5) * 1e-3);
    }
    const result = evaluateScores(y, scores);
    assertClose(result.rocAuc, rankSumAuc(y, scores), 'rocAuc', 1e-9);
    assert.ok(result.roc.x.length <= 400);
  });

  it('reports an undefined AUC as NaN for a single class and zero counts for no rows', () => {
    const benignOnly = evaluateScores([0, 0, 0], [0.1, 0.6, 0.2]);
    assert.ok(Number.isNaN(benignOnly.rocAuc));
    assert.equal(benignOnly.prAuc, 0);
    assert.equal(benignOnly.fp, 1);
    assert.equal(benignOnly.fpr, 1 / 3);
    const empty = evaluateScores([], []);
    assert.equal(empty.rows, 0);
    assert.ok(Number.isNaN(empty.rocAuc) && Number.isNaN(empty.prAuc));
    assert.deepEqual(empty.roc.x, [Number.NaN]);
  });
});
