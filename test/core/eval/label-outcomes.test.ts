import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { predictAtThreshold } from '../../../packages/core/src/eval/binary-metrics.ts';
import { labelOutcomes } from '../../../packages/core/src/eval/label-outcomes.ts';
import { reference } from './sklearn-reference.ts';

describe('labelOutcomes', () => {
  it('counts support and alerts per original label on real predictions, largest first', () => {
    const flagged = predictAtThreshold(reference.binary.forestProbability.scores, 0.5);
    const outcomes = labelOutcomes(reference.labels, flagged);
    const labels = Object.keys(outcomes);
    assert.deepEqual(new Set(labels), new Set(reference.labels));
    for (let i = 1; i < labels.length; i++) {
      assert.ok(outcomes[labels[i - 1]!]!.support >= outcomes[labels[i]!]!.support, 'ordered by support');
    }
    for (const label of labels) {
      let support = 0;
      let flaggedCount = 0;
      reference.labels.forEach((l, i) => {
        if (l === label) {
          support++;
          flaggedCount += flagged[i]!;
        }
      });
      assert.deepEqual(outcomes[label], { support, flaggedAsAttack: flaggedCount }, label);
    }
    const ref = reference.binary.forestProbability.atThreshold;
    assert.equal(outcomes.Benign!.flaggedAsAttack, ref.fp, 'benign alerts are the false positives');
  });

  it('keeps unusual label text as ordinary keys and rejects non-binary flags', () => {
    const outcomes = labelOutcomes(['__proto__', 'Web Attack \u0096 XSS', '__proto__'], [1, 0, 0]);
    assert.deepEqual(Object.keys(outcomes), ['__proto__', 'Web Attack \u0096 XSS']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(outcomes, '__proto__')?.value, {
      support: 2,
      flaggedAsAttack: 1,
    });
    assert.deepEqual(labelOutcomes([], []), {});
    assert.throws(() => labelOutcomes(['Benign'], [0.9]), /expected 0 or 1/);
  });
});
