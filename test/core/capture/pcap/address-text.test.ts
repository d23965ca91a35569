import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AddressText, formatIpv6 } from '../../../../packages/core/src/capture/pcap/address-text.ts';
import { SeededRng } from '../../../../packages/core/src/random/seeded-rng.ts';

function v6(text: string): Buffer {
  // Expands a full, uncompressed address written as 8 groups.
  return Buffer.from(
    text
      .split(':')
      .map((g) => g.padStart(4, '0'))
      .join(''),
    'hex',
  );
}

describe('IPv6 text (RFC 5952)', () => {
  const cases: [string, string][] = [
    ['0:0:0:0:0:0:0:1', '::1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group stays
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longest run
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // the first of equal runs
    ['fe80:0:0:0:2AA:FF:FE9A:4CA2', 'fe80::2aa:ff:fe9a:4ca2'], // lower case, no leading zeros
    ['1:0:0:0:0:0:0:0', '1::'],
    ['0:0:0:0:0:ffff:c000:0280', '::ffff:192.0.2.128'], // IPv4-mapped in dotted form
  ];
  for (const [full, expected] of cases) {
    it(`${full} -> ${expected}`, () => {
      assert.equal(formatIpv6(v6(full), 0), expected);
      assert.equal(new AddressText().ipv6(v6(full), 0), expected);
    });
  }
});

describe('AddressText cache', () => {
  it('gives the right text for 200,000 random addresses, repeated, whatever they collide with', () => {
    const rng = new SeededRng(5);
    const text = new AddressText();
    const bytes = Buffer.alloc(16);
    for (let i = 0; i < 200_000; i++) {
      // Few distinct values per byte, so the same addresses come back and collide in the table.
      for (let b = 0; b < 16; b++) bytes[b] = rng.nextInt(4) === 0 ? rng.nextInt(256) : 0;
      const expected4 = `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
      assert.equal(text.ipv4(bytes, 0), expected4);
      if (i % 4 === 0) assert.equal(text.ipv6(bytes, 0), formatIpv6(bytes, 0));
    }
    assert.equal(text.ipv4(Buffer.alloc(4), 0), '0.0.0.0');
  });

  it('returns the same string instance for a cached address', () => {
    const text = new AddressText();
    const a = Buffer.from([10, 200, 2, 252]);
    assert.equal(text.ipv4(a, 0), '10.200.2.252');
    assert.ok(Object.is(text.ipv4(a, 0), text.ipv4(Buffer.from(a), 0)));
  });
});
