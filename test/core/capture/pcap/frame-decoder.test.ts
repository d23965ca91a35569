import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  encodePcap,
  ipOf,
  type RawRecord,
  readCapture,
  readFixture,
  readRawPcap,
  toIpv6,
  toLoopback,
  toSll,
  toSll2,
  withoutFraming,
  withVlanTags,
} from './capture-encoding.ts';

const sample = readRawPcap('sample.pcap');
const reference = readFixture('sample.pcap');

/** sample.pcap's records with each frame rewritten, the wire length changed by as much. */
function reframed(
  frame: (data: Buffer) => Buffer,
  records: readonly RawRecord[] = sample.records,
): RawRecord[] {
  return records.map((r) => {
    const data = frame(r.data);
    return { ...r, data, wireLength: r.wireLength + data.length - r.data.length };
  });
}

function readAs(linkType: number, frame: (data: Buffer) => Buffer, records?: readonly RawRecord[]) {
  return readCapture(encodePcap(reframed(frame, records), { linkType }));
}

describe('link layers captured for real', () => {
  it('Linux cooked v1 and v2 (tcpdump -i any) carry the same loopback traffic', () => {
    const v1 = readFixture('loopback-sll.pcap').packets;
    const v2 = readFixture('loopback-sll2.pcap').packets;
    // Two captures of two runs: ports, times and the order of the closing segments differ; the packets do not.
    const shape = (p: (typeof v1)[number]) =>
      JSON.stringify([p.ipVersion, p.protocol, p.srcIp, p.dstIp, p.payloadBytes, p.tcpFlags]);
    assert.deepEqual(v1.map(shape).sort(), v2.map(shape).sort());
  });

  it('decodes an IPv6 data segment from SLL2 as tcpdump -vv shows it (loopback-sll2.pcap, packet 11)', () => {
    // 1796236164.162045 lo In IP6 (flowlabel 0x334b1, hlim 64, next-header TCP (6) payload length: 93)
    //   ::1.34004 > ::1.18080: Flags [P.], ..., win 64, options [nop,nop,TS val ... ecr ...], length 61
    // tshark: frame.len 153 (20 of SLL2, 40 of IPv6, 32 of TCP, 61 of data).
    const packet = readFixture('loopback-sll2.pcap').packets[10];
    assert.deepEqual(packet, {
      tsMicros: 1796236164162045,
      ipVersion: 6,
      srcIp: '::1',
      dstIp: '::1',
      protocol: 6,
      srcPort: 34004,
      dstPort: 18080,
      payloadBytes: 61,
      headerBytes: 32,
      ipHeaderBytes: 40,
      tcpFlags: 0x18,
      tcpWindow: 64,
      wireBytes: 153,
      interfaceId: 0,
    });
  });

  it('decodes UDP over IPv4 and IPv6 (loopback-sll2.pcap, packets 15 and 16: "UDP, length 5")', () => {
    const { packets } = readFixture('loopback-sll2.pcap');
    for (const [index, version, src] of [
      [14, 4, '127.0.0.1'],
      [15, 6, '::1'],
    ] as const) {
      const p = packets[index]!;
      assert.deepEqual(
        [p.ipVersion, p.protocol, p.srcIp, p.dstPort, p.payloadBytes, p.headerBytes, p.tcpFlags],
        [version, 17, src, 18081, 5, 8, 0],
      );
    }
  });
});

