import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { leaveOneGroupOut } from '../../../packages/core/src/eval/leave-one-group-out.ts';
import { readRealColumns } from './real-columns.ts';

describe('leaveOneGroupOut', () => {
  it('leaves each real 2018 slice out once, training on all the others', () => {
    const { files } = readRealColumns([]);
    const folds = leaveOneGroupOut(files);
    assert.deepEqual(
      folds.map((f) => f.group),
      [...new Set(files)].sort(),
    );
    assert.equal(folds.length, 6);
    for (const fold of folds) {
      assert.equal(fold.train.length + fold.test.length, files.length);
      assert.ok(Array.from(fold.test).every((i) => files[i] === fold.group));
      assert.ok(Array.from(fold.train).every((i) => files[i] !== fold.group));
    }
    assert.equal(folds.find((f) => f.group === 'label_SQL-Injection.csv')!.test.length, 286);
  });

  it('needs two groups', () => {
    assert.throws(() => leaveOneGroupOut(['a.csv', 'a.csv']), /at least two groups/);
  });
});
