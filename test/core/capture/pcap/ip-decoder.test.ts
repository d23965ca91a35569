import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ExtensionHeader,
  encodePcap,
  type RawRecord,
  readCapture,
  readFixture,
  readRawPcap,
  toIpv6,
} from './capture-encoding.ts';

const webattack = readRawPcap('WebattackSQLinj.pcap');
const reference = readFixture('WebattackSQLinj.pcap').packets;
/** Packet 4: 172.16.0.1:36196 > 192.168.10.50:80, 447 bytes of TCP data behind a 32-byte header. */
const DATA_SEGMENT = 3;

function record(data: Buffer, wireLength = data.length): RawRecord {
  return { seconds: 1499348407, fraction: 420462, data, wireLength };
}

function readFrames(...frames: (Buffer | RawRecord)[]) {
  const records = frames.map((f) => (Buffer.isBuffer(f) ? record(f) : f));
  return readCapture(encodePcap(records, { linkType: 1 }));
}

/** A copy of a real frame with its IPv4 header edited. */
function editedIpv4(index: number, edit: (ip: Buffer) => void): Buffer {
  const frame = Buffer.from(webattack.records[index]!.data);
  edit(frame.subarray(14));
  return frame;
}

describe('IPv4', () => {
  it('decodes a first fragment (more-fragments set, offset 0) and skips later fragments', () => {
    const first = editedIpv4(DATA_SEGMENT, (ip) => ip.writeUInt16BE(0x2000, 6));
    const later = editedIpv4(DATA_SEGMENT, (ip) => ip.writeUInt16BE(0x2000 | 185, 6));
    const last = editedIpv4(DATA_SEGMENT, (ip) => ip.writeUInt16BE(185, 6));
    const { packets, stats } = readFrames(first, later, last);
    assert.equal(packets.length, 1);
    assert.equal(packets[0]!.payloadBytes, reference[DATA_SEGMENT]!.payloadBytes);
    assert.equal(packets[0]!.srcPort, 36196);
    assert.deepEqual(stats.skipped, { 'ip-fragment': 2 });
  });

  it('counts IPv4 options in ipHeaderBytes', () => {
    const frame = webattack.records[DATA_SEGMENT]!.data;
    const withOptions = Buffer.concat([frame.subarray(0, 34), Buffer.from([1, 1, 1, 0]), frame.subarray(34)]);
    withOptions[14] = 0x46;
    withOptions.writeUInt16BE(withOptions.readUInt16BE(16) + 4, 16);
    const packet = readFrames(withOptions).packets[0]!;
    assert.deepEqual(
      [packet.ipHeaderBytes, packet.headerBytes, packet.payloadBytes, packet.srcPort],
      [24, 32, 447, 36196],
    );
  });

  it('takes the payload from the wire length when the total length is 0 (segmentation offload)', () => {
    const packet = readFrames(editedIpv4(DATA_SEGMENT, (ip) => ip.writeUInt16BE(0, 2))).packets[0]!;
    assert.equal(packet.payloadBytes, 447);
  });

  it('bounds a total length larger than the wire carried by the wire length', () => {
    const packet = readFrames(editedIpv4(DATA_SEGMENT, (ip) => ip.writeUInt16BE(60000, 2))).packets[0]!;
    assert.equal(packet.payloadBytes, 447);
  });

  it('keeps the IP payload size of a packet the capture cut short', () => {
    const frame = webattack.records[DATA_SEGMENT]!.data;
    const packet = readFrames(record(frame.subarray(0, 80), frame.length)).packets[0]!;
    assert.deepEqual([packet.payloadBytes, packet.wireBytes], [447, 513]);
  });

  it('skips bad IPv4 headers, bad TCP headers and other protocols, each by its reason', () => {
    const { stats } = readFrames(
      editedIpv4(0, (ip) => {
        ip[0] = 0x44; // IHL 4: shorter than the fixed header
      }),
      editedIpv4(0, (ip) => {
        ip[0] = 0x65; // version 6 behind an IPv4 ethertype
      }),
      editedIpv4(0, (ip) => ip.writeUInt16BE(12, 2)), // total length shorter than the header
      editedIpv4(0, (ip) => {
        ip[20 + 12] = 0x40; // TCP data offset 4
      }),
      editedIpv4(0, (ip) => {
        ip[9] = 47; // GRE
      }),
      editedIpv4(0, (ip) => {
        ip[0] = 0x4f; // IHL 15: 60 bytes of header, more than this packet has
        ip.writeUInt16BE(200, 2);
      }),
      webattack.records[0]!.data.subarray(0, 14 + 19),
      webattack.records[0]!.data.subarray(0, 14 + 20 + 19),
    );
    assert.deepEqual(stats.skipped, {
      'bad-ip-header': 3,
      'bad-transport-header': 1,
      'other-ip-protocol': 1,
      'truncated-header': 3,
    });
    assert.equal(stats.packets, 8);
  });

  it('reads the NS flag as 0x100', () => {
    const frame = editedIpv4(DATA_SEGMENT, (ip) => {
      ip[20 + 12]! |= 0x01;
    });
    assert.equal(readFrames(frame).packets[0]!.tcpFlags, 0x118);
  });
});

