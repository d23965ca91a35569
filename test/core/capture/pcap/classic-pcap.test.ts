import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodePcap, microsOf, readCapture, readFixture, readRawPcap } from './capture-encoding.ts';

describe('classic pcap', () => {
  const sample = readRawPcap('sample.pcap');
  const reference = readFixture('sample.pcap');

  it('reads µs timestamps as written (sample.pcap, checked against the raw record headers)', () => {
    assert.deepEqual(
      reference.packets.map((p) => p.tsMicros),
      sample.records.map((r) => microsOf(r)),
    );
  });

  it('reads the nanosecond file editcap wrote from the same packets identically', () => {
    const nanos = readFixture('sample.nsec.pcap');
    assert.equal(readRawPcap('sample.nsec.pcap').nanos, true);
    assert.deepEqual(nanos.packets, reference.packets);
  });

  it('rounds nanoseconds down to the microsecond', () => {
    const records = sample.records
      .slice(0, 3)
      .map((r, i) => ({ ...r, fraction: r.fraction * 1000 + [0, 999, 500][i]! }));
    const { packets } = readCapture(encodePcap(records, { linkType: 1, nanos: true }));
    assert.deepEqual(
      packets.map((p) => p.tsMicros),
      sample.records.slice(0, 3).map((r) => microsOf(r)),
    );
  });

  for (const nanos of [false, true]) {
    it(`reads a big-endian ${nanos ? 'ns' : 'µs'} file as the little-endian one`, () => {
      const records = nanos
        ? sample.records.map((r) => ({ ...r, fraction: r.fraction * 1000 }))
        : sample.records;
      const big = readCapture(encodePcap(records, { linkType: 1, nanos, bigEndian: true }));
      assert.deepEqual(big.packets, reference.packets);
      assert.deepEqual(big.stats, reference.stats);
    });
  }

  it('reports real payload sizes for packets cut by a small snaplen (test_copy.pcap re-cut to 54 bytes)', () => {
    const raw = readRawPcap('test_copy.pcap');
    const cut = raw.records.map((r) => ({ ...r, data: r.data.subarray(0, 54) }));
    const whole = readFixture('test_copy.pcap');
    const snapped = readCapture(encodePcap(cut, { linkType: 1, snaplen: 54 }));
    // 54 bytes hold Ethernet, IPv4 and a TCP header without options: everything the reader needs.
    assert.deepEqual(snapped.packets, whole.packets);
  });

  it('counts packets whose headers the snaplen cut off as truncated-header', () => {
    const cut = sample.records.map((r) => ({ ...r, data: r.data.subarray(0, 40) }));
    const { stats } = readCapture(encodePcap(cut, { linkType: 1, snaplen: 40 }));
    assert.deepEqual(stats, {
      packets: 35,
      decoded: 0,
      skipped: { 'truncated-header': 35 },
      endedEarly: null,
    });
  });

  it('ignores the FCS bits above the link type', () => {
    const { packets } = readCapture(encodePcap(sample.records, { linkType: 1 | (1 << 26) | (2 << 28) }));
    assert.deepEqual(packets, reference.packets);
  });

  it('counts every packet of an undecoded link type, with one warning', () => {
    const { stats, warnings } = readCapture(
      encodePcap(sample.records, { linkType: 147 }),
      undefined,
      'user.pcap',
    );
    assert.deepEqual(stats, {
      packets: 35,
      decoded: 0,
      skipped: { 'unsupported-link-type': 35 },
      endedEarly: null,
    });
    assert.deepEqual(warnings, [
      'user.pcap: link type 147 is not decoded; its packets are counted as unsupported-link-type',
    ]);
  });

  it('reads a file of no records', () => {
    const { stats } = readCapture(encodePcap([], { linkType: 1 }));
    assert.deepEqual(stats, { packets: 0, decoded: 0, skipped: {}, endedEarly: null });
  });
});
