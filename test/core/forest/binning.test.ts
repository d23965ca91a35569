import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { PipelineError } from '../../../packages/core/src/errors.ts';
import {
  BIN_SAMPLE_ROWS,
  binColumn,
  binFeatures,
  binOf,
  midpoint,
  quantileThresholds,
} from '../../../packages/core/src/forest/binning.ts';
import { Xoshiro128Rng } from '../../../packages/core/src/random/seeded-rng.ts';
import { CIC2018_DIR, loadRealRows, type RealRows } from './real-rows.ts';

function column(rows: RealRows, name: string): Float64Array {
  const f = rows.featureNames.indexOf(name);
  assert.ok(f >= 0, name);
  return Float64Array.from({ length: rows.nRows }, (_, r) => rows.X[r * rows.nFeatures + f]!);
}

function distinctSorted(values: Float64Array): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** Index of the first value >= t in an ascending list. */
function firstAtLeast(sorted: number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

describe('binning on the real 2018 rows', () => {
  let rows: RealRows;
  before(() => {
    rows = loadRealRows();
  });

  it('gives each distinct value its own bin when they fit, with thresholds at the midpoints', () => {
    const protocol = column(rows, 'Protocol');
    const values = distinctSorted(protocol);
    assert.ok(values.length >= 2 && values.length <= 255);
    const cuts = quantileThresholds(protocol.slice().sort());
    assert.deepEqual(
      Array.from(cuts),
      values.slice(1).map((v, i) => (values[i]! + v) / 2),
    );
  });

  it('caps a many-valued feature at 255 bins of roughly equal counts', () => {
    const duration = column(rows, 'Flow Duration');
    assert.ok(distinctSorted(duration).length > 255);
    const cuts = quantileThresholds(duration.slice().sort());
    assert.equal(cuts.length, 254);
    const codes = new Uint8Array(duration.length);
    binColumn(duration, cuts, codes);
    const counts = new Array<number>(255).fill(0);
    for (const c of codes) counts[c]!++;
    // No bin is empty, and a bin outgrows the quantile step only by a run of one repeated value.
    const repeats = new Map<number, number>();
    for (const v of duration) repeats.set(v, (repeats.get(v) ?? 0) + 1);
    const mostRepeated = Math.max(...repeats.values());
    assert.ok(Math.min(...counts) > 0);
    assert.ok(Math.max(...counts) <= mostRepeated + Math.ceil(duration.length / 255) + 1);
  });

  it('makes "bin < s" mean exactly "value < threshold[s-1]" on every real value of every feature', () => {
    const binned = binFeatures(rows.X, rows.nRows, rows.nFeatures);
    for (let f = 0; f < rows.nFeatures; f++) {
      const cuts = binned.thresholds[f]!;
      assert.equal(binned.nBins[f], cuts.length + 1);
      assert.ok(binned.nBins[f]! <= 255);
      for (let r = 0; r < rows.nRows; r++) {
        const x = rows.X[r * rows.nFeatures + f]!;
        const code = binned.codes[f * rows.nRows + r]!;
        assert.equal(code, binOf(cuts, x));
        if (code > 0) assert.ok(cuts[code - 1]! <= x, `feature ${f} row ${r}`);
        if (code < cuts.length) assert.ok(x < cuts[code]!, `feature ${f} row ${r}`);
      }
    }
  });

  it('keeps constant features in one bin with no thresholds', () => {
    const binned = binFeatures(rows.X, rows.nRows, rows.nFeatures);
    const constant = rows.featureNames.filter(
      (_, f) => distinctSorted(column(rows, rows.featureNames[f]!)).length === 1,
    );
    assert.ok(constant.length > 0, 'the 2018 slices have constant columns (e.g. Bwd PSH Flags)');
    for (const name of constant) {
      const f = rows.featureNames.indexOf(name);
      assert.equal(binned.nBins[f], 1);
      assert.equal(binned.thresholds[f]!.length, 0);
      assert.ok(binned.codes.subarray(f * rows.nRows, (f + 1) * rows.nRows).every((c) => c === 0));
    }
  });

  it('snaps sample-based thresholds to midpoints of adjacent distinct values of the full column', () => {
    // GENERATED volume: real rows resampled with ±1% jitter, to pass BIN_SAMPLE_ROWS and take the sampled path.
    const nF = 3;
    const names = ['Flow Duration', 'Fwd Pkts/s', 'Init Fwd Win Byts'];
    const sources = names.map((n) => column(rows, n));
    const n = BIN_SAMPLE_ROWS + 50_000;
    const X = new Float64Array(n * nF);
    const rng = new Xoshiro128Rng(11);
    for (let r = 0; r < n; r++) {
      const src = rng.nextInt(rows.nRows);
      for (let f = 0; f < nF; f++)
        X[r * nF + f] = sources[f]![src]! * (1 + 0.01 * (rng.nextUint32() / 2 ** 31 - 1));
    }
    const binned = binFeatures(X, n, nF, { seed: 5 });
    for (let f = 0; f < nF; f++) {
      const values = Float64Array.from({ length: n }, (_, r) => X[r * nF + f]!);
      const sorted = distinctSorted(values);
      const cuts = binned.thresholds[f]!;
      assert.ok(cuts.length > 10 && cuts.length <= 254);
      for (const t of cuts) {
        const above = firstAtLeast(sorted, t);
        assert.ok(above > 0 && above < sorted.length);
        assert.equal(t, midpoint(sorted[above - 1]!, sorted[above]!));
      }
      for (let r = 0; r < n; r++) assert.equal(binned.codes[f * n + r], binOf(cuts, values[r]!));
    }
  });
});

describe('binning edge cases', () => {
  it('puts a threshold strictly above the lower of two neighbouring doubles', () => {
    const a = 1;
    const b = 1 + Number.EPSILON;
    const t = midpoint(a, b);
    assert.ok(a < t && t <= b);
    assert.equal(binOf(Float64Array.of(t), a), 0);
    assert.equal(binOf(Float64Array.of(t), b), 1);
  });

  it('bins an all-equal matrix into single bins', () => {
    const X = new Float64Array(40).fill(3.25);
    const binned = binFeatures(X, 10, 4);
    assert.deepEqual(Array.from(binned.nBins), [1, 1, 1, 1]);
    assert.ok(binned.codes.every((c) => c === 0));
  });

  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    it(`rejects ${bad} with the row and feature that hold it`, () => {
      const rows = loadRealRows([`${CIC2018_DIR}/label_SQL-Injection.csv`]);
      const X = rows.X.slice();
      const f = rows.featureNames.indexOf('Flow Byts/s');
      X[7 * rows.nFeatures + f] = bad;
      assert.throws(
        () => binFeatures(X, rows.nRows, rows.nFeatures, { featureNames: rows.featureNames }),
        (error: unknown) =>
          error instanceof PipelineError &&
          error.code === 'BAD_NUMBER' &&
          error.message.includes('row 7') &&
          error.message.includes('Flow Byts/s') &&
          error.message.includes(String(bad)),
      );
    });
  }

  it('rejects a matrix whose size does not match rows x features', () => {
    assert.throws(
      () => binFeatures(new Float64Array(10), 3, 4),
      (error: unknown) => error instanceof PipelineError && error.code === 'FEATURE_SET_MISMATCH',
    );
  });

  it('rejects maxBins outside [2, 256]', () => {
    assert.throws(
      () => quantileThresholds(Float64Array.of(1, 2, 3), 300),
      (error: unknown) => error instanceof PipelineError && error.code === 'CONFIG_INVALID',
    );
  });
});
