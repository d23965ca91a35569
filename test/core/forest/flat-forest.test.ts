import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { RandomForestClassifier } from 'ml-random-forest';
import { PipelineError } from '../../../packages/core/src/errors.ts';
import { FlatForest, type FlatForestOptions } from '../../../packages/core/src/forest/flat-forest.ts';
import type { RandomForestJson } from '../../../packages/core/src/forest/model-json.ts';
import { trainForest } from '../../../packages/core/src/forest/train-forest.ts';
import { loadRealRows, type RealRows, rowArray, selectRows, stratifiedSplit } from './real-rows.ts';
import { loadReference, matrix } from './reference-forest.ts';

interface Fixture {
  train: RealRows;
  test: RealRows;
  model: RandomForestJson;
  reference: RandomForestClassifier;
  /** Per test row, each tree's vote, as ml-random-forest computes them. */
  votes: number[][];
}

async function fixture(nEstimators: number, seed: number): Promise<Fixture> {
  const all = loadRealRows();
  const split = stratifiedSplit(all.y, 0.7, seed);
  const train = selectRows(all, split.train);
  const test = selectRows(all, split.test);
  const { model } = await trainForest(train.X, train.y, { nEstimators, seed });
  const json = JSON.parse(JSON.stringify(model)) as RandomForestJson;
  const reference = loadReference(json);
  const votes = reference.predictionValues(matrix(test)).to2DArray();
  return { train, test, model: json, reference, votes };
}

function share(votes: number[], label: number): number {
  return votes.filter((v) => v === label).length / votes.length;
}

describe('FlatForest against ml-random-forest, 100 trees trained on the real 2018 rows', () => {
  let fx: Fixture;
  before(async () => {
    fx = await fixture(100, 21);
  });

  /** Every way FlatForest can run: row-by-row generated code, row-by-row array walk, batch partitioning. */
  const variants: Array<[string, FlatForestOptions]> = [
    ['generated code', { partitionMinRows: Number.POSITIVE_INFINITY }],
    ['array walk', { codegen: false, partitionMinRows: Number.POSITIVE_INFINITY }],
    ['partitioned batches', { partitionMinRows: 1 }],
    ['defaults', {}],
  ];

  for (const [name, options] of variants) {
    it(`scores every test row with exactly the share of ml-random-forest trees voting for the class (${name})`, () => {
      const forest = FlatForest.fromModel(fx.model, options);
      for (const label of [0, 1]) {
        const scores = forest.scoreBatch(fx.test.X, fx.test.nRows, label, new Float64Array(fx.test.nRows));
        for (const [r, votes] of fx.votes.entries()) assert.equal(scores[r], share(votes, label), `row ${r}`);
      }
      // Batches of one row and of a few hundred take the other paths under the defaults.
      for (const size of [1, 300]) {
        for (let start = 0; start + size <= 1200; start += size) {
          const part = fx.test.X.subarray(start * fx.test.nFeatures, (start + size) * fx.test.nFeatures);
          const scores = forest.scoreBatch(part, size, 1, new Float64Array(size));
          for (let i = 0; i < size; i++) assert.equal(scores[i], share(fx.votes[start + i]!, 1));
        }
      }
    });

    it(`predicts the same class as RandomForestClassifier.predict on every test row (${name})`, () => {
      const forest = FlatForest.fromModel(fx.model, options);
      const classes = forest.predictClassBatch(fx.test.X, fx.test.nRows, new Int32Array(fx.test.nRows));
      assert.deepEqual(Array.from(classes), fx.reference.predict(matrix(fx.test)));
    });
  }

  it('differs from predictProbability exactly by its first-tree defect and 1e-6 rounding', () => {
    // ml-random-forest 2.1.0 reduce()s the votes without an initial value, so the first tree adds its class
    // index instead of 1e6/n when it votes for the label. We reproduce that to show it is the only difference.
    const forest = FlatForest.fromModel(fx.model);
    const scores = forest.scoreBatch(fx.test.X, fx.test.nRows, 1, new Float64Array(fx.test.nRows));
    const probabilities = fx.reference.predictProbability(matrix(fx.test), 1) as number[];
    let differing = 0;
    fx.votes.forEach((votes, r) => {
      const n = votes.length;
      const firstTreeFix = votes[0] === 1 ? 1 / n - 1e-6 : votes[0]! * 1e-6;
      const expected = scores[r]! - firstTreeFix;
      assert.ok(
        Math.abs(probabilities[r]! - expected) <= 5e-7,
        `row ${r}: ${probabilities[r]} vs ${expected}`,
      );
      if (probabilities[r] !== scores[r]) differing++;
    });
    assert.ok(differing > 0);
  });

  it('explains a row: bias + contributions = mean leaf fraction, as ml-cart leaves give it', () => {
    const forest = FlatForest.fromModel(fx.model);
    const estimators = (
      fx.reference as unknown as {
        estimators: Array<{ root: { classify(row: number[]): { get(i: number, j: number): number } } }>;
      }
    ).estimators;
    let attacksExplained = 0;
    for (let r = 0; r < fx.test.nRows; r += 97) {
      const row = rowArray(fx.test, r);
      const { bias, values, score } = forest.contributions(row, 1);
      const leafMean =
        estimators.reduce((sum, tree) => sum + tree.root.classify(row).get(0, 1), 0) / estimators.length;
      assert.ok(Math.abs(score - leafMean) < 1e-12);
      assert.ok(Math.abs(bias + values.reduce((a, b) => a + b, 0) - score) < 1e-12);
      if (fx.test.y[r] === 1 && score > 0.9) {
        attacksExplained++;
        // An attack scored high is pushed up by some feature, and features never used get nothing.
        assert.ok(Math.max(...values) > 0);
      }
    }
    assert.ok(attacksExplained > 0);
    const unused = fx.train.featureNames.indexOf('Bwd PSH Flags');
    assert.equal(forest.contributions(rowArray(fx.test, 0), 1).values[unused], 0);
  });

  it('rejects batches and classes that do not fit the model', () => {
    const forest = FlatForest.fromModel(fx.model);
    assert.equal(forest.nFeatures, fx.test.nFeatures);
    assert.throws(
      () => forest.scoreBatch(fx.test.X.subarray(0, 10), 1, 1, new Float64Array(1)),
      (error: unknown) => error instanceof PipelineError && error.code === 'FEATURE_SET_MISMATCH',
    );
    assert.throws(
      () => forest.scoreBatch(fx.test.X, 2, 5, new Float64Array(2)),
      (error: unknown) => error instanceof PipelineError && error.code === 'CONFIG_INVALID',
    );
  });
});

