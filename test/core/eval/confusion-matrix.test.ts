import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPipelineError } from '../../../packages/core/src/errors.ts';
import { confusionMatrix, encodeLabels } from '../../../packages/core/src/eval/confusion-matrix.ts';
import { reference } from './sklearn-reference.ts';

describe('confusionMatrix', () => {
  it('counts true rows against predicted columns by hand', () => {
    const { matrix, classes } = confusionMatrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], ['a', 'b', 'c']);
    assert.deepEqual(classes, ['a', 'b', 'c']);
    assert.deepEqual(matrix, [
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 2],
    ]);
  });

  it("equals scikit-learn's confusion_matrix on real multiclass predictions, absent classes included", () => {
    const { classes } = reference.multiclass;
    const truth = encodeLabels(reference.labels, classes);
    const predicted = encodeLabels(reference.multiclass.predicted, classes);
    const { matrix } = confusionMatrix(truth.indices, predicted.indices, classes);
    assert.deepEqual(matrix, reference.multiclass.confusion);
    assert.ok(
      matrix.some((row) => row.every((count) => count === 0)),
      'a class with no test rows stays a zero row',
    );
  });

  it('encodes labels against given classes, or the sorted distinct labels', () => {
    assert.deepEqual(encodeLabels(['Bot', 'Benign', 'Bot']), {
      classes: ['Benign', 'Bot'],
      indices: Int32Array.from([1, 0, 1]),
    });
    assert.throws(
      () => encodeLabels(['Benign', 'Heartbleed'], ['Benign', 'Bot']),
      (error) => isPipelineError(error) && /"Heartbleed" at index 1/.test(error.message),
    );
    assert.throws(() => encodeLabels([], ['a', 'a']), /listed twice/);
  });

  it('rejects class indices outside the class list and an empty class list', () => {
    assert.throws(() => confusionMatrix([0, 3], [0, 1], ['a', 'b']), /class index at 1 is 3/);
    assert.throws(() => confusionMatrix([0], [0.5], ['a', 'b']), /class index at 0 is 0.5/);
    assert.throws(() => confusionMatrix([], [], []), /no classes/);
    assert.deepEqual(confusionMatrix([], [], ['a']).matrix, [[0]]);
  });
});
