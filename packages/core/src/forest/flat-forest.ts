/**
 * FlatForest: ml-random-forest's classifier compiled once into typed arrays and per-tree kernels. Chunks of
 * rows are scored tree by tree: large chunks by partitioning the rows through the tree (partitioned-votes.ts),
 * small ones row by row (tree-kernels.ts); both give every row the vote of the leaf ml-cart would reach.
 *
 * Same answers as RandomForestClassifier on the same JSON:
 * - predictClassBatch equals predict(): per-tree votes combined by ml-array-mode's rule (trees in order; a class
 *   takes the lead only when its count strictly exceeds the best so far, so on a tie the class that reached the
 *   tied count first wins).
 * - scoreBatch(…, label) is the share of trees voting `label`, computed as votes / nTrees without rounding.
 *   ml-random-forest 2.1.0's predictProbability is NOT that share: it rounds to 1e-6 and, because its reduce()
 *   has no initial value, starts from the first tree's vote (a class index) instead of 0, so it reads
 *   (firstVote + 1e6/n * #{t >= 1 : vote_t = label}) / 1e6. Tests check both facts against the library.
 */
import { PipelineError } from '../errors.ts';
import { type FlatTrees, flattenForest } from './flatten.ts';
import { PartitionedVotes } from './partitioned-votes.ts';
import { buildKernels, type TreeKernel } from './tree-kernels.ts';

export interface FlatForestOptions {
  /** Generate JavaScript per tree for row-by-row walks (default true); false walks the typed arrays. */
  codegen?: boolean;
  /**
   * Chunks of at least this many rows are scored by partitioning the batch through each tree
   * (partitioned-votes.ts) rather than walking row by row. Default 128 (measured break-even about 100 rows); Infinity turns it off.
   */
  partitionMinRows?: number;
  /** Row width when the model's own columns do not say it (e.g. trailing features no tree uses). */
  nFeatures?: number;
}

/** Saabas-style explanation of one row: score = bias + sum(values). */
export interface Contributions {
  /** Mean over trees of the root's fraction of the class. */
  bias: number;
  /** Per input feature, mean over trees of the fraction changes at splits on that feature along the row's path. */
  values: Float64Array;
  /** Mean over trees of the leaf's fraction of the class (soft score; scoreBatch counts votes instead). */
  score: number;
}

/** Rows per pass: the chunk's rows stay in cache while every tree runs over them. */
const CHUNK = 4096;
const DEFAULT_PARTITION_MIN_ROWS = 128;

export class FlatForest {
  readonly nTrees: number;
  readonly nClasses: number;
  readonly nFeatures: number;
  readonly nNodes: number;
  private readonly votes = new Int32Array(CHUNK);
  private readonly tally = new Int32Array(CHUNK);
  private partitioned: PartitionedVotes | null = null;

  private constructor(
    readonly flat: FlatTrees,
    private readonly kernels: TreeKernel[],
    private readonly partitionMinRows: number,
  ) {
    this.nTrees = flat.nTrees;
    this.nClasses = flat.nClasses;
    this.nFeatures = flat.nFeatures;
    this.nNodes = flat.nNodes;
  }

  /** Compiles an RFClassifier JSON model (parsed object); a malformed one is a MODEL_INVALID error. */
  static fromModel(model: unknown, options: FlatForestOptions = {}): FlatForest {
    return FlatForest.fromFlat(flattenForest(model, options.nFeatures), options);
  }

  /** Builds the kernels over already flattened trees (e.g. arrays shared with a worker). */
  static fromFlat(flat: FlatTrees, options: FlatForestOptions = {}): FlatForest {
    const minRows = options.partitionMinRows ?? DEFAULT_PARTITION_MIN_ROWS;
    if (!(minRows >= 1))
      throw new PipelineError('CONFIG_INVALID', `partitionMinRows must be >= 1, got ${minRows}`);
    return new FlatForest(flat, buildKernels(flat, options.codegen ?? true), minRows);
  }

  /**
   * out[r] = share of trees voting `positiveClass` for row r, r < nRows.
   * @param values row-major, nRows x nFeatures
   */
  scoreBatch(values: Float64Array, nRows: number, positiveClass: number, out: Float64Array): Float64Array {
    this.assertBatch(values, nRows, out.length);
    this.assertClass(positiveClass);
    this.scoreRange(values, 0, nRows, positiveClass, out);
    return out;
  }

  /** scoreBatch over rows [start, end) only, writing out[start..end); no argument checks (hot path). */
  scoreRange(
    values: Float64Array,
    start: number,
    end: number,
    positiveClass: number,
    out: Float64Array,
  ): void {
    const { votes, tally, kernels, nFeatures, nTrees } = this;
    for (let c0 = start; c0 < end; c0 += CHUNK) {
      const c1 = Math.min(end, c0 + CHUNK);
      const n = c1 - c0;
      if (n >= this.partitionMinRows) {
        const counts = this.loadPartitioned(values, c0, n).countVotes(positiveClass);
        for (let i = 0; i < n; i++) out[c0 + i] = counts[i]! / nTrees;
        continue;
      }
      tally.fill(0, 0, n);
      for (let t = 0; t < nTrees; t++) {
        kernels[t]!(values, nFeatures, c0, c1, votes);
        for (let i = 0; i < n; i++) if (votes[i] === positiveClass) tally[i]!++;
      }
      for (let i = 0; i < n; i++) out[c0 + i] = tally[i]! / nTrees;
    }
  }

