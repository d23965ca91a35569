/**
 * Reads the numeric columns of the real CSE-CIC-IDS2018 slices for the forest's tests and benches.
 * Deliberately tiny and local: the forest must not wait for the shared loader, and these slices have one
 * clean layout (no Infinity/NaN, no repeated headers). Once the shared loader lands, it should replace this.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../fixtures/paths.ts';

/**
 * The 2018 slices the repository ships (data/sample/cic2018, byte for byte the shared cic2018 folder),
 * found from this file so tests run from any cwd and on a plain clone.
 */
export const CIC2018_DIR = join(REPO_ROOT, 'data', 'sample', 'cic2018');

/** Identifier-like or leaking columns kept out of the features. */
const EXCLUDED = new Set(['Timestamp', 'Dst Port', 'Label']);

export interface RealRows {
  featureNames: string[];
  nRows: number;
  nFeatures: number;
  /** Row-major nRows x nFeatures. */
  X: Float64Array;
  /** 0 = Benign, 1 = any attack. */
  y: Int32Array;
  labels: string[];
  /** Source file of each row (basename). */
  files: string[];
}

export function cic2018Files(): string[] {
  return readdirSync(CIC2018_DIR)
    .filter((name) => name.endsWith('.csv'))
    .sort()
    .map((name) => join(CIC2018_DIR, name));
}

/** Loads every 2018 slice; rows with a non-finite value are dropped (none are expected in these slices). */
export function loadRealRows(files: string[] = cic2018Files()): RealRows {
  let featureNames: string[] | undefined;
  const values: number[] = [];
  const y: number[] = [];
  const labels: string[] = [];
  const rowFiles: string[] = [];
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split(/\r?\n/);
    const header = lines[0]!.split(',').map((name) => name.trim());
    const labelAt = header.indexOf('Label');
    const featureAt: number[] = [];
    const names: string[] = [];
    header.forEach((name, i) => {
      if (!EXCLUDED.has(name)) {
        featureAt.push(i);
        names.push(name);
      }
    });
    if (featureNames === undefined) featureNames = names;
    else if (names.join('|') !== featureNames.join('|')) throw new Error(`${file}: feature columns differ`);
    const base = file.slice(file.lastIndexOf('/') + 1);
    for (let l = 1; l < lines.length; l++) {
      const line = lines[l]!;
      if (line === '') continue;
      const fields = line.split(',');
      if (fields[labelAt] === 'Label') continue;
      const row = featureAt.map((i) => Number(fields[i]));
      if (!row.every(Number.isFinite)) continue;
      const label = fields[labelAt]!.trim();
      values.push(...row);
      y.push(label === 'Benign' ? 0 : 1);
      labels.push(label);
      rowFiles.push(base);
    }
  }
  const nFeatures = featureNames!.length;
  return {
    featureNames: featureNames!,
    nRows: y.length,
    nFeatures,
    X: Float64Array.from(values),
    y: Int32Array.from(y),
    labels,
    files: rowFiles,
  };
}

/** The rows at `indexes`, in that order. */
export function selectRows(rows: RealRows, indexes: ArrayLike<number>): RealRows {
  const n = indexes.length;
  const X = new Float64Array(n * rows.nFeatures);
  const y = new Int32Array(n);
  const labels: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = indexes[i]!;
    X.set(rows.X.subarray(r * rows.nFeatures, (r + 1) * rows.nFeatures), i * rows.nFeatures);
    y[i] = rows.y[r]!;
    labels.push(rows.labels[r]!);
    files.push(rows.files[r]!);
  }
  return { ...rows, nRows: n, X, y, labels, files };
}

/** Row `r` as a plain array, the shape ml-random-forest takes. */
export function rowArray(rows: RealRows, r: number): number[] {
  return Array.from(rows.X.subarray(r * rows.nFeatures, (r + 1) * rows.nFeatures));
}

/**
 * A stratified train/test split by `y` with a seeded shuffle, so tests see the same split every run.
 * `trainShare` of each class goes to train.
 */
export function stratifiedSplit(
  y: Int32Array,
  trainShare: number,
  seed: number,
): { train: Int32Array; test: Int32Array } {
  const byClass = new Map<number, number[]>();
  y.forEach((c, i) => {
    const list = byClass.get(c) ?? [];
    list.push(i);
    byClass.set(c, list);
  });
  let state = seed >>> 0 || 1;
  const next = (): number => {
    // xorshift32: enough to shuffle a test split deterministically.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  const train: number[] = [];
  const test: number[] = [];
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const list = byClass.get(c)!;
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    const cut = Math.round(list.length * trainShare);
    train.push(...list.slice(0, cut));
    test.push(...list.slice(cut));
  }
  return {
    train: Int32Array.from(train.sort((a, b) => a - b)),
    test: Int32Array.from(test.sort((a, b) => a - b)),
  };
}
