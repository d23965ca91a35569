/**
 * Deterministic random numbers for the whole package: same seed, same sequence, on every platform.
 * splitmix32 spreads seeds so that seeds 1, 2, 3 give unrelated streams; two stream generators sit on
 * top of it.
 *
 * Why two generators and not one: they give different outputs for the same seed, and both outputs are
 * load-bearing. `SeededRng` (sfc32, rejection-sampled `nextInt`, checked inputs) draws the evaluation
 * splits and samples whose results the tests and reports compare against. `Xoshiro128Rng`
 * (xoshiro128**, scaled `nextInt`, derived per tree by `treeRng`) drew every bootstrap, feature pick
 * and binning sample of the committed model in models/default. Folding either into the other would
 * silently change those results, so both stay, sharing only splitmix32.
 */
import { PipelineError } from '../errors.ts';

/** One splitmix32 step. */
export function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** FNV-1a over UTF-16 code units: a stable 32-bit key for deriving per-class streams from names. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

// The code the evaluation's input checks use, so callers of the protocols see one kind of error.
function invalidInput(message: string): PipelineError {
  return new PipelineError('EVAL_INPUT_INVALID', message);
}

/** sfc32: the evaluation protocols' generator (splits, samples, resampling in benches). */
export class SeededRng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  readonly seed: number;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw invalidInput(`SeededRng: seed must be a finite number, got ${seed}`);
    const s = seed >>> 0;
    this.seed = s;
    this.a = splitmix32(s);
    this.b = splitmix32(this.a);
    this.c = splitmix32(this.b);
    this.d = 1;
    // sfc32's author recommends discarding the first outputs so a weak seed does not show.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /**
   * A generator for a named sub-stream (one class, one fold). It depends only on the seed and the key,
   * not on how much of this stream was used, so adding a class does not change the others' draws.
   */
  derive(key: string | number): SeededRng {
    return new SeededRng(splitmix32(this.seed) ^ hashString(String(key)));
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n), without modulo bias. */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) {
      throw invalidInput(`SeededRng.nextInt: n must be an integer in [1, 2^32], got ${n}`);
    }
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Fisher-Yates, in place; returns the same array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const held = items[i];
      items[i] = items[j];
      items[j] = held;
    }
    return items;
  }
}

/**
 * xoshiro128**: the forest trainer's generator. Small state and fast, and good enough for bootstrap
 * draws and feature sampling; `nextInt` is unchecked because the trainer's hot loops call it per draw.
 */
export class Xoshiro128Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let x = seed >>> 0;
    this.s0 = x = splitmix32(x);
    this.s1 = x = splitmix32(x);
    this.s2 = x = splitmix32(x);
    this.s3 = splitmix32(x);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform integer in [0, n), n <= 2^32. */
  nextInt(n: number): number {
    return Math.floor((this.nextUint32() / 4294967296) * n);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * The generator of tree `treeIndex` in a forest trained with `seed`. It depends only on (seed, index),
 * so a forest is the same whichever worker grows which tree and however many workers there are.
 */
export function treeRng(seed: number, treeIndex: number): Xoshiro128Rng {
  return new Xoshiro128Rng(splitmix32((seed >>> 0) ^ splitmix32(treeIndex + 1)));
}
