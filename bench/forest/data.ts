/**
 * Rows for the forest benches: the real CSE-CIC-IDS2018 slices, a fixed stratified 70/30 split of them, and,
 * where a bench needs more rows than exist, GENERATED rows made by resampling real training rows with a
 * small multiplicative jitter. Also writes any of these row sets to CSV so a Python peer can use the same rows.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { Xoshiro128Rng } from '@netattack/core';
import {
  loadRealRows,
  type RealRows,
  selectRows,
  stratifiedSplit,
} from '../../test/core/forest/real-rows.ts';

export type { RealRows };

/** Seed of the split every forest bench uses. */
export const SPLIT_SEED = 2018;

export interface BenchSplit {
  train: RealRows;
  test: RealRows;
}

/** The real rows split 70/30, stratified by Benign/attack. */
export function realSplit(): BenchSplit {
  const rows = loadRealRows();
  const { train, test } = stratifiedSplit(rows.y, 0.7, SPLIT_SEED);
  return { train: selectRows(rows, train), test: selectRows(rows, test) };
}

/**
 * nRows rows: the real rows first (as many as fit), then generated ones, each a uniformly drawn real row with
 * every value multiplied by (1 + jitter * u), u uniform in [-1, 1] (zeros stay zero, signs are kept).
 * `generated` says how many of the rows are not real.
 */
export function resampleWithJitter(
  real: RealRows,
  nRows: number,
  seed: number,
  jitter = 0.01,
): RealRows & { generated: number } {
  const nF = real.nFeatures;
  const keep = Math.min(nRows, real.nRows);
  const X = new Float64Array(nRows * nF);
  const y = new Int32Array(nRows);
  const labels: string[] = new Array(nRows);
  const files: string[] = new Array(nRows);
  const rng = new Xoshiro128Rng(seed);
  // With fewer rows than the real set, take a random subset rather than the first files only.
  const order = Int32Array.from({ length: real.nRows }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  for (let i = 0; i < nRows; i++) {
    const generated = i >= keep;
    const src = generated ? rng.nextInt(real.nRows) : order[i]!;
    for (let f = 0; f < nF; f++) {
      const v = real.X[src * nF + f]!;
      X[i * nF + f] = generated ? v * (1 + jitter * (2 * (rng.nextUint32() / 4294967296) - 1)) : v;
    }
    y[i] = real.y[src]!;
    labels[i] = real.labels[src]!;
    files[i] = generated ? 'generated' : real.files[src]!;
  }
  return { ...real, nRows, X, y, labels, files, generated: nRows - keep };
}

/** n rows drawn uniformly (with replacement) from `real`, unchanged: a realistic, shuffled scoring stream. */
export function drawRows(real: RealRows, nRows: number, seed: number): Float64Array {
  const nF = real.nFeatures;
  const X = new Float64Array(nRows * nF);
  const rng = new Xoshiro128Rng(seed);
  for (let i = 0; i < nRows; i++) {
    const src = rng.nextInt(real.nRows);
    X.set(real.X.subarray(src * nF, (src + 1) * nF), i * nF);
  }
  return X;
}

/** Writes rows as CSV: the feature columns, then `label` (0 Benign, 1 attack) and the original `Label`. */
export async function writeRowsCsv(path: string, rows: RealRows): Promise<void> {
  const out = createWriteStream(path);
  const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  out.write(`${[...rows.featureNames, 'label', 'Label'].map(quote).join(',')}\n`);
  const nF = rows.nFeatures;
  for (let r = 0; r < rows.nRows; r++) {
    const values = Array.from(rows.X.subarray(r * nF, (r + 1) * nF), String);
    if (!out.write(`${values.join(',')},${rows.y[r]},${quote(rows.labels[r]!)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Share of rows where `predicted` equals `y`. */
export function accuracy(predicted: Int32Array, y: Int32Array): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (predicted[i] === y[i]) ok++;
  return ok / y.length;
}
