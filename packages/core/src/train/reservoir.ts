import type { SeededRng } from '../random/seeded-rng.ts';

/**
 * A per-class reservoir of feature rows (algorithm R): every row of a class seen so far has the same
 * chance of being kept, and memory never exceeds `cap` rows, however long the stream. This is what
 * lets training cap each class on day files far larger than memory while rare classes stay whole.
 */
export class RowReservoir {
  private values: Float64Array;
  private readonly files: number[] = [];
  private readonly ids: string[] = [];
  private kept = 0;
  seen = 0;

  constructor(
    readonly width: number,
    readonly cap: number,
    private readonly rng: SeededRng,
  ) {
    this.values = new Float64Array(Math.min(cap, 1024) * width);
  }

  get size(): number {
    return this.kept;
  }

  /** Offers one row; `write(target, offset)` fills the row's values only if the row is kept. */
  offer(write: (target: Float64Array, offset: number) => void, file: number, id: string): void {
    this.seen++;
    let slot: number;
    if (this.kept < this.cap) {
      slot = this.kept++;
      if (slot * this.width >= this.values.length) this.grow();
    } else {
      slot = this.rng.nextInt(this.seen);
      if (slot >= this.cap) return;
    }
    write(this.values, slot * this.width);
    this.files[slot] = file;
    this.ids[slot] = id;
  }

  /** Copies the kept rows into `target` from row `at`, and their file indices and ids alongside. */
  drainInto(target: Float64Array, fileOf: Uint16Array, ids: string[], at: number): number {
    target.set(this.values.subarray(0, this.kept * this.width), at * this.width);
    for (let i = 0; i < this.kept; i++) {
      fileOf[at + i] = this.files[i]!;
      ids[at + i] = this.ids[i]!;
    }
    return at + this.kept;
  }

  private grow(): void {
    const bigger = new Float64Array(Math.min(this.cap * this.width, this.values.length * 2));
    bigger.set(this.values);
    this.values = bigger;
  }
}
