/**
 * Quantile binning: every feature becomes Uint8 bin codes so split search scans small histograms instead of
 * sorting rows at every node. Thresholds sit at midpoints between adjacent distinct training values and
 * bin(x) = number of thresholds <= x, so "bin < s" on training rows is exactly "x < thresholds[s - 1]" on raw
 * values: the split the tree stores means the same thing to any predictor that sees raw values.
 */
import { PipelineError } from '../errors.ts';
import { Xoshiro128Rng } from '../random/seeded-rng.ts';

/** Uint8 codes allow at most 256 bins; 255 keeps one code spare, as other histogram trainers do. */
export const MAX_BINS = 256;
export const DEFAULT_MAX_BINS = 255;

export interface BinnedFeatures {
  nRows: number;
  nFeatures: number;
  /** Column-major codes: codes[f * nRows + r]. Backed by a SharedArrayBuffer so workers read it in place. */
  codes: Uint8Array;
  /** Per feature, ascending split thresholds; a feature with one distinct value has none. */
  thresholds: Float64Array[];
  /** Per feature: thresholds.length + 1. */
  nBins: Uint16Array;
}

export interface BinningOptions {
  maxBins?: number;
  /** Used in error messages only. */
  featureNames?: readonly string[];
  /** Seed of the quantile sample drawn when there are more than BIN_SAMPLE_ROWS rows. */
  seed?: number;
}

/** Rejects NaN and ±Infinity with the row and feature that hold them: the trainer needs cleaned data. */
export function assertFinite(
  X: Float64Array,
  nRows: number,
  nFeatures: number,
  names?: readonly string[],
): void {
  if (X.length !== nRows * nFeatures) {
    throw new PipelineError(
      'FEATURE_SET_MISMATCH',
      `training matrix has ${X.length} values, expected ${nRows} rows x ${nFeatures} features = ${nRows * nFeatures}`,
    );
  }
  for (let i = 0; i < X.length; i++) {
    const x = X[i]!;
    if (x - x !== 0) {
      const row = Math.floor(i / nFeatures);
      const feature = i % nFeatures;
      const name = names?.[feature] ?? `#${feature}`;
      throw new PipelineError(
        'BAD_NUMBER',
        `training row ${row}, feature ${name} is ${x}: the forest trainer needs finite values (clean the data first)`,
        { details: { row, feature, value: String(x) } },
      );
    }
  }
}

/**
 * A threshold strictly above `a` and at most `b` (a < b), as close to their midpoint as doubles allow:
 * the plain midpoint can round down to `a` for neighbouring doubles, and would then send `a` to the right.
 */
export function midpoint(a: number, b: number): number {
  const mid = a + (b - a) / 2;
  if (!(mid > a) || mid > b) return b;
  return mid;
}

/**
 * Thresholds for one feature from its sorted values: one bin per distinct value when they fit in maxBins,
 * otherwise cuts near equal-count quantiles, each moved to the end of the run of equal values it falls in.
 */
export function quantileThresholds(sorted: Float64Array, maxBins: number = DEFAULT_MAX_BINS): Float64Array {
  if (!(maxBins >= 2 && maxBins <= MAX_BINS && Number.isInteger(maxBins))) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `maxBins must be an integer in [2, ${MAX_BINS}], got ${maxBins}`,
    );
  }
  const n = sorted.length;
  let distinct = n > 0 ? 1 : 0;
  for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  const cuts: number[] = [];
  if (distinct <= maxBins) {
    for (let i = 1; i < n; i++)
      if (sorted[i] !== sorted[i - 1]) cuts.push(midpoint(sorted[i - 1]!, sorted[i]!));
    return Float64Array.from(cuts);
  }
  // `after` is the position of the last cut: a target inside an already passed run starts after it,
  // which keeps the scan over long runs of equal values linear overall.
  let after = 0;
  for (let j = 1; j < maxBins; j++) {
    let p = Math.max(Math.round((j * n) / maxBins), after + 1);
    while (p < n && sorted[p] === sorted[p - 1]) p++;
    if (p >= n) break;
    cuts.push(midpoint(sorted[p - 1]!, sorted[p]!));
    after = p;
  }
  return Float64Array.from(cuts);
}

