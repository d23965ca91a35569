/**
 * A 64-bit hash of a row's values, built incrementally without allocating: two independent 32-bit
 * MurmurHash3-style lanes over the IEEE-754 bits of each number and the UTF-16 units of each string.
 * De-duplication stores this hash instead of the row. With n rows the chance that two different rows
 * collide is about n^2 / 2^65: for the full 16.2M-row dataset, under 1 in 100,000.
 */
export class RowHasher {
  private readonly f64 = new Float64Array(1);
  private readonly u32 = new Uint32Array(this.f64.buffer);
  private h1 = 0;
  private h2 = 0;
  private words = 0;

  reset(): this {
    this.h1 = 0x9747b28c;
    this.h2 = 0x5bd1e995;
    this.words = 0;
    return this;
  }

  number(value: number): this {
    // Every NaN hashes alike and -0 like 0, matching what equal-looking rows mean.
    this.f64[0] = value === 0 ? 0 : Number.isNaN(value) ? Number.NaN : value;
    return this.word(this.u32[0]!).word(this.u32[1]!);
  }

  nullableNumber(value: number | null): this {
    return value === null ? this.word(NULL_MARK).word(NULL_MARK) : this.word(0).number(value);
  }

  string(value: string | null): this {
    if (value === null) return this.word(NULL_MARK);
    this.word(value.length);
    for (let i = 0; i < value.length; i++) this.word(value.charCodeAt(i));
    return this;
  }

  /** High 32 bits of the hash (unsigned). */
  get high(): number {
    return fmix(this.h1 ^ this.words) >>> 0;
  }

  /** Low 32 bits of the hash (unsigned). */
  get low(): number {
    return fmix(this.h2 ^ Math.imul(this.words, 0x85ebca6b)) >>> 0;
  }

  private word(word: number): this {
    this.words++;
    this.h1 = mixLane(this.h1, word, 0xcc9e2d51, 0x1b873593);
    this.h2 = mixLane(this.h2, word, 0x2c1b3c6d, 0x297a2d39);
    return this;
  }
}

const NULL_MARK = 0x7ff8dead;

function mixLane(h: number, word: number, c1: number, c2: number): number {
  let k = Math.imul(word, c1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, c2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
