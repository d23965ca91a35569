import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TimestampScale } from '../../../../packages/core/src/capture/pcap/timestamp-scale.ts';
import { SeededRng } from '../../../../packages/core/src/random/seeded-rng.ts';

/** The exact answer: floor(count × 10^6 / units per second) + offset. */
function exact(count: bigint, resolution: number, offsetSeconds: number): number {
  const units = resolution & 0x80 ? 1n << BigInt(resolution & 0x7f) : 10n ** BigInt(resolution);
  return Number((count * 1_000_000n) / units) + offsetSeconds * 1e6;
}

describe('pcapng timestamp scale', () => {
  // Resolutions as if_tsresol gives them: 10^-n, or 2^-n with the top bit set.
  const resolutions = [
    0,
    1,
    3,
    6,
    7,
    9,
    10,
    12,
    15,
    18,
    0x80,
    0x80 | 10,
    0x80 | 20,
    0x80 | 30,
    0x80 | 32,
    0x80 | 40,
  ];
  for (const resolution of resolutions) {
    it(`matches exact integer arithmetic for if_tsresol 0x${resolution.toString(16)}`, () => {
      const rng = new SeededRng(resolution + 1);
      for (const offset of [0, -7200, 1_000_000_000]) {
        const scale = new TimestampScale(resolution, offset);
        for (let i = 0; i < 2000; i++) {
          // Counts of 2017..2030 in this resolution where they fit 64 bits, random 64-bit counts otherwise.
          const units = resolution & 0x80 ? 1n << BigInt(resolution & 0x7f) : 10n ** BigInt(resolution);
          let count = BigInt(1_500_000_000 + rng.nextInt(400_000_000)) * units + BigInt(rng.nextUint32());
          if (count >= 1n << 64n) count = (BigInt(rng.nextUint32()) << 32n) | BigInt(rng.nextUint32());
          const high = Number(count >> 32n);
          const low = Number(count & 0xffffffffn);
          assert.equal(scale.toMicros(high, low), exact(count, resolution, offset), `count ${count}`);
        }
      }
    });
  }

  it('defaults to microseconds', () => {
    assert.equal(new TimestampScale().toMicros(0x00055cb1, 0x2f0d4ae9), 0x00055cb1 * 2 ** 32 + 0x2f0d4ae9);
  });
});
