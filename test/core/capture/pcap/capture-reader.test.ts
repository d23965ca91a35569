import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { DecodedPacket } from '../../../../packages/core/src/capture/packet.ts';
import { CaptureReader } from '../../../../packages/core/src/capture/pcap/index.ts';
import { isPipelineError } from '../../../../packages/core/src/errors.ts';
import { SeededRng } from '../../../../packages/core/src/random/seeded-rng.ts';
import { fixture } from '../../../fixtures/paths.ts';
import { readCapture, readFixture } from './capture-encoding.ts';

function bytesOf(name: string): Buffer {
  return readFileSync(fixture(`pcap/${name}`));
}

function protocolCounts(packets: readonly DecodedPacket[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of packets) {
    const key = `ipv${p.ipVersion}/${p.protocol === 6 ? 'tcp' : p.protocol === 17 ? 'udp' : 'icmp'}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/**
 * Measured on the fixtures with `tcpdump -r FILE -n | wc -l` (packets) and
 * `tshark -r FILE -T fields -e frame.protocols | sort | uniq -c` (what each packet is): tshark's
 * ARP and LLC frames are our not-ip, its IGMP our other-ip-protocol, and of the fragmented datagram
 * in amp.TCP.reflection (frames 3658 and 3659) it dissects the first as UDP, the second as "data".
 */
const EXPECTED: Record<
  string,
  { packets: number; protocols: Record<string, number>; skipped: Record<string, number> }
> = {
  'test_copy.pcap': { packets: 3292, protocols: { 'ipv4/tcp': 3291, 'ipv4/icmp': 1 }, skipped: {} },
  'sample.pcap': { packets: 35, protocols: { 'ipv4/tcp': 35 }, skipped: {} },
  'WebattackSQLinj.pcap': { packets: 94, protocols: { 'ipv4/tcp': 94 }, skipped: {} },
  'activeosfingerprinting.pcapng': {
    packets: 48,
    protocols: { 'ipv4/tcp': 40, 'ipv4/udp': 4, 'ipv4/icmp': 4 },
    skipped: {},
  },
  'amp.TCP.syn.optionallyACK.optionallysamePort.pcapng': {
    packets: 896,
    protocols: { 'ipv4/tcp': 896 },
    skipped: {},
  },
  'http_dvwa_sqlinjection.pcapng': { packets: 35, protocols: { 'ipv4/tcp': 35 }, skipped: {} },
  'tcp_handshake.pcapng': { packets: 3, protocols: { 'ipv4/tcp': 3 }, skipped: {} },
  'sessionhijacking.pcapng': {
    packets: 134,
    protocols: { 'ipv4/tcp': 133 },
    skipped: { 'other-ip-protocol': 1 },
  },
  'nmap-vsn.pcap': {
    packets: 547,
    protocols: { 'ipv4/tcp': 32, 'ipv4/udp': 12 },
    skipped: { 'not-ip': 503 },
  },
  'dos_win98_smb_netbeui.pcap': {
    packets: 220,
    protocols: { 'ipv4/udp': 61, 'ipv4/icmp': 1 },
    skipped: { 'not-ip': 158 },
  },
  'amp.TCP.reflection.SYNACK.pcap': {
    packets: 8000,
    protocols: { 'ipv4/tcp': 7679, 'ipv4/udp': 163, 'ipv4/icmp': 153 },
    skipped: { 'not-ip': 4, 'ip-fragment': 1 },
  },
  'loopback-sll.pcap': {
    packets: 22,
    protocols: { 'ipv4/tcp': 10, 'ipv4/udp': 1, 'ipv6/tcp': 10, 'ipv6/udp': 1 },
    skipped: {},
  },
  'loopback-sll2.pcap': {
    packets: 22,
    protocols: { 'ipv4/tcp': 10, 'ipv4/udp': 1, 'ipv6/tcp': 10, 'ipv6/udp': 1 },
    skipped: {},
  },
  'sample.nsec.pcap': { packets: 35, protocols: { 'ipv4/tcp': 35 }, skipped: {} },
  'sample.nsec.pcapng': { packets: 35, protocols: { 'ipv4/tcp': 35 }, skipped: {} },
  'WebattackSQLinj.rawip.pcap': { packets: 94, protocols: { 'ipv4/tcp': 94 }, skipped: {} },
  'two-links.pcapng': { packets: 129, protocols: { 'ipv4/tcp': 129 }, skipped: {} },
};

describe('CaptureReader on the real captures', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: ${expected.packets} packets, counted by protocol and skip reason`, () => {
      const { packets, stats, warnings } = readFixture(name);
      assert.equal(stats.packets, expected.packets);
      assert.deepEqual(protocolCounts(packets), expected.protocols);
      assert.deepEqual(stats.skipped, expected.skipped);
      assert.equal(stats.decoded, packets.length);
      assert.equal(stats.endedEarly, null);
      assert.deepEqual(warnings, []);
    });
  }

  it('decodes a TCP data segment as tcpdump -vv shows it (test_copy.pcap, packet 4)', () => {
    // tcpdump -r test_copy.pcap -n -vv -tt, packet 4; tshark: tcp.len 82, tcp.hdr_len 20, frame.len 136:
    // 1427801538.475831 IP (tos 0x0, ttl 127, id 474, offset 0, flags [DF], proto TCP (6), length 122)
    //   10.200.2.252.61558 > 185.91.175.64.80: Flags [P.], ..., win 256, length 82
    const { packets } = readFixture('test_copy.pcap');
    assert.deepEqual(packets[3], {
      tsMicros: 1427801538475831,
      ipVersion: 4,
      srcIp: '10.200.2.252',
      dstIp: '185.91.175.64',
      protocol: 6,
      srcPort: 61558,
      dstPort: 80,
      payloadBytes: 82,
      headerBytes: 20,
      ipHeaderBytes: 20,
      tcpFlags: 0x18,
      tcpWindow: 256,
      wireBytes: 136,
      interfaceId: 0,
    });
    // Packet 1: "Flags [S], ... win 8192, options [mss 1460,nop,wscale 8,nop,nop,sackOK], length 0", IP length 52.
    assert.equal(packets[0]!.tcpFlags, 0x02);
    assert.equal(packets[0]!.headerBytes, 32);
    assert.equal(packets[0]!.payloadBytes, 0);
    assert.equal(packets[0]!.tcpWindow, 8192);
  });

  it('counts TCP options in headerBytes (WebattackSQLinj.pcap, packet 4)', () => {
    // tshark -T fields: 172.16.0.1:36196 > 192.168.10.50:80, tcp.len 447, tcp.hdr_len 32, flags 0x018, window 229.
    const packet = readFixture('WebattackSQLinj.pcap').packets[3]!;
    assert.equal(packet.tsMicros, 1499348407420462);
    assert.deepEqual(
      [packet.srcIp, packet.srcPort, packet.dstIp, packet.dstPort],
      ['172.16.0.1', 36196, '192.168.10.50', 80],
    );
    assert.deepEqual(
      [packet.payloadBytes, packet.headerBytes, packet.tcpFlags, packet.tcpWindow],
      [447, 32, 0x18, 229],
    );
  });

  it('never counts Ethernet padding as payload (sample.pcap, packet 3: a 60-byte frame around a 40-byte IP packet)', () => {
    // tshark: frame.len 60, ip.len 40, tcp.len 0 for the ACK at 1499255172.983726.
    const packet = readFixture('sample.pcap').packets[2]!;
    assert.equal(packet.tsMicros, 1499255172983726);
    assert.equal(packet.wireBytes, 60);
    assert.equal(packet.payloadBytes, 0);
    assert.equal(packet.tcpFlags, 0x10);
  });

  it('decodes ICMP with ports 0 and an 8-byte header (test_copy.pcap, packet 1565)', () => {
    // 1427801668.158666 IP (..., proto ICMP (1), length 56) 46.166.166.51 > 10.200.2.252: ICMP host ... unreachable
    const icmp = readFixture('test_copy.pcap').packets[1564]!;
    assert.deepEqual(
      [icmp.tsMicros, icmp.protocol, icmp.srcIp, icmp.dstIp, icmp.srcPort, icmp.dstPort],
      [1427801668158666, 1, '46.166.166.51', '10.200.2.252', 0, 0],
    );
    assert.deepEqual([icmp.headerBytes, icmp.payloadBytes, icmp.tcpFlags, icmp.tcpWindow], [8, 28, 0, 0]);
  });

  it('decodes a first fragment with its ports and skips the next one (amp.TCP.reflection, frames 3658-3659)', () => {
    // tcpdump -v: 1622865525.617668 IP (..., id 21356, offset 0, flags [+], proto UDP (17), length 1452)
    //   113.9.163.216.161 > 10.10.10.10.51767;  then id 21356, offset 1432, length 226: "ip-proto-17".
    const { packets } = readFixture('amp.TCP.reflection.SYNACK.pcap');
    const first = packets.find((p) => p.tsMicros === 1622865525617668)!;
    assert.deepEqual(
      [
        first.protocol,
        first.srcIp,
        first.srcPort,
        first.dstIp,
        first.dstPort,
        first.payloadBytes,
        first.headerBytes,
      ],
      [17, '113.9.163.216', 161, '10.10.10.10', 51767, 1452 - 20 - 8, 8],
    );
    assert.equal(packets.filter((p) => p.tsMicros === 1622865525617693).length, 0);
  });

  it('hands over one reused packet instance', () => {
    const seen = new Set<DecodedPacket>();
    const reader = new CaptureReader('sample.pcap', (p) => seen.add(p));
    reader.push(bytesOf('sample.pcap'));
    assert.equal(reader.end().decoded, 35);
    assert.equal(seen.size, 1);
  });
});

