/**
 * Stratified splits and capped stratified samples over row indices. Every class is drawn from its own
 * seeded stream (seed + class name), so a result depends only on the seed, the class and its rows:
 * adding a file with a new class does not reshuffle the classes already there.
 */

import { SeededRng } from '../random/seeded-rng.ts';
import { invalidInput } from './check-inputs.ts';

export type ClassKey = string | number;

/** Row indices of each class, in row order, classes sorted by key for a stable iteration order. */
export function rowsByClass(labels: ArrayLike<ClassKey>): Map<ClassKey, Uint32Array> {
  const counts = new Map<ClassKey, number>();
  for (let i = 0; i < labels.length; i++) counts.set(labels[i]!, (counts.get(labels[i]!) ?? 0) + 1);
  const keys = [...counts.keys()].sort((a, b) =>
    String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0,
  );
  const rows = new Map<ClassKey, Uint32Array>();
  const filled = new Map<ClassKey, number>();
  for (const key of keys) {
    rows.set(key, new Uint32Array(counts.get(key)!));
    filled.set(key, 0);
  }
  for (let i = 0; i < labels.length; i++) {
    const key = labels[i]!;
    const at = filled.get(key)!;
    rows.get(key)![at] = i;
    filled.set(key, at + 1);
  }
  return rows;
}

function sortedIndices(parts: Uint32Array[]): Uint32Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const all = new Uint32Array(total);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all.sort();
}

export interface SplitOptions {
  /** Share of each class that goes to the test side, in (0, 1). */
  testFraction: number;
  seed: number;
}

export interface Split {
  /** Ascending row indices. */
  train: Uint32Array;
  test: Uint32Array;
}

/**
 * Each class is shuffled and round(n * testFraction) of its rows go to test, but never all of them: a
 * class with one row stays in train (the model cannot learn what it never saw), a class with two or more
 * rows keeps at least one on each side when the rounding allows.
 */
export function stratifiedSplit(labels: ArrayLike<ClassKey>, options: SplitOptions): Split {
  const { testFraction, seed } = options;
  if (!(testFraction > 0 && testFraction < 1)) {
    throw invalidInput(`stratifiedSplit: testFraction must be in (0, 1), got ${testFraction}`);
  }
  const root = new SeededRng(seed);
  const train: Uint32Array[] = [];
  const test: Uint32Array[] = [];
  for (const [key, rows] of rowsByClass(labels)) {
    const shuffled = root.derive(key).shuffle(rows.slice());
    const n = shuffled.length;
    const testCount = n < 2 ? 0 : Math.min(n - 1, Math.max(1, Math.round(n * testFraction)));
    test.push(shuffled.subarray(0, testCount));
    train.push(shuffled.subarray(testCount));
  }
  return { train: sortedIndices(train), test: sortedIndices(test) };
}

export interface SampleOptions {
  /** Most rows kept per class; classes at or under it are kept whole. */
  capPerClass: number;
  /** Caps for particular classes, overriding `capPerClass` (keys compared as strings). */
  classCaps?: Record<string, number>;
  seed: number;
}

export interface ClassSampleCount {
  available: number;
  kept: number;
}

export interface Sample {
  /** Ascending row indices. */
  indices: Uint32Array;
  /** Keyed by class (as a string). */
  perClass: Record<string, ClassSampleCount>;
}

function checkCap(what: string, cap: number): void {
  if (!(Number.isInteger(cap) && cap >= 0))
    throw invalidInput(`${what} must be a whole number >= 0, got ${cap}`);
}

/** A uniform random subset of each class larger than its cap (partial Fisher-Yates, no full shuffle). */
export function stratifiedSample(labels: ArrayLike<ClassKey>, options: SampleOptions): Sample {
  checkCap('stratifiedSample: capPerClass', options.capPerClass);
  for (const [name, cap] of Object.entries(options.classCaps ?? {}))
    checkCap(`stratifiedSample: cap of "${name}"`, cap);
  const root = new SeededRng(options.seed);
  const parts: Uint32Array[] = [];
  const perClass: [string, ClassSampleCount][] = [];
  for (const [key, rows] of rowsByClass(labels)) {
    const cap = options.classCaps?.[String(key)] ?? options.capPerClass;
    if (rows.length <= cap) {
      parts.push(rows);
    } else {
      const rng = root.derive(key);
      const pool = rows.slice();
      for (let i = 0; i < cap; i++) {
        const j = i + rng.nextInt(pool.length - i);
        const held = pool[i]!;
        pool[i] = pool[j]!;
        pool[j] = held;
      }
      parts.push(pool.subarray(0, cap));
    }
    perClass.push([String(key), { available: rows.length, kept: Math.min(rows.length, cap) }]);
  }
  return { indices: sortedIndices(parts), perClass: Object.fromEntries(perClass) };
}

/** Copies `values` at `indices` (e.g. the labels of a split's test side). */
export function take<T>(values: ArrayLike<T>, indices: ArrayLike<number>): T[] {
  const out = new Array<T>(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = values[indices[i]!]!;
  return out;
}