/** bin(x): how many thresholds are <= x (upper-bound binary search). */
export function binOf(thresholds: Float64Array, x: number): number {
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (thresholds[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Quantiles come from at most this many rows (drawn with a fixed seed); thresholds are then moved to the
 * midpoints between adjacent distinct values of the full column, so every row keeps its bin.
 */
export const BIN_SAMPLE_ROWS = 200_000;

/** Columns copied out of the row-major matrix per pass: one pass per column would re-read every row 77 times. */
const COLUMN_BLOCK = 8;

/** Bins a row-major matrix (nRows x nFeatures) of finite values. */
export function binFeatures(
  X: Float64Array,
  nRows: number,
  nFeatures: number,
  options: BinningOptions = {},
): BinnedFeatures {
  assertFinite(X, nRows, nFeatures, options.featureNames);
  const maxBins = options.maxBins ?? DEFAULT_MAX_BINS;
  const codes = new Uint8Array(new SharedArrayBuffer(nRows * nFeatures));
  const thresholds: Float64Array[] = [];
  const nBins = new Uint16Array(nFeatures);
  const block = new Float64Array(Math.min(COLUMN_BLOCK, nFeatures) * nRows);
  const sampleRows = sampleRowIndexes(nRows, options.seed ?? 0);
  const sample = new Float64Array(sampleRows?.length ?? 0);
  for (let f0 = 0; f0 < nFeatures; f0 += COLUMN_BLOCK) {
    const width = Math.min(COLUMN_BLOCK, nFeatures - f0);
    for (let r = 0, i = f0; r < nRows; r++, i += nFeatures) {
      for (let k = 0; k < width; k++) block[k * nRows + r] = X[i + k]!;
    }
    for (let k = 0; k < width; k++) {
      const f = f0 + k;
      const column = block.subarray(k * nRows, (k + 1) * nRows);
      let sorted: Float64Array;
      if (sampleRows === null) sorted = column.slice().sort();
      else {
        for (let i = 0; i < sampleRows.length; i++) sample[i] = column[sampleRows[i]!]!;
        sorted = sample.sort();
      }
      const cuts = quantileThresholds(sorted, maxBins);
      const out = codes.subarray(f * nRows, (f + 1) * nRows);
      binColumn(column, cuts, out);
      if (sampleRows !== null) snapThresholds(column, out, cuts);
      thresholds.push(cuts);
      nBins[f] = cuts.length + 1;
    }
  }
  return { nRows, nFeatures, codes, thresholds, nBins };
}

/** 1 for true, 0 for false; V8 turns this into a flag-setting instruction, not a jump. */
function bit(condition: boolean): number {
  return (condition as unknown as number) | 0;
}

/**
 * out[r] = binOf(cuts, column[r]) for every row, by a branch-free binary search over the cuts padded with
 * +Infinity to a power of two: a fixed number of steps and no mispredicted jumps, about twice as fast as
 * binOf on columns of a million rows.
 */
export function binColumn(column: Float64Array, cuts: Float64Array, out: Uint8Array): void {
  let size = 1;
  while (size < cuts.length) size *= 2;
  const padded = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
  padded.set(cuts);
  const top = size >>> 1;
  for (let r = 0; r < column.length; r++) {
    const x = column[r]!;
    let base = 0;
    for (let step = top; step > 0; step >>>= 1) base += step & -bit(padded[base + step - 1]! <= x);
    // The steps add up to size - 1: a value at or above every one of `size` cuts needs this last comparison.
    out[r] = base + bit(padded[base]! <= x);
  }
}

/** Row indexes of the quantile sample, or null when every row is used. */
function sampleRowIndexes(nRows: number, seed: number): Int32Array | null {
  if (nRows <= BIN_SAMPLE_ROWS) return null;
  const rng = new Xoshiro128Rng(seed ^ 0x5bd1e995);
  const rows = new Int32Array(BIN_SAMPLE_ROWS);
  for (let i = 0; i < rows.length; i++) rows[i] = rng.nextInt(nRows);
  return rows;
}

/**
 * Cuts taken from a sample sit between adjacent sample values; this moves each one to the midpoint between the
 * largest value below it and the smallest value above it in the whole column. No row changes bin: the new cut
 * still lies above everything in the lower bin and at or below everything in the upper one.
 */
function snapThresholds(column: Float64Array, codes: Uint8Array, cuts: Float64Array): void {
  const nb = cuts.length + 1;
  const low = new Float64Array(nb).fill(Number.POSITIVE_INFINITY);
  const high = new Float64Array(nb).fill(Number.NEGATIVE_INFINITY);
  for (let r = 0; r < column.length; r++) {
    const x = column[r]!;
    const b = codes[r]!;
    if (x < low[b]!) low[b] = x;
    if (x > high[b]!) high[b] = x;
  }
  for (let k = 0; k < cuts.length; k++) {
    // Every bin holds at least the sample value that produced its cuts, so both ends are finite.
    cuts[k] = midpoint(high[k]!, low[k + 1]!);
  }
}
