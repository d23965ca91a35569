import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type BinnedFeatures, binFeatures } from '../../../packages/core/src/forest/binning.ts';
import type { GrownTree } from '../../../packages/core/src/forest/grown-tree.ts';
import { type ForestOptions, resolveOptions } from '../../../packages/core/src/forest/options.ts';
import { type BinnedTrainingSet, TreeGrower } from '../../../packages/core/src/forest/tree-grower.ts';
import { treeRng } from '../../../packages/core/src/random/seeded-rng.ts';
import { loadRealRows, type RealRows } from './real-rows.ts';

let rows: RealRows;
let binned: BinnedFeatures;
let data: BinnedTrainingSet;

function grow(options: ForestOptions, treeIndex = 0): GrownTree {
  const params = resolveOptions(options, rows.y, rows.nFeatures).tree;
  return new TreeGrower(data, params).grow(treeRng(options.seed ?? 42, treeIndex));
}

/** The leaf a training row reaches, following bin codes. */
function leafOf(tree: GrownTree, r: number): number {
  let n = 0;
  while (tree.feature[n]! >= 0) {
    const code = binned.codes[tree.feature[n]! * rows.nRows + r]!;
    n = code < tree.splitBin[n]! ? tree.left[n]! : tree.right[n]!;
  }
  return n;
}

before(() => {
  rows = loadRealRows();
  binned = binFeatures(rows.X, rows.nRows, rows.nFeatures);
  data = { ...binned, y: Uint8Array.from(rows.y) };
});

describe('TreeGrower on the real 2018 rows', () => {
  it('without bootstrap fits every row whose binned feature vector has a single label', () => {
    const tree = grow({ bootstrap: false, maxFeatures: 'all' });
    // Rows with identical bin codes but different labels cannot be separated; every other row must be.
    const labelsByVector = new Map<string, Set<number>>();
    const key = (r: number): string =>
      Array.from({ length: rows.nFeatures }, (_, f) => binned.codes[f * rows.nRows + r]).join(',');
    for (let r = 0; r < rows.nRows; r++) {
      const k = key(r);
      const set = labelsByVector.get(k) ?? new Set<number>();
      set.add(rows.y[r]!);
      labelsByVector.set(k, set);
    }
    let separable = 0;
    for (let r = 0; r < rows.nRows; r++) {
      if (labelsByVector.get(key(r))!.size > 1) continue;
      separable++;
      const leaf = leafOf(tree, r);
      assert.equal(tree.fractions[leaf * 2 + rows.y[r]!], 1, `row ${r} lands in an impure leaf`);
    }
    assert.ok(separable > rows.nRows * 0.9);
  });

  it('keeps its bookkeeping consistent: samples add up, fractions sum to 1, preorder left children', () => {
    const tree = grow({ seed: 3 });
    let leafSamples = 0;
    for (let n = 0; n < tree.nNodes; n++) if (tree.feature[n]! < 0) leafSamples += tree.samples[n]!;
    assert.equal(leafSamples, tree.samples[0]);
    for (let n = 0; n < tree.nNodes; n++) {
      const sum = tree.fractions[n * 2]! + tree.fractions[n * 2 + 1]!;
      assert.ok(Math.abs(sum - 1) < 1e-12);
      if (tree.feature[n]! >= 0) {
        assert.equal(tree.left[n], n + 1);
        assert.equal(tree.samples[n], tree.samples[tree.left[n]!]! + tree.samples[tree.right[n]!]!);
        assert.ok(tree.gain[n]! >= -1e-12);
        assert.ok(tree.splitBin[n]! >= 1 && tree.splitBin[n]! < binned.nBins[tree.feature[n]!]!);
      }
    }
    // The bootstrap sample holds about 1 - 1/e of the distinct rows.
    assert.ok(Math.abs(tree.samples[0]! / rows.nRows - (1 - Math.exp(-1))) < 0.02);
  });

  it('respects maxDepth and minSamplesLeaf', () => {
    const shallow = grow({ maxDepth: 3, seed: 4 });
    assert.ok(shallow.depth <= 3);
    const wide = grow({ minSamplesLeaf: 25, seed: 4 });
    for (let n = 0; n < wide.nNodes; n++) if (wide.feature[n]! < 0) assert.ok(wide.samples[n]! >= 25);
  });

  it('never splits on a constant feature and credits importance only to used features', () => {
    const tree = grow({ seed: 5 });
    const used = new Set<number>();
    for (let n = 0; n < tree.nNodes; n++) if (tree.feature[n]! >= 0) used.add(tree.feature[n]!);
    for (let f = 0; f < rows.nFeatures; f++) {
      if (binned.nBins[f] === 1) assert.ok(!used.has(f));
      if (!used.has(f)) assert.equal(tree.importance[f], 0);
      else assert.ok(tree.importance[f]! >= 0);
    }
  });

  it('is a function of (data, options, tree index): same index same tree, another index another tree', () => {
    const a = grow({ seed: 9 }, 2);
    const b = grow({ seed: 9 }, 2);
    const c = grow({ seed: 9 }, 3);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.feature, c.feature);
  });

  it("weighs classes with 'balanced' so the minority's fractions are scaled up at the root", () => {
    const tree = grow({ classWeight: 'balanced', bootstrap: false });
    assert.ok(Math.abs(tree.fractions[0]! - 0.5) < 1e-12);
    assert.ok(Math.abs(tree.fractions[1]! - 0.5) < 1e-12);
  });
});