describe('CaptureReader across chunk boundaries', () => {
  for (const name of [
    'sample.pcap',
    'two-links.pcapng',
    'http_dvwa_sqlinjection.pcapng',
    'loopback-sll2.pcap',
    'amp.TCP.reflection.SYNACK.pcap',
  ]) {
    it(`${name}: one byte at a time gives the same packets and stats`, () => {
      const whole = readFixture(name);
      const bytewise = readCapture(bytesOf(name), () => 1, name);
      assert.deepEqual(bytewise.packets, whole.packets);
      assert.deepEqual(bytewise.stats, whole.stats);
    });
  }

  for (const name of [
    'test_copy.pcap',
    'amp.TCP.syn.optionallyACK.optionallysamePort.pcapng',
    'sample.nsec.pcapng',
  ]) {
    it(`${name}: random chunk sizes (seeded) give the same packets and stats`, () => {
      const whole = readFixture(name);
      for (const seed of [1, 2, 3]) {
        const rng = new SeededRng(seed);
        // Mostly small chunks, some larger than a record, so records start, end and span anywhere.
        const chunks = readCapture(
          bytesOf(name),
          () => (rng.nextInt(4) === 0 ? 1 + rng.nextInt(5000) : 1 + rng.nextInt(40)),
          name,
        );
        assert.deepEqual(chunks.packets, whole.packets, `seed ${seed}`);
        assert.deepEqual(chunks.stats, whole.stats, `seed ${seed}`);
      }
    });
  }

  it('reads a capture piped through `tcpdump -r FILE -w -`, as from a live tcpdump', (t) => {
    const piped = spawnSync('tcpdump', ['-r', fixture('pcap/test_copy.pcap'), '-w', '-'], {
      maxBuffer: 16 << 20,
    });
    if (piped.error !== undefined) {
      t.skip('tcpdump is not installed');
      return;
    }
    const fromPipe = readCapture(piped.stdout, (at) => 65536 - (at % 7));
    assert.deepEqual(fromPipe.packets, readFixture('test_copy.pcap').packets);
  });
});

