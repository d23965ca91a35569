/**
 * pcapng timestamps: a 64-bit count (high and low 32-bit words) of units of 10^-n or 2^-n seconds
 * (if_tsresol; µs by default) plus if_tsoffset seconds, turned into epoch microseconds, rounded down.
 * A nanosecond count of today is about 1.7e18, beyond what a double holds exactly, so the division is
 * split over the two words; the way to do it is chosen once per interface.
 */

const TWO_32 = 0x1_0000_0000;

const SCALE_MULTIPLY = 0; // 10^-n, n <= 6: count × 10^(6-n)
const SCALE_DIVIDE = 1; // 10^-n, 6 < n <= 12: count ÷ 10^(n-6), split over the words
const SCALE_BINARY = 2; // 2^-n, n <= 32
const SCALE_BIGINT = 3; // anything finer: exact, allocating, and never seen in real files

export class TimestampScale {
  private readonly mode: number;
  private readonly factor: number;
  private readonly quotient: number;
  private readonly remainder: number;
  private readonly unitsPerSecond: bigint;
  private readonly offsetMicros: number;

  /** `resolution` is the if_tsresol byte (6 when absent); `offsetSeconds` is if_tsoffset. */
  constructor(resolution = 6, offsetSeconds = 0) {
    this.offsetMicros = offsetSeconds * 1e6;
    const binary = (resolution & 0x80) !== 0;
    const exponent = resolution & 0x7f;
    this.factor = 1;
    this.quotient = 0;
    this.remainder = 0;
    this.unitsPerSecond = binary ? 1n << BigInt(exponent) : 10n ** BigInt(exponent);
    if (!binary && exponent <= 6) {
      this.mode = SCALE_MULTIPLY;
      this.factor = 10 ** (6 - exponent);
    } else if (!binary && exponent <= 12) {
      this.mode = SCALE_DIVIDE;
      this.factor = 10 ** (exponent - 6);
      this.quotient = Math.floor(TWO_32 / this.factor);
      this.remainder = TWO_32 % this.factor;
    } else if (binary && exponent <= 32) {
      this.mode = SCALE_BINARY;
      this.factor = 2 ** exponent;
    } else {
      this.mode = SCALE_BIGINT;
    }
  }

  toMicros(high: number, low: number): number {
    switch (this.mode) {
      case SCALE_MULTIPLY:
        return (high * TWO_32 + low) * this.factor + this.offsetMicros;
      case SCALE_DIVIDE:
        // count = high·(q·d + r) + low, so count / d = high·q + (high·r + low) / d; each product stays below 2^53.
        return (
          high * this.quotient + Math.floor((high * this.remainder + low) / this.factor) + this.offsetMicros
        );
      case SCALE_BINARY: {
        const seconds = high * (TWO_32 / this.factor) + Math.floor(low / this.factor);
        const fraction = low % this.factor;
        return seconds * 1e6 + Math.floor((fraction * 1e6) / this.factor) + this.offsetMicros;
      }
      default: {
        const count = (BigInt(high) << 32n) | BigInt(low);
        return Number((count * 1_000_000n) / this.unitsPerSecond) + this.offsetMicros;
      }
    }
  }
}
