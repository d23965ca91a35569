import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PipelineError } from '../../../packages/core/src/errors.ts';
import { resolveMaxFeatures, resolveOptions } from '../../../packages/core/src/forest/options.ts';
import { CIC2018_DIR, loadRealRows } from './real-rows.ts';

const rows = loadRealRows([`${CIC2018_DIR}/label_Brute-Force-XSS.csv`]);

function configError(error: unknown): boolean {
  return error instanceof PipelineError && error.code === 'CONFIG_INVALID';
}

describe('forest options', () => {
  it('resolves maxFeatures like scikit-learn for 77 features', () => {
    assert.equal(resolveMaxFeatures(undefined, 77), 8);
    assert.equal(resolveMaxFeatures('log2', 77), 6);
    assert.equal(resolveMaxFeatures('all', 77), 77);
    assert.equal(resolveMaxFeatures(12, 77), 12);
    assert.equal(resolveMaxFeatures(0.5, 77), 38);
    assert.throws(() => resolveMaxFeatures(78, 77), configError);
    assert.throws(() => resolveMaxFeatures(0, 77), configError);
  });

  it("weighs classes 'balanced' from the label counts of the real slice", () => {
    const { tree } = resolveOptions({ classWeight: 'balanced' }, rows.y, rows.nFeatures);
    const attacks = rows.labels.filter((l) => l !== 'Benign').length;
    const benign = rows.nRows - attacks;
    assert.equal(benign, 504);
    assert.deepEqual(tree.classWeight, [rows.nRows / (2 * benign), rows.nRows / (2 * attacks)]);
  });

  it('fills defaults: 100 trees, bootstrap of n draws, unlimited depth, leaves of one row, seed 42', () => {
    const r = resolveOptions({}, rows.y, rows.nFeatures);
    assert.equal(r.nEstimators, 100);
    assert.equal(r.seed, 42);
    assert.equal(r.maxBins, 255);
    assert.deepEqual(r.tree, {
      nClasses: 2,
      maxFeatures: 8,
      bootstrap: true,
      nDraws: rows.nRows,
      maxDepth: Number.POSITIVE_INFINITY,
      minSamplesSplit: 2,
      minSamplesLeaf: 1,
      classWeight: [1, 1],
    });
    assert.equal(
      resolveOptions({ maxSamples: 0.5 }, rows.y, rows.nFeatures).tree.nDraws,
      Math.round(rows.nRows / 2),
    );
  });

  it('rejects impossible settings with CONFIG_INVALID and negative labels with BAD_NUMBER', () => {
    for (const bad of [
      { nEstimators: 0 },
      { maxDepth: -1 },
      { minSamplesSplit: 1 },
      { maxBins: 300 },
      { maxSamples: rows.nRows + 1 },
      { classWeight: [1] },
      { nClasses: 1 },
    ]) {
      assert.throws(() => resolveOptions(bad, rows.y, rows.nFeatures), configError, JSON.stringify(bad));
    }
    assert.throws(
      () => resolveOptions({}, Int32Array.of(0, -1), rows.nFeatures),
      (error: unknown) => error instanceof PipelineError && error.code === 'BAD_NUMBER',
    );
  });
});
