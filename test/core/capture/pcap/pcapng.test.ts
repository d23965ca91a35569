import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  encodePcapng,
  microsOf,
  type NgBlock,
  type NgSection,
  readCapture,
  readFixture,
  readRawPcap,
  toSll2,
  withoutFraming,
} from './capture-encoding.ts';

const sample = readRawPcap('sample.pcap');
const reference = readFixture('sample.pcap');

/** Enhanced packet blocks of sample.pcap's packets for one interface, with timestamps in `unitsPerSecond`. */
function epbs(iface: number, unitsPerSecond: bigint, frame = (data: Buffer) => data): NgBlock[] {
  return sample.records.map((r) => ({
    kind: 'epb',
    iface,
    units: (BigInt(microsOf(r)) * unitsPerSecond) / 1_000_000n,
    data: frame(r.data),
    wireLength: r.wireLength - r.data.length + frame(r.data).length,
  }));
}

describe('pcapng written by Wireshark', () => {
  it('reads if_tsresol 9 (editcap -F pcapng of a ns pcap) to the same packets as the µs original', () => {
    assert.deepEqual(readFixture('sample.nsec.pcapng').packets, reference.packets);
  });

  it('reads two interfaces of different link types in one section (mergecap of Ethernet and raw IP)', () => {
    const { packets } = readFixture('two-links.pcapng');
    const ethernet = packets.filter((p) => p.interfaceId === 0);
    const raw = packets.filter((p) => p.interfaceId === 1);
    assert.deepEqual(ethernet, reference.packets);
    const original = readFixture('WebattackSQLinj.pcap').packets;
    // editcap -C 14 cut the Ethernet header from the captured bytes but kept the original length.
    assert.deepEqual(
      raw,
      original.map((p) => ({ ...p, interfaceId: 1 })),
    );
  });
});