describe('CaptureReader on what is not a capture', () => {
  const cases: [string, Buffer, RegExp][] = [
    ['an empty file', Buffer.alloc(0), /not a pcap or pcapng capture: empty file/],
    ['a CSV file', bytesOf('sample.csv'), /looks like CSV text \("Flow ID,Src IP,/],
    ['three bytes', Buffer.from([0xd4, 0xc3, 0xb2]), /only 3 bytes: 0xd4c3b2/],
    ['a gzip file', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]), /gzip/],
    ['binary data', Buffer.from('00112233445566778899', 'hex'), /first bytes 0x0011223344556677/],
    [
      'a pcap cut inside its file header',
      bytesOf('sample.pcap').subarray(0, 10),
      /pcap file header cut short: 10 of 24/,
    ],
    [
      'a pcapng cut inside its section header',
      bytesOf('tcp_handshake.pcapng').subarray(0, 20),
      /section header cut short/,
    ],
  ];
  for (const [what, bytes, message] of cases) {
    it(`${what}: CAPTURE_FORMAT naming what was found`, () => {
      for (const chunk of [undefined, () => 1]) {
        assert.throws(
          () => readCapture(bytes, chunk, 'input'),
          (error: unknown) =>
            isPipelineError(error) && error.code === 'CAPTURE_FORMAT' && message.test(error.message),
        );
      }
    });
  }

  it('a pcapng whose section header has a bad byte-order magic: CAPTURE_FORMAT', () => {
    const bytes = Buffer.from(bytesOf('tcp_handshake.pcapng'));
    bytes.writeUInt32LE(0x12345678, 8);
    assert.throws(() => readCapture(bytes), /pcapng section header with byte-order magic 0x78563412/);
  });
});

