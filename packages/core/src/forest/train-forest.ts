/**
 * trainForest: bins the data once into shared memory, grows the trees on worker threads, and assembles
 * ml-random-forest's RFClassifier JSON plus impurity-based feature importance.
 */
import { PipelineError, toPipelineError } from '../errors.ts';
import { type BinnedFeatures, binFeatures } from './binning.ts';
import type { GrownTree } from './grown-tree.ts';
import type { DecisionTreeJson, RandomForestJson, TreeOptionsJson } from './model-json.ts';
import { type ForestOptions, type ResolvedOptions, resolveOptions } from './options.ts';
import { startTsWorker } from './start-ts-worker.ts';
import type { TrainWorkerData, TreeMessage } from './train-worker.ts';
import { treeToJson } from './tree-json.ts';

export interface TrainStats {
  nRows: number;
  nFeatures: number;
  nClasses: number;
  nTrees: number;
  threads: number;
  maxFeaturesPerSplit: number;
  /** Features with a single distinct value: never split on. */
  constantFeatures: number[];
  binningMs: number;
  growingMs: number;
  totalMs: number;
  nodes: number;
  leaves: number;
  maxDepth: number;
  meanDepth: number;
}

export interface TrainForestResult {
  model: RandomForestJson;
  /** Per feature, mean over trees of each tree's normalised impurity decrease; sums to 1 (all 0 if no split). */
  importance: Float64Array;
  stats: TrainStats;
}

/**
 * Trains a random forest.
 * @param X row-major nRows x nFeatures, finite values only (a non-finite value is a BAD_NUMBER error)
 * @param y class index per row
 */
export async function trainForest(
  X: Float64Array,
  y: Int32Array,
  options: ForestOptions = {},
): Promise<TrainForestResult> {
  const started = performance.now();
  const nRows = y.length;
  const nFeatures = nRows === 0 ? 0 : X.length / nRows;
  if (nRows > 0 && !(Number.isInteger(nFeatures) && nFeatures >= 1)) {
    throw new PipelineError(
      'FEATURE_SET_MISMATCH',
      `training matrix has ${X.length} values, not a whole number of features for ${nRows} labels`,
    );
  }
  const resolved = resolveOptions(options, y, nFeatures);
  const binned = binFeatures(X, nRows, nFeatures, {
    maxBins: resolved.maxBins,
    featureNames: options.featureNames,
    seed: resolved.seed,
  });
  const binnedAt = performance.now();
  const trees = await growTrees(binned, y, resolved, options.onProgress);
  const grownAt = performance.now();

  const treeOptions: TreeOptionsJson = {
    gainFunction: 'gini',
    splitFunction: 'mean',
    // ml-cart makes a leaf when rows <= minNumSamples.
    minNumSamples: resolved.tree.minSamplesSplit - 1,
    maxDepth: Number.isFinite(resolved.tree.maxDepth) ? resolved.tree.maxDepth : null,
    gainThreshold: 0,
    kind: 'classifier',
  };
  const estimators: DecisionTreeJson[] = trees.map((tree) =>
    treeToJson(tree, binned.thresholds, treeOptions),
  );
  const allColumns = Array.from({ length: nFeatures }, (_, i) => i);
  const model: RandomForestJson = {
    name: 'RFClassifier',
    baseModel: {
      // Features are sampled per split, not per tree, so every tree sees every column.
      indexes: trees.map(() => allColumns),
      n: nFeatures,
      replacement: false,
      maxFeatures: 1.0,
      nEstimators: trees.length,
      treeOptions,
      isClassifier: true,
      seed: resolved.seed,
      estimators,
      useSampleBagging: resolved.tree.bootstrap,
      netattack: {
        trainer: 'netattack-binned-histogram',
        nClasses: resolved.tree.nClasses,
        nFeatures,
        maxFeaturesPerSplit: resolved.tree.maxFeatures,
        bootstrap: resolved.tree.bootstrap,
        drawsPerTree: resolved.tree.nDraws,
        maxDepth: treeOptions.maxDepth,
        minSamplesSplit: resolved.tree.minSamplesSplit,
        minSamplesLeaf: resolved.tree.minSamplesLeaf,
        classWeight: resolved.tree.classWeight,
        maxBins: resolved.maxBins,
      },
    },
  };

  let nodes = 0;
  let leaves = 0;
  let maxDepth = 0;
  let depthSum = 0;
  for (const tree of trees) {
    nodes += tree.nNodes;
    for (let i = 0; i < tree.nNodes; i++) if (tree.feature[i]! < 0) leaves++;
    maxDepth = Math.max(maxDepth, tree.depth);
    depthSum += tree.depth;
  }
  const constantFeatures: number[] = [];
  for (let f = 0; f < nFeatures; f++) if (binned.nBins[f] === 1) constantFeatures.push(f);
  const finished = performance.now();
  return {
    model,
    importance: forestImportance(trees, nFeatures),
    stats: {
      nRows,
      nFeatures,
      nClasses: resolved.tree.nClasses,
      nTrees: trees.length,
      threads: Math.min(resolved.threads, resolved.nEstimators),
      maxFeaturesPerSplit: resolved.tree.maxFeatures,
      constantFeatures,
      binningMs: binnedAt - started,
      growingMs: grownAt - binnedAt,
      totalMs: finished - started,
      nodes,
      leaves,
      maxDepth,
      meanDepth: depthSum / trees.length,
    },
  };
}