describe('link layers re-encoded from real Ethernet frames', () => {
  const cases: [string, number, (data: Buffer) => Buffer][] = [
    ['802.1Q', 1, (d) => withVlanTags(d, [0x8100])],
    ['802.1ad QinQ', 1, (d) => withVlanTags(d, [0x88a8, 0x8100])],
    ['three stacked tags with the old 0x9100 TPID', 1, (d) => withVlanTags(d, [0x9100, 0x9100, 0x8100])],
    ['Linux SLL (113)', 113, toSll],
    ['Linux SLL2 (276)', 276, toSll2],
    ['BSD null (0), little-endian AF_INET', 0, (d) => toLoopback(d, 2, false)],
    ['BSD null (0), big-endian AF_INET', 0, (d) => toLoopback(d, 2, true)],
    ['OpenBSD loop (108), big-endian', 108, (d) => toLoopback(d, 2, true)],
    ['raw IP (101)', 101, ipOf],
    ['raw IP as DLT 12', 12, ipOf],
    ['raw IP as DLT 14', 14, ipOf],
    ['IPv4 (228)', 228, ipOf],
  ];
  for (const [label, linkType, frame] of cases) {
    it(`${label}: the same packets as the Ethernet original`, () => {
      const { packets, stats } = readAs(linkType, frame);
      assert.deepEqual(stats.skipped, {});
      assert.deepEqual(withoutFraming(packets), withoutFraming(reference.packets));
      const extra = frame(sample.records[0]!.data).length - sample.records[0]!.data.length;
      assert.equal(packets[0]!.wireBytes, reference.packets[0]!.wireBytes + extra);
    });
  }

  const v6 = reframed((d) => toIpv6(d));
  const v6Reference = readCapture(encodePcap(v6, { linkType: 1 })).packets;

  it('IPv6 behind every IPv6 link encoding (null families 10, 24, 28, 30; loop; raw 101 and 229; SLL2)', () => {
    assert.equal(v6Reference.length, 35);
    assert.equal(v6Reference[0]!.srcIp, '2001:db8::c0a8:a0e');
    const encodings: [number, (d: Buffer) => Buffer][] = [
      ...[10, 24, 28, 30].map((family): [number, (d: Buffer) => Buffer] => [
        0,
        (d) => toLoopback(d, family, false),
      ]),
      [108, (d) => toLoopback(d, 30, true)],
      [101, ipOf],
      [229, ipOf],
      [276, toSll2],
    ];
    for (const [linkType, frame] of encodings) {
      const { packets } = readAs(linkType, frame, v6);
      assert.deepEqual(withoutFraming(packets), withoutFraming(v6Reference), `link type ${linkType}`);
    }
  });

  it('counts frames that are not IP as not-ip', () => {
    const arp = (d: Buffer) => {
      const copy = Buffer.from(d);
      copy.writeUInt16BE(0x0806, 12);
      return copy;
    };
    assert.deepEqual(readAs(1, arp).stats.skipped, { 'not-ip': 35 });
    assert.deepEqual(readAs(276, (d) => toSll2(arp(d))).stats.skipped, { 'not-ip': 35 });
    assert.deepEqual(readAs(0, (d) => toLoopback(d, 7, false)).stats.skipped, { 'not-ip': 35 });
    const notIp = (d: Buffer) => {
      const ip = Buffer.from(ipOf(d));
      ip[0] = 0x55;
      return ip;
    };
    assert.deepEqual(readAs(101, notIp).stats.skipped, { 'not-ip': 35 });
    // An 802.3 length in the type field: LLC, as the NetBEUI frames of dos_win98_smb_netbeui.pcap.
    const llc = (d: Buffer) => {
      const copy = Buffer.from(d);
      copy.writeUInt16BE(d.length - 14, 12);
      return copy;
    };
    assert.deepEqual(readAs(1, llc).stats.skipped, { 'not-ip': 35 });
  });

  it('counts link headers the capture cut as truncated-header', () => {
    const records = sample.records.slice(0, 4);
    const cuts: [number, (d: Buffer) => Buffer][] = [
      [1, (d) => d.subarray(0, 13)],
      [1, (d) => withVlanTags(d, [0x8100, 0x8100]).subarray(0, 20)],
      [113, (d) => toSll(d).subarray(0, 15)],
      [276, (d) => toSll2(d).subarray(0, 19)],
      [0, (d) => toLoopback(d, 2, false).subarray(0, 3)],
      [101, (d) => d.subarray(0, 0)],
    ];
    for (const [linkType, frame] of cuts) {
      const { stats } = readAs(linkType, frame, records);
      assert.deepEqual(stats.skipped, { 'truncated-header': 4 }, `link type ${linkType}`);
    }
  });
});
