import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classMetrics } from '../../../packages/core/src/eval/class-metrics.ts';
import { confusionMatrix, encodeLabels } from '../../../packages/core/src/eval/confusion-matrix.ts';
import { assertClose, reference } from './sklearn-reference.ts';

describe('classMetrics', () => {
  it('derives per-class scores and averages by hand', () => {
    const report = classMetrics({
      classes: ['a', 'b'],
      matrix: [
        [3, 1],
        [2, 4],
      ],
    });
    assert.deepEqual(report.classes[0], {
      name: 'a',
      precision: 0.6,
      recall: 0.75,
      f1: 2 / 3,
      support: 4,
      predicted: 5,
    });
    assert.deepEqual(report.classes[1], {
      name: 'b',
      precision: 0.8,
      recall: 4 / 6,
      f1: 8 / 11,
      support: 6,
      predicted: 5,
    });
    assert.equal(report.accuracy, 0.7);
    assert.equal(report.rows, 10);
    assertClose(report.macro.recall, (0.75 + 4 / 6) / 2, 'macro recall');
    assertClose(report.weighted.recall, 0.7, 'weighted recall equals accuracy');
  });

  it("equals scikit-learn's precision_recall_fscore_support on real multiclass predictions", () => {
    const ref = reference.multiclass;
    const truth = encodeLabels(reference.labels, ref.classes).indices;
    const predicted = encodeLabels(ref.predicted, ref.classes).indices;
    const report = classMetrics(confusionMatrix(truth, predicted, ref.classes));
    report.classes.forEach((m, j) => {
      assert.equal(m.name, ref.classes[j]);
      assert.equal(m.support, ref.support[j]);
      assertClose(m.precision, ref.precision[j]!, `${m.name} precision`);
      assertClose(m.recall, ref.recall[j]!, `${m.name} recall`);
      assertClose(m.f1, ref.f1[j]!, `${m.name} f1`);
    });
    assertClose(report.accuracy, ref.accuracy, 'accuracy');
    for (const average of ['macro', 'weighted'] as const) {
      for (const key of ['precision', 'recall', 'f1'] as const) {
        assertClose(report[average][key], ref[average][key], `${average} ${key}`);
      }
    }
  });

  it('gives zeros, not NaN, for classes never seen nor predicted and for an empty matrix', () => {
    const report = classMetrics({
      classes: ['a', 'b'],
      matrix: [
        [0, 0],
        [0, 0],
      ],
    });
    assert.deepEqual(
      report.classes.map((m) => [m.precision, m.recall, m.f1]),
      [
        [0, 0, 0],
        [0, 0, 0],
      ],
    );
    assert.equal(report.accuracy, 0);
    assert.deepEqual(report.weighted, { precision: 0, recall: 0, f1: 0 });
  });
});
