import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PipelineError } from '../../../packages/core/src/errors.ts';
import { FlatForest } from '../../../packages/core/src/forest/flat-forest.ts';
import type { RandomForestJson } from '../../../packages/core/src/forest/model-json.ts';
import { ParallelForestScorer } from '../../../packages/core/src/forest/parallel-scorer.ts';
import { trainForest } from '../../../packages/core/src/forest/train-forest.ts';
import { loadRealRows, type RealRows } from './real-rows.ts';

describe('ParallelForestScorer on the real 2018 rows', () => {
  let rows: RealRows;
  let model: RandomForestJson;
  let scorer: ParallelForestScorer;
  before(async () => {
    rows = loadRealRows();
    model = (await trainForest(rows.X, rows.y, { nEstimators: 20, seed: 8 })).model;
    // A small capacity makes the 15k rows go in several rounds.
    scorer = await ParallelForestScorer.start(model, { threads: 2, capacityRows: 3000 });
  });
  after(async () => {
    await scorer.close();
  });

  it('gives the single-thread scores for every row, whatever the batch size', async () => {
    const expected = FlatForest.fromModel(model).scoreBatch(
      rows.X,
      rows.nRows,
      1,
      new Float64Array(rows.nRows),
    );
    assert.equal(scorer.threads, 2);
    for (const n of [rows.nRows, 700, 1]) {
      const out = await scorer.scoreBatch(rows.X, n, 1, new Float64Array(n));
      assert.deepEqual(out, expected.subarray(0, n));
    }
  });

  it('queues concurrent batches without mixing their rows', async () => {
    const half = Math.floor(rows.nRows / 2);
    const second = rows.X.subarray(half * rows.nFeatures);
    const [a, b] = await Promise.all([
      scorer.scoreBatch(rows.X, half, 1, new Float64Array(half)),
      scorer.scoreBatch(second, rows.nRows - half, 0, new Float64Array(rows.nRows - half)),
    ]);
    const single = FlatForest.fromModel(model);
    assert.deepEqual(a, single.scoreBatch(rows.X, half, 1, new Float64Array(half)));
    assert.deepEqual(b, single.scoreBatch(second, rows.nRows - half, 0, new Float64Array(rows.nRows - half)));
  });

  it('rejects a batch that does not fit the model', async () => {
    await assert.rejects(
      scorer.scoreBatch(rows.X.subarray(0, 5), 2, 1, new Float64Array(2)),
      (error: unknown) => error instanceof PipelineError && error.code === 'FEATURE_SET_MISMATCH',
    );
  });
});
