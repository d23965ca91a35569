import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPipelineError } from '../../../packages/core/src/errors.ts';
import {
  binaryMetrics,
  binaryMetricsFromPredictions,
  metricsFromCounts,
  predictAtThreshold,
} from '../../../packages/core/src/eval/binary-metrics.ts';
import { assertClose, reference } from './sklearn-reference.ts';

describe('binary metrics', () => {
  it('derives every rate from hand-counted outcomes', () => {
    // 10 flows: 4 attacks of which 3 flagged, 6 benign of which 1 flagged.
    const yTrue = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
    const scores = [0.9, 0.8, 0.55, 0.2, 0.5, 0.1, 0.3, 0.05, 0.49, 0];
    const m = binaryMetrics(yTrue, scores, 0.5);
    assert.deepEqual(
      { tp: m.tp, fp: m.fp, tn: m.tn, fn: m.fn, rows: m.rows },
      { tp: 3, fp: 1, tn: 5, fn: 1, rows: 10 },
    );
    assert.equal(m.accuracy, 0.8);
    assert.equal(m.precision, 0.75);
    assert.equal(m.recall, 0.75);
    assert.equal(m.f1, 0.75);
    assert.equal(m.fpr, 1 / 6);
  });

  it('flags a score exactly at the threshold', () => {
    assert.deepEqual(Array.from(predictAtThreshold([0.5, 0.4999, 1], 0.5)), [1, 0, 1]);
  });

  for (const [name, ref] of Object.entries(reference.binary)) {
    it(`equals scikit-learn's confusion_matrix and scores at 0.5 on real rows (${name})`, () => {
      const m = binaryMetrics(reference.yTrue, ref.scores, ref.atThreshold.threshold);
      const expected = ref.atThreshold;
      assert.deepEqual([m.tp, m.fp, m.tn, m.fn], [expected.tp, expected.fp, expected.tn, expected.fn]);
      for (const key of ['accuracy', 'precision', 'recall', 'f1', 'fpr'] as const) {
        assertClose(m[key], expected[key], `${name} ${key}`);
      }
    });
  }

  it('reports 0 for ratios with nothing to divide by (scikit-learn zero_division=0)', () => {
    const none = metricsFromCounts({ tp: 0, fp: 0, tn: 0, fn: 0 });
    assert.deepEqual(
      [none.accuracy, none.precision, none.recall, none.f1, none.fpr, none.rows],
      [0, 0, 0, 0, 0, 0],
    );
    const benignOnly = binaryMetricsFromPredictions([0, 0, 0], [0, 1, 0]);
    assert.equal(benignOnly.recall, 0);
    assert.equal(benignOnly.precision, 0);
    assert.equal(benignOnly.fpr, 1 / 3);
    assert.equal(benignOnly.accuracy, 2 / 3);
  });

  it('rejects predictions that are not 0/1 and scores that are not finite', () => {
    assert.throws(
      () => binaryMetricsFromPredictions([0, 1], [0, 0.7]),
      (error) =>
        isPipelineError(error) && error.code === 'EVAL_INPUT_INVALID' && /predictions/.test(error.message),
    );
    assert.throws(
      () => binaryMetrics([0, 1], [0.2, Number.POSITIVE_INFINITY], 0.5),
      (error) => isPipelineError(error) && /index 1 is Infinity/.test(error.message),
    );
    assert.throws(() => predictAtThreshold([0.2], Number.NaN), /threshold is NaN/);
  });
});