  /** out[r] = the class RandomForestClassifier.predict gives row r. */
  predictClassBatch(values: Float64Array, nRows: number, out: Int32Array): Int32Array {
    this.assertBatch(values, nRows, out.length);
    const { nTrees, nClasses } = this;
    const counts = new Int32Array(CHUNK * nClasses);
    const best = new Int32Array(CHUNK);
    for (let c0 = 0; c0 < nRows; c0 += CHUNK) {
      const c1 = Math.min(nRows, c0 + CHUNK);
      const n = c1 - c0;
      counts.fill(0);
      best.fill(0);
      const treeVotes = this.chunkVoter(values, c0, c1);
      for (let t = 0; t < nTrees; t++) {
        const votes = treeVotes(t);
        for (let i = 0; i < n; i++) {
          const c = votes[i]!;
          const k = ++counts[i * nClasses + c]!;
          // ml-array-mode: the lead changes only on a strictly larger count.
          if (k > best[i]!) {
            best[i] = k;
            out[c0 + i] = c;
          }
        }
      }
    }
    return out;
  }

  /** Prepares rows [c0, c1) and returns a function giving tree t's vote per row (entries 0..n-1). */
  private chunkVoter(values: Float64Array, c0: number, c1: number): (t: number) => Int32Array {
    const { votes, kernels, nFeatures } = this;
    if (c1 - c0 < this.partitionMinRows) {
      return (t) => {
        kernels[t]!(values, nFeatures, c0, c1, votes);
        return votes;
      };
    }
    const partitioned = this.loadPartitioned(values, c0, c1 - c0);
    return (t) => partitioned.treeVotes(t);
  }

  private loadPartitioned(values: Float64Array, c0: number, n: number): PartitionedVotes {
    this.partitioned ??= new PartitionedVotes(this.flat, CHUNK);
    this.partitioned.load(values, this.nFeatures, c0, n);
    return this.partitioned;
  }

  /**
   * Per-feature contributions to `positiveClass` along the row's path in every tree, averaged over trees,
   * from the per-node class fractions our trainer records (models without them are a MODEL_INVALID error).
   */
  contributions(row: ArrayLike<number>, positiveClass: number, out?: Float64Array): Contributions {
    const { fractions, feature, threshold, next, roots } = this.flat;
    if (fractions === null) {
      throw new PipelineError(
        'MODEL_INVALID',
        'model has no per-node class fractions: cannot explain scores',
      );
    }
    this.assertClass(positiveClass);
    if (row.length < this.nFeatures) {
      throw new PipelineError(
        'FEATURE_SET_MISMATCH',
        `row has ${row.length} values, the model reads ${this.nFeatures}`,
      );
    }
    const values = out ?? new Float64Array(this.nFeatures);
    values.fill(0);
    const nC = this.nClasses;
    let bias = 0;
    let score = 0;
    for (let t = 0; t < this.nTrees; t++) {
      let n = roots[t]!;
      let value = fractions[n * nC + positiveClass]!;
      bias += value;
      let f = feature[n]!;
      while (f >= 0) {
        n = row[f]! < threshold[n]! ? n + 1 : next[n]!;
        const child = fractions[n * nC + positiveClass]!;
        values[f]! += child - value;
        value = child;
        f = feature[n]!;
      }
      score += value;
    }
    for (let i = 0; i < values.length; i++) values[i]! /= this.nTrees;
    return { bias: bias / this.nTrees, values, score: score / this.nTrees };
  }

  /** Throws FEATURE_SET_MISMATCH unless `values` holds nRows rows of nFeatures and the output nRows slots. */
  assertBatch(values: Float64Array, nRows: number, outLength: number): void {
    if (!(Number.isInteger(nRows) && nRows >= 0)) {
      throw new PipelineError('FEATURE_SET_MISMATCH', `nRows must be a non-negative integer, got ${nRows}`);
    }
    if (values.length < nRows * this.nFeatures) {
      throw new PipelineError(
        'FEATURE_SET_MISMATCH',
        `batch holds ${values.length} values, ${nRows} rows of ${this.nFeatures} features need ${nRows * this.nFeatures}`,
      );
    }
    if (outLength < nRows)
      throw new PipelineError('FEATURE_SET_MISMATCH', `output holds ${outLength} slots for ${nRows} rows`);
  }

  /** Throws CONFIG_INVALID unless `c` is one of the model's classes. */
  assertClass(c: number): void {
    if (!(Number.isInteger(c) && c >= 0 && c < this.nClasses)) {
      throw new PipelineError(
        'CONFIG_INVALID',
        `class ${c} is not one of the model's ${this.nClasses} classes`,
      );
    }
  }
}
