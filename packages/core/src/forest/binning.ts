/**
 * Quantile binning: every feature becomes Uint8 bin codes so split search scans small histograms instead of
 * sorting rows at every node. Thresholds sit at midpoints between adjacent distinct training values and
 * bin(x) = number of thresholds <= x, so "bin < s" on training rows is exactly "x < thresholds[s - 1]" on raw
 * values: the split the tree stores means the same thing to any predictor that sees raw values.
 */
import { PipelineError } from '../errors.ts';

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
  let last = Number.NEGATIVE_INFINITY;
  for (let j = 1; j < maxBins; j++) {
    let p = Math.round((j * n) / maxBins);
    while (p < n && sorted[p] === sorted[p - 1]) p++;
    if (p >= n) break;
    const cut = midpoint(sorted[p - 1]!, sorted[p]!);
    if (cut > last) {
      cuts.push(cut);
      last = cut;
    }
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
  const column = new Float64Array(nRows);
  for (let f = 0; f < nFeatures; f++) {
    for (let r = 0, i = f; r < nRows; r++, i += nFeatures) column[r] = X[i]!;
    const sorted = column.slice().sort();
    const cuts = quantileThresholds(sorted, maxBins);
    thresholds.push(cuts);
    nBins[f] = cuts.length + 1;
    const out = codes.subarray(f * nRows, (f + 1) * nRows);
    for (let r = 0; r < nRows; r++) out[r] = binOf(cuts, column[r]!);
  }
  return { nRows, nFeatures, codes, thresholds, nBins };
}