describe('IPv6, from real packets re-sent over IPv6', () => {
  const frame = webattack.records[DATA_SEGMENT]!.data;
  const plain = readFrames(toIpv6(frame)).packets[0]!;

  it('decodes the IPv6 packet like its IPv4 original', () => {
    assert.deepEqual(
      {
        ...plain,
        srcIp: reference[DATA_SEGMENT]!.srcIp,
        dstIp: reference[DATA_SEGMENT]!.dstIp,
        wireBytes: reference[DATA_SEGMENT]!.wireBytes,
      },
      { ...reference[DATA_SEGMENT]!, ipVersion: 6, ipHeaderBytes: 40 },
    );
    assert.deepEqual([plain.srcIp, plain.dstIp], ['2001:db8::ac10:1', '2001:db8::c0a8:a32']);
  });

  const chains: [string, ExtensionHeader[]][] = [
    ['hop-by-hop', [{ type: 0, bytes: 8 }]],
    [
      'hop-by-hop, routing, destination options',
      [
        { type: 0, bytes: 8 },
        { type: 43, bytes: 24 },
        { type: 60, bytes: 16 },
      ],
    ],
    ['authentication header', [{ type: 51, bytes: 24 }]],
    ['a first fragment', [{ type: 44, bytes: 8, fragmentOffset: 0, moreFragments: true }]],
    [
      'destination options then a first fragment then AH',
      [
        { type: 60, bytes: 8 },
        { type: 44, bytes: 8, moreFragments: true },
        { type: 51, bytes: 12 },
      ],
    ],
  ];
  for (const [label, chain] of chains) {
    it(`walks ${label}`, () => {
      const packet = readFrames(toIpv6(frame, chain)).packets[0]!;
      const extra = chain.reduce((sum, e) => sum + e.bytes, 0);
      assert.deepEqual(packet, { ...plain, ipHeaderBytes: 40 + extra, wireBytes: plain.wireBytes + extra });
    });
  }

  it('skips later fragments, no-next-header packets and cut extension chains', () => {
    const later = toIpv6(frame, [{ type: 44, bytes: 8, fragmentOffset: 100, moreFragments: true }]);
    const noNext = toIpv6(frame, [{ type: 60, bytes: 8 }]);
    noNext[14 + 40] = 59;
    const chain = toIpv6(frame, [
      { type: 0, bytes: 8 },
      { type: 43, bytes: 24 },
    ]);
    const { stats } = readFrames(
      later,
      noNext,
      chain.subarray(0, 14 + 40 + 8 + 1),
      chain.subarray(0, 14 + 39),
      toIpv6(frame).subarray(0, 14 + 40 + 10),
    );
    assert.deepEqual(stats.skipped, { 'ip-fragment': 1, 'other-ip-protocol': 1, 'truncated-header': 3 });
  });

  it('decodes ICMPv6 like ICMP (the destination-unreachable of test_copy.pcap re-sent over IPv6)', () => {
    const icmp = readRawPcap('test_copy.pcap').records[1564]!.data;
    const packet = readFrames(toIpv6(icmp)).packets[0]!;
    assert.deepEqual(
      [
        packet.protocol,
        packet.srcPort,
        packet.dstPort,
        packet.headerBytes,
        packet.payloadBytes,
        packet.tcpFlags,
      ],
      [58, 0, 0, 8, 28, 0],
    );
  });

  it('takes the payload from the wire length when the payload length is 0 (jumbogram)', () => {
    const jumbo = toIpv6(frame);
    jumbo.writeUInt16BE(0, 14 + 4);
    assert.equal(readFrames(jumbo).packets[0]!.payloadBytes, 447);
  });
});