describe('FlatForest vote ties', () => {
  it('breaks ties like ml-array-mode on a 4-tree forest over the real rows', async () => {
    const fx = await fixture(4, 5);
    const forest = FlatForest.fromModel(fx.model);
    const ties = fx.votes.filter((v) => share(v, 1) === 0.5);
    // Ties must occur, with both orders of first votes, for the comparison to mean anything.
    assert.ok(ties.some((v) => v[0] === 0) && ties.some((v) => v[0] === 1), `ties: ${ties.length}`);
    const classes = forest.predictClassBatch(fx.test.X, fx.test.nRows, new Int32Array(fx.test.nRows));
    assert.deepEqual(Array.from(classes), fx.reference.predict(matrix(fx.test)));
  });
});

describe('FlatForest on a model trained by ml-random-forest itself', () => {
  it('matches its predict and votes, and refuses to explain without class fractions', () => {
    const all = loadRealRows();
    const small = selectRows(all, stratifiedSplit(all.y, 300 / all.nRows, 2).train);
    const rf = new RandomForestClassifier({ nEstimators: 6, seed: 4, maxFeatures: 0.3, noOOB: true });
    rf.train(matrix(small), Array.from(small.y));
    const json = JSON.parse(JSON.stringify(rf.toJSON()));
    const forest = FlatForest.fromModel(json, { nFeatures: all.nFeatures });
    const reference = loadReference(json);
    const X = matrix(all);
    const votes = reference.predictionValues(X).to2DArray();
    const scores = forest.scoreBatch(all.X, all.nRows, 1, new Float64Array(all.nRows));
    for (const [r, v] of votes.entries()) assert.equal(scores[r], share(v, 1));
    const classes = forest.predictClassBatch(all.X, all.nRows, new Int32Array(all.nRows));
    assert.deepEqual(Array.from(classes), reference.predict(X));
    assert.throws(
      () => forest.contributions(rowArray(all, 0), 1),
      (error: unknown) => error instanceof PipelineError && error.code === 'MODEL_INVALID',
    );
  });

  it('rejects what is not an RFClassifier model', () => {
    for (const bad of [
      null,
      {},
      { name: 'RFClassifier' },
      { name: 'RFClassifier', baseModel: { estimators: [], indexes: [] } },
    ]) {
      assert.throws(
        () => FlatForest.fromModel(bad),
        (error: unknown) => error instanceof PipelineError && error.code === 'MODEL_INVALID',
      );
    }
  });
});