/** scikit-learn's definition: normalise each tree's impurity decreases, average, normalise again. */
export function forestImportance(trees: readonly GrownTree[], nFeatures: number): Float64Array {
  const total = new Float64Array(nFeatures);
  for (const tree of trees) {
    let sum = 0;
    for (let f = 0; f < nFeatures; f++) sum += tree.importance[f]!;
    if (sum > 0) for (let f = 0; f < nFeatures; f++) total[f]! += tree.importance[f]! / sum;
  }
  let sum = 0;
  for (let f = 0; f < nFeatures; f++) sum += total[f]!;
  if (sum > 0) for (let f = 0; f < nFeatures; f++) total[f]! /= sum;
  return total;
}

/** Grows every tree on min(threads, trees) workers sharing the binned data; resolves with trees in index order. */
function growTrees(
  binned: BinnedFeatures,
  y: Int32Array,
  resolved: ResolvedOptions,
  onProgress: ((treesDone: number, total: number) => void) | undefined,
): Promise<GrownTree[]> {
  const nTrees = resolved.nEstimators;
  const labels = new Uint8Array(new SharedArrayBuffer(y.length));
  labels.set(y);
  const workerData: TrainWorkerData = {
    data: {
      nRows: binned.nRows,
      nFeatures: binned.nFeatures,
      codes: binned.codes,
      nBins: binned.nBins,
      y: labels,
    },
    params: resolved.tree,
    seed: resolved.seed,
    nTrees,
    nextTree: new Int32Array(new SharedArrayBuffer(4)),
  };
  const trees: GrownTree[] = new Array(nTrees);
  const nWorkers = Math.min(resolved.threads, nTrees);
  return new Promise((resolve, reject) => {
    let done = 0;
    let running = nWorkers;
    let failed = false;
    const workers = Array.from({ length: nWorkers }, () =>
      startTsWorker(
        new URL('./train-worker.ts', import.meta.url),
        workerData as unknown as Record<string, unknown>,
      ),
    );
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(toPipelineError(error));
    };
    for (const worker of workers) {
      worker.on('message', (message: TreeMessage) => {
        trees[message.index] = message.tree;
        done++;
        try {
          onProgress?.(done, nTrees);
        } catch (error) {
          fail(error);
        }
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        running--;
        if (failed) return;
        if (code !== 0) fail(new Error(`forest worker exited with code ${code}`));
        else if (running === 0) {
          if (done === nTrees) resolve(trees);
          else fail(new Error(`forest workers stopped after ${done} of ${nTrees} trees`));
        }
      });
    }
  });
}