describe('pcapng re-encoded from real packets', () => {
  for (const bigEndian of [false, true]) {
    it(`reads a ${bigEndian ? 'big' : 'little'}-endian section like the pcap it came from`, () => {
      const bytes = encodePcapng([{ bigEndian, interfaces: [{ linkType: 1 }], blocks: epbs(0, 1_000_000n) }]);
      const read = readCapture(bytes);
      assert.deepEqual(read.packets, reference.packets);
      assert.deepEqual(read.stats, reference.stats);
    });
  }

  const resolutions: [string, number, bigint][] = [
    ['milliseconds (10^-3)', 3, 1000n],
    ['nanoseconds (10^-9)', 9, 1_000_000_000n],
    ['10^-10 seconds', 10, 10_000_000_000n],
    ['2^-20 seconds', 0x80 | 20, 1n << 20n],
    ['2^-32 seconds', 0x80 | 32, 1n << 32n],
  ];
  for (const [label, tsresol, unitsPerSecond] of resolutions) {
    it(`reads if_tsresol in ${label}, rounding down to the µs`, () => {
      const bytes = encodePcapng([
        { interfaces: [{ linkType: 1, tsresol }], blocks: epbs(0, unitsPerSecond) },
      ]);
      const { packets } = readCapture(bytes);
      const expected = sample.records.map((r) => {
        const units = (BigInt(microsOf(r)) * unitsPerSecond) / 1_000_000n;
        return Number((units * 1_000_000n) / unitsPerSecond);
      });
      assert.deepEqual(
        packets.map((p) => p.tsMicros),
        expected,
      );
      assert.deepEqual(
        withoutFraming(packets).map(({ tsMicros: _t, ...rest }) => rest),
        withoutFraming(reference.packets).map(({ tsMicros: _t, ...rest }) => rest),
      );
    });
  }

  it('adds if_tsoffset seconds', () => {
    const bytes = encodePcapng([
      { interfaces: [{ linkType: 1, tsoffset: -3600 }], blocks: epbs(0, 1_000_000n) },
    ]);
    assert.deepEqual(
      readCapture(bytes).packets.map((p) => p.tsMicros),
      reference.packets.map((p) => p.tsMicros - 3600e6),
    );
  });

  it('reads Ethernet, raw IP and SLL2 interfaces interleaved in one section', () => {
    const ethernet = epbs(0, 1_000_000n);
    const raw = epbs(1, 1_000_000n, (data) => data.subarray(14));
    const cooked = epbs(2, 1_000_000n, toSll2);
    const blocks = ethernet.flatMap((block, i) => [block, raw[i]!, cooked[i]!]);
    const bytes = encodePcapng([
      { interfaces: [{ linkType: 1 }, { linkType: 101 }, { linkType: 276 }], blocks },
    ]);
    const { packets } = readCapture(bytes, () => 97);
    for (const iface of [0, 1, 2]) {
      const mine = packets.filter((p) => p.interfaceId === iface);
      assert.deepEqual(withoutFraming(mine), withoutFraming(reference.packets), `interface ${iface}`);
    }
  });

  it('reads simple packet blocks on interface 0 with the last timestamp, cut to the snaplen', () => {
    const blocks: NgBlock[] = [
      epbs(0, 1_000_000n)[0]!,
      ...sample.records
        .slice(1, 4)
        .map((r): NgBlock => ({ kind: 'spb', data: r.data, wireLength: r.wireLength })),
    ];
    const { packets } = readCapture(encodePcapng([{ interfaces: [{ linkType: 1, snaplen: 0 }], blocks }]));
    assert.equal(packets.length, 4);
    assert.deepEqual(
      packets.map((p) => p.tsMicros),
      Array(4).fill(reference.packets[0]!.tsMicros),
    );
    assert.deepEqual(
      withoutFraming(packets.slice(1)).map(({ tsMicros: _t, ...rest }) => rest),
      withoutFraming(reference.packets.slice(1, 4)).map(({ tsMicros: _t, ...rest }) => rest),
    );
    // A 34-byte snaplen leaves Ethernet and IPv4 but not TCP: the padding of the block is not data.
    const snapped = readCapture(encodePcapng([{ interfaces: [{ linkType: 1, snaplen: 34 }], blocks }]));
    assert.deepEqual(snapped.stats.skipped, { 'truncated-header': 3 });
  });

  it('reads obsolete packet blocks', () => {
    const blocks = epbs(0, 1_000_000n).map((b): NgBlock => (b.kind === 'epb' ? { ...b, kind: 'opb' } : b));
    assert.deepEqual(
      readCapture(encodePcapng([{ interfaces: [{ linkType: 1 }], blocks }])).packets,
      reference.packets,
    );
  });

  it('skips name resolution, statistics, decryption-secrets and custom blocks by their length', () => {
    const blocks = epbs(0, 1_000_000n).flatMap((block, i): NgBlock[] => [
      { kind: 'other', type: [4, 5, 0x0a, 0x00000bad, 0x40000bad][i % 5]!, body: Buffer.alloc(4 * (i % 7)) },
      block,
    ]);
    assert.deepEqual(
      readCapture(encodePcapng([{ interfaces: [{ linkType: 1 }], blocks }])).packets,
      reference.packets,
    );
  });

  it('starts a new list of interfaces at each section header', () => {
    const sections: NgSection[] = [
      { interfaces: [{ linkType: 101 }, { linkType: 1 }], blocks: epbs(1, 1_000_000n).slice(0, 5) },
      { bigEndian: true, interfaces: [{ linkType: 276 }], blocks: epbs(0, 1_000_000n, toSll2).slice(5, 10) },
    ];
    const { packets, stats } = readCapture(encodePcapng(sections));
    assert.deepEqual(withoutFraming(packets), withoutFraming(reference.packets.slice(0, 10)));
    assert.deepEqual(
      packets.map((p) => p.interfaceId),
      [1, 1, 1, 1, 1, 0, 0, 0, 0, 0],
    );
    assert.equal(stats.endedEarly, null);
    // Interface 1 of the first section does not exist in the second.
    const stale = encodePcapng([sections[0]!, { ...sections[1]!, blocks: epbs(1, 1_000_000n).slice(5, 6) }]);
    const read = readCapture(stale);
    assert.equal(read.packets.length, 5);
    assert.match(read.stats.endedEarly!.reason, /packet block for interface 1, but the section describes 1/);
    assert.deepEqual(read.stats.skipped, { 'corrupt-block': 1 });
  });

  it('ends the file at a packet whose time is beyond any date (a mangled high word)', () => {
    const blocks = epbs(0, 1_000_000n).slice(0, 5);
    blocks[3] = { ...(blocks[3] as Extract<NgBlock, { kind: 'epb' }>), units: 0xfff0_0000_0000_0000n };
    const { packets, stats } = readCapture(encodePcapng([{ interfaces: [{ linkType: 1 }], blocks }]));
    assert.equal(packets.length, 3);
    assert.match(stats.endedEarly!.reason, /packet block with a timestamp of \d+ µs, beyond any date/);
    assert.deepEqual(stats.skipped, { 'corrupt-block': 1 });
  });

  it('keeps the defaults when an option list is malformed', () => {
    const bytes = encodePcapng([{ interfaces: [{ linkType: 1, tsresol: 9 }], blocks: epbs(0, 1_000_000n) }]);
    // The if_tsresol option's length (offset 28 + 16 + 2 of the IDB, after the 28-byte SHB) made huge.
    const idb = 28;
    assert.equal(bytes.readUInt16LE(idb + 16), 9);
    bytes.writeUInt16LE(0xfff0, idb + 18);
    assert.deepEqual(readCapture(bytes).packets, reference.packets);
  });

  it('counts packets of an undecoded link type, warning once per interface', () => {
    const { stats, warnings } = readCapture(
      encodePcapng([{ interfaces: [{ linkType: 1 }, { linkType: 127 }], blocks: epbs(1, 1_000_000n) }]),
      undefined,
      'radio.pcapng',
    );
    assert.deepEqual(stats.skipped, { 'unsupported-link-type': 35 });
    assert.deepEqual(warnings, [
      'radio.pcapng: interface 1 has link type 127, which is not decoded; its packets are counted as unsupported-link-type',
    ]);
  });
});