describe('CaptureReader on cut and corrupt records', () => {
  const file = bytesOf('sample.pcap');
  // Record boundaries, from the record headers (24-byte file header, 16-byte record headers).
  const starts: number[] = [];
  for (let p = 24; p < file.length; p += 16 + file.readUInt32LE(p + 8)) starts.push(p);

  it('a file cut inside a record keeps the packets before it and says where it ended', () => {
    const cut = starts[10]! + 30;
    const { packets, stats, warnings } = readCapture(file.subarray(0, cut), undefined, 'sample.pcap');
    assert.equal(packets.length, 10);
    assert.deepEqual(stats.skipped, { 'truncated-record': 1 });
    assert.equal(stats.packets, 11);
    assert.equal(stats.endedEarly?.offset, starts[10]);
    assert.match(stats.endedEarly!.reason, /record cut short at the end of the input: 30 of \d+ bytes/);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, new RegExp(`^sample.pcap: .*at byte ${starts[10]}`));
  });

  it('a file cut inside a record header, fed a byte at a time, ends the same way', () => {
    const cut = starts[5]! + 7;
    const whole = readCapture(file.subarray(0, cut));
    const bytewise = readCapture(file.subarray(0, cut), () => 1);
    assert.deepEqual(bytewise, whole);
    assert.match(
      whole.stats.endedEarly!.reason,
      /record header cut short at the end of the input: 7 of 16 bytes/,
    );
  });

  it('a record length beyond the snaplen ends the file as corrupt, and later bytes are ignored', () => {
    const bytes = Buffer.from(file);
    bytes.writeUInt32LE(0x00ffffff, starts[3]! + 8);
    const { packets, stats } = readCapture(bytes, (at) => 100 + (at % 13));
    assert.equal(packets.length, 3);
    assert.deepEqual(stats.skipped, { 'corrupt-block': 1 });
    assert.equal(stats.endedEarly?.offset, starts[3]);
    assert.match(
      stats.endedEarly!.reason,
      /record of 16777215 captured bytes, more than the file's snaplen of 65535/,
    );
  });

  it('a pcapng block whose trailing length disagrees ends the file', () => {
    const bytes = Buffer.from(bytesOf('http_dvwa_sqlinjection.pcapng'));
    const blocks: number[] = [];
    for (let p = 0; p < bytes.length; p += bytes.readUInt32LE(p + 4)) blocks.push(p);
    const victim = blocks.find((p) => bytes.readUInt32LE(p) === 6 && p > blocks[5]!)!;
    const length = bytes.readUInt32LE(victim + 4);
    bytes.writeUInt32LE(length + 4, victim + length - 4);
    const { stats } = readCapture(bytes);
    assert.equal(stats.endedEarly?.offset, victim);
    assert.match(
      stats.endedEarly!.reason,
      new RegExp(`enhanced packet block of ${length} bytes whose trailing length says ${length + 4}`),
    );
    assert.equal(stats.skipped['corrupt-block'], 1);
    assert.equal(stats.decoded + 1, stats.packets);
  });

  it('a pcapng block length that is not a multiple of 4 ends the file', () => {
    const bytes = Buffer.from(bytesOf('tcp_handshake.pcapng'));
    const second = bytes.readUInt32LE(4);
    const third = second + bytes.readUInt32LE(second + 4);
    bytes.writeUInt32LE(70, third + 4);
    const { stats, packets } = readCapture(bytes);
    assert.equal(packets.length, 0);
    assert.match(stats.endedEarly!.reason, /enhanced packet block with an impossible length of 70 bytes/);
  });

  it('refuses pushes after end()', () => {
    const reader = new CaptureReader('x', () => {});
    reader.push(file);
    const stats = reader.end();
    assert.equal(reader.end(), stats);
    assert.throws(() => reader.push(file), /pushed to after end/);
  });
});
