/**
 * Trainer options, their defaults (scikit-learn's RandomForestClassifier defaults where a counterpart
 * exists) and their validation into the concrete numbers a tree needs.
 */
import { availableParallelism } from 'node:os';
import { PipelineError } from '../errors.ts';
import { DEFAULT_MAX_BINS, MAX_BINS } from './binning.ts';

export interface ForestOptions {
  /** Number of trees. Default 100. */
  nEstimators?: number;
  /** Features tried at each split: 'sqrt' (default), 'log2', 'all', an integer count, or a fraction in (0, 1]. */
  maxFeatures?: 'sqrt' | 'log2' | 'all' | number;
  /** Draw a bootstrap sample per tree. Default true. */
  bootstrap?: boolean;
  /** Bootstrap draws per tree: an integer count or a fraction of the rows. Default: as many as rows. */
  maxSamples?: number;
  /** Root has depth 0; a node at depth d splits only if d < maxDepth. Default unlimited. */
  maxDepth?: number;
  /** Fewest distinct training rows a node needs to be split. Default 2. */
  minSamplesSplit?: number;
  /** Fewest distinct training rows in each child of a split. Default 1. */
  minSamplesLeaf?: number;
  /** 'balanced' weighs class c by nRows / (nClasses * count(c)); an array gives the weights. Default none. */
  classWeight?: 'balanced' | readonly number[];
  /** Bins per feature, 2..256. Default 255. */
  maxBins?: number;
  /** Seed of the whole forest; tree i uses a generator derived from (seed, i). Default 42. */
  seed?: number;
  /** Worker threads. Default os.availableParallelism(). */
  threads?: number;
  /** Number of classes; default max(y) + 1. */
  nClasses?: number;
  /** Feature names, used in error messages. */
  featureNames?: readonly string[];
  /** Called after each finished tree, in completion order. */
  onProgress?: (treesDone: number, total: number) => void;
}

/** What a single tree needs to know, all numbers, so it can cross to a worker as is. */
export interface TreeParams {
  nClasses: number;
  maxFeatures: number;
  bootstrap: boolean;
  nDraws: number;
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  classWeight: number[];
}

export interface ResolvedOptions {
  nEstimators: number;
  maxBins: number;
  seed: number;
  threads: number;
  tree: TreeParams;
}

function invalid(message: string): PipelineError {
  return new PipelineError('CONFIG_INVALID', message);
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw invalid(`${name} must be a positive integer, got ${value}`);
  return v;
}

export function resolveMaxFeatures(value: ForestOptions['maxFeatures'], nFeatures: number): number {
  const v = value ?? 'sqrt';
  if (v === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(nFeatures)));
  if (v === 'log2') return Math.max(1, Math.floor(Math.log2(nFeatures)));
  if (v === 'all') return nFeatures;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= nFeatures) return v;
  if (typeof v === 'number' && v > 0 && v < 1) return Math.max(1, Math.floor(v * nFeatures));
  throw invalid(
    `maxFeatures must be 'sqrt', 'log2', 'all', an integer in [1, ${nFeatures}] or a fraction in (0, 1), got ${v}`,
  );
}

function resolveDraws(value: number | undefined, nRows: number): number {
  if (value === undefined) return nRows;
  if (Number.isInteger(value) && value >= 1 && value <= nRows) return value;
  if (value > 0 && value <= 1) return Math.max(1, Math.round(value * nRows));
  throw invalid(`maxSamples must be an integer in [1, ${nRows}] or a fraction in (0, 1], got ${value}`);
}

function resolveClassWeight(value: ForestOptions['classWeight'], y: Int32Array, nClasses: number): number[] {
  if (value === undefined) return new Array<number>(nClasses).fill(1);
  if (value === 'balanced') {
    const counts = new Array<number>(nClasses).fill(0);
    for (let i = 0; i < y.length; i++) counts[y[i]!]!++;
    return counts.map((c) => (c === 0 ? 0 : y.length / (nClasses * c)));
  }
  if (value.length !== nClasses || !value.every((w) => Number.isFinite(w) && w >= 0)) {
    throw invalid(`classWeight must hold ${nClasses} finite non-negative weights`);
  }
  return [...value];
}

/** Checks labels and options against the data and fills in every default. */
export function resolveOptions(options: ForestOptions, y: Int32Array, nFeatures: number): ResolvedOptions {
  const nRows = y.length;
  if (nRows === 0) throw invalid('no training rows');
  let maxLabel = 0;
  for (let i = 0; i < nRows; i++) {
    const c = y[i]!;
    if (c < 0)
      throw new PipelineError('BAD_NUMBER', `training label at row ${i} is ${c}: class indices start at 0`);
    if (c > maxLabel) maxLabel = c;
  }
  const nClasses = positiveInteger('nClasses', options.nClasses, Math.max(2, maxLabel + 1));
  if (maxLabel >= nClasses) throw invalid(`label ${maxLabel} does not fit nClasses = ${nClasses}`);
  if (nClasses > 255) throw invalid(`at most 255 classes are supported, got ${nClasses}`);
  const maxBins = positiveInteger('maxBins', options.maxBins, DEFAULT_MAX_BINS);
  if (maxBins < 2 || maxBins > MAX_BINS) throw invalid(`maxBins must be in [2, ${MAX_BINS}], got ${maxBins}`);
  const seed = options.seed ?? 42;
  if (!Number.isInteger(seed)) throw invalid(`seed must be an integer, got ${seed}`);
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  if (!(maxDepth === Number.POSITIVE_INFINITY || (Number.isInteger(maxDepth) && maxDepth >= 0))) {
    throw invalid(`maxDepth must be a non-negative integer, got ${maxDepth}`);
  }
  const minSamplesSplit = positiveInteger('minSamplesSplit', options.minSamplesSplit, 2);
  if (minSamplesSplit < 2) throw invalid(`minSamplesSplit must be at least 2, got ${minSamplesSplit}`);
  return {
    nEstimators: positiveInteger('nEstimators', options.nEstimators, 100),
    maxBins,
    seed,
    threads: positiveInteger('threads', options.threads, availableParallelism()),
    tree: {
      nClasses,
      maxFeatures: resolveMaxFeatures(options.maxFeatures, nFeatures),
      bootstrap: options.bootstrap ?? true,
      nDraws: resolveDraws(options.maxSamples, nRows),
      maxDepth,
      minSamplesSplit,
      minSamplesLeaf: positiveInteger('minSamplesLeaf', options.minSamplesLeaf, 1),
      classWeight: resolveClassWeight(options.classWeight, y, nClasses),
    },
  };
}
