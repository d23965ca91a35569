/**
 * Test helpers: take the real packets out of a fixture capture and write them back in the formats and
 * link layers the fixtures do not have (nanosecond and big-endian pcap, pcapng sections with several
 * interfaces and options, VLAN tags, Linux cooked headers, BSD loopback, IPv6). The parsing here is
 * deliberately separate from the reader's: these helpers are the oracle the reader is checked by.
 */
import { readFileSync } from 'node:fs';
import type { CaptureReadStats, DecodedPacket } from '../../../../packages/core/src/capture/packet.ts';
import { CaptureReader } from '../../../../packages/core/src/capture/pcap/index.ts';
import { fixture } from '../../../fixtures/paths.ts';

export interface RawRecord {
  seconds: number;
  /** Microseconds within the second (nanoseconds when read from a ns file). */
  fraction: number;
  data: Buffer;
  wireLength: number;
}

export interface RawCapture {
  linkType: number;
  snaplen: number;
  nanos: boolean;
  records: RawRecord[];
}

/** Reads a little-endian classic pcap fixture (all of ours are) record by record. */
export function readRawPcap(name: string): RawCapture {
  const file = readFileSync(fixture(`pcap/${name}`));
  const magic = file.readUInt32LE(0);
  if (magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d) throw new Error(`${name}: not a little-endian pcap`);
  const records: RawRecord[] = [];
  for (let p = 24; p + 16 <= file.length; ) {
    const captured = file.readUInt32LE(p + 8);
    records.push({
      seconds: file.readUInt32LE(p),
      fraction: file.readUInt32LE(p + 4),
      data: Buffer.from(file.subarray(p + 16, p + 16 + captured)),
      wireLength: file.readUInt32LE(p + 12),
    });
    p += 16 + captured;
  }
  return {
    linkType: file.readUInt32LE(20) & 0xffff,
    snaplen: file.readUInt32LE(16),
    nanos: magic === 0xa1b23c4d,
    records,
  };
}

export interface PcapOptions {
  linkType: number;
  nanos?: boolean;
  bigEndian?: boolean;
  snaplen?: number;
}

/** A classic pcap file of these records; `fraction` is written as given (µs, or ns with `nanos`). */
export function encodePcap(records: readonly RawRecord[], options: PcapOptions): Buffer {
  const be = options.bigEndian ?? false;
  const header = Buffer.alloc(24);
  const u32 = (buf: Buffer, value: number, at: number) =>
    be ? buf.writeUInt32BE(value, at) : buf.writeUInt32LE(value, at);
  const u16 = (buf: Buffer, value: number, at: number) =>
    be ? buf.writeUInt16BE(value, at) : buf.writeUInt16LE(value, at);
  u32(header, options.nanos ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  u16(header, 2, 4);
  u16(header, 4, 6);
  u32(header, options.snaplen ?? 262144, 16);
  u32(header, options.linkType, 20);
  const parts: Buffer[] = [header];
  for (const record of records) {
    const head = Buffer.alloc(16);
    u32(head, record.seconds, 0);
    u32(head, record.fraction, 4);
    u32(head, record.data.length, 8);
    u32(head, record.wireLength, 12);
    parts.push(head, record.data);
  }
  return Buffer.concat(parts);
}

export interface NgInterface {
  linkType: number;
  snaplen?: number;
  /** The if_tsresol byte; omitted means the default (µs). */
  tsresol?: number;
  /** if_tsoffset, seconds. */
  tsoffset?: number;
}

export type NgBlock =
  | { kind: 'epb'; iface: number; units: bigint; data: Buffer; wireLength: number }
  | { kind: 'opb'; iface: number; units: bigint; data: Buffer; wireLength: number }
  | { kind: 'spb'; data: Buffer; wireLength: number }
  | { kind: 'other'; type: number; body: Buffer };

export interface NgSection {
  interfaces: NgInterface[];
  blocks: NgBlock[];
  bigEndian?: boolean;
}

/** A pcapng file of these sections, each a section header, its interfaces, then its blocks. */
export function encodePcapng(sections: readonly NgSection[]): Buffer {
  const parts: Buffer[] = [];
  for (const section of sections) {
    const w = new NgWriter(section.bigEndian ?? false);
    const shb = Buffer.alloc(16);
    w.u32(shb, 0x1a2b3c4d, 0);
    w.u16(shb, 1, 4);
    w.u16(shb, 0, 6);
    shb.fill(0xff, 8, 16); // section length unknown
    parts.push(w.block(0x0a0d0d0a, shb));
    for (const iface of section.interfaces) {
      const options: Buffer[] = [];
      if (iface.tsresol !== undefined) options.push(w.option(9, Buffer.from([iface.tsresol])));
      if (iface.tsoffset !== undefined) {
        const value = Buffer.alloc(8);
        if (w.be) value.writeBigInt64BE(BigInt(iface.tsoffset));
        else value.writeBigInt64LE(BigInt(iface.tsoffset));
        options.push(w.option(14, value));
      }
      if (options.length > 0) options.push(Buffer.alloc(4)); // opt_endofopt
      const body = Buffer.alloc(8);
      w.u16(body, iface.linkType, 0);
      w.u32(body, iface.snaplen ?? 262144, 4);
      parts.push(w.block(1, Buffer.concat([body, ...options])));
    }
    for (const block of section.blocks) parts.push(w.packet(block));
  }
  return Buffer.concat(parts);
}

class NgWriter {
  constructor(readonly be: boolean) {}

  u32(buf: Buffer, value: number, at: number): void {
    if (this.be) buf.writeUInt32BE(value, at);
    else buf.writeUInt32LE(value, at);
  }

  u16(buf: Buffer, value: number, at: number): void {
    if (this.be) buf.writeUInt16BE(value, at);
    else buf.writeUInt16LE(value, at);
  }

  block(type: number, body: Buffer): Buffer {
    const padded = (body.length + 3) & ~3;
    const length = 12 + padded;
    const out = Buffer.alloc(length);
    this.u32(out, type, 0);
    this.u32(out, length, 4);
    body.copy(out, 8);
    this.u32(out, length, length - 4);
    return out;
  }

  option(code: number, value: Buffer): Buffer {
    const out = Buffer.alloc(4 + ((value.length + 3) & ~3));
    this.u16(out, code, 0);
    this.u16(out, value.length, 2);
    value.copy(out, 4);
    return out;
  }

  packet(block: NgBlock): Buffer {
    switch (block.kind) {
      case 'epb':
      case 'opb': {
        const head = Buffer.alloc(20);
        if (block.kind === 'epb') this.u32(head, block.iface, 0);
        else this.u16(head, block.iface, 0);
        this.u32(head, Number(block.units >> 32n), 4);
        this.u32(head, Number(block.units & 0xffffffffn), 8);
        this.u32(head, block.data.length, 12);
        this.u32(head, block.wireLength, 16);
        return this.block(block.kind === 'epb' ? 6 : 2, Buffer.concat([head, block.data]));
      }
      case 'spb': {
        const head = Buffer.alloc(4);
        this.u32(head, block.wireLength, 0);
        return this.block(3, Buffer.concat([head, block.data]));
      }
      default:
        return this.block(block.type, block.body);
    }
  }
}

// Link layers, built around the IP packet of a real Ethernet frame.

const ETHERNET_HEADER = 14;

/** The frame with these tags (TPIDs, outermost first) inserted after the MAC addresses. */
export function withVlanTags(frame: Buffer, tpids: readonly number[]): Buffer {
  const tags = Buffer.alloc(4 * tpids.length);
  tpids.forEach((tpid, i) => {
    tags.writeUInt16BE(tpid, 4 * i);
    tags.writeUInt16BE(100 + i, 4 * i + 2); // VLAN ids 100, 101, ...
  });
  return Buffer.concat([frame.subarray(0, 12), tags, frame.subarray(12)]);
}

export function ipOf(frame: Buffer): Buffer {
  return frame.subarray(ETHERNET_HEADER);
}

export function etherTypeOf(frame: Buffer): number {
  return frame.readUInt16BE(12);
}

/** Linux cooked v1: packet type, ARPHRD_ETHER, address length, 8 address bytes, protocol. */
export function toSll(frame: Buffer): Buffer {
  const head = Buffer.alloc(16);
  head.writeUInt16BE(0, 0); // to us
  head.writeUInt16BE(1, 2);
  head.writeUInt16BE(6, 4);
  frame.copy(head, 6, 6, 12);
  head.writeUInt16BE(etherTypeOf(frame), 14);
  return Buffer.concat([head, ipOf(frame)]);
}

/** Linux cooked v2: protocol, reserved, interface index, ARPHRD, packet type, address length, address. */
export function toSll2(frame: Buffer): Buffer {
  const head = Buffer.alloc(20);
  head.writeUInt16BE(etherTypeOf(frame), 0);
  head.writeUInt32BE(2, 4);
  head.writeUInt16BE(1, 8);
  head[10] = 0;
  head[11] = 6;
  frame.copy(head, 12, 6, 12);
  return Buffer.concat([head, ipOf(frame)]);
}

/** BSD null/loop: a 4-byte address family in the given byte order. */
export function toLoopback(frame: Buffer, family: number, bigEndian: boolean): Buffer {
  const head = Buffer.alloc(4);
  if (bigEndian) head.writeUInt32BE(family, 0);
  else head.writeUInt32LE(family, 0);
  return Buffer.concat([head, ipOf(frame)]);
}

export interface ExtensionHeader {
  /** 0 hop-by-hop, 43 routing, 60 destination options, 51 AH, 44 fragment. */
  type: number;
  /** Bytes: a multiple of 8 (of 4 for AH), at least 8. */
  bytes: number;
  /** For 44: the fragment offset in 8-byte units, and the more-fragments flag. */
  fragmentOffset?: number;
  moreFragments?: boolean;
}

/**
 * The IPv4 packet of a real frame re-sent as IPv6 behind these extension headers: addresses become
 * 2001:db8::a.b.c.d, the transport header and payload are kept byte for byte (checksums are not
 * recomputed; the reader does not check them), and the lengths are the IPv4 packet's. Returns the
 * Ethernet frame.
 */
export function toIpv6(frame: Buffer, extensions: readonly ExtensionHeader[] = []): Buffer {
  const ip = ipOf(frame);
  const ihl = (ip[0]! & 0x0f) * 4;
  const transportLength = ip.readUInt16BE(2) - ihl;
  const protocol = ip[9]!;
  const header = Buffer.alloc(40);
  header.writeUInt32BE(0x60000000, 0);
  const extensionBytes = extensions.reduce((sum, e) => sum + e.bytes, 0);
  header.writeUInt16BE(transportLength + extensionBytes, 4);
  header[6] = extensions.length > 0 ? extensions[0]!.type : protocol === 1 ? 58 : protocol;
  header[7] = 64;
  for (const [at, from] of [
    [8, 12],
    [24, 16],
  ] as const) {
    header.writeUInt32BE(0x20010db8, at);
    ip.copy(header, at + 12, from, from + 4);
  }
  const chain = extensions.map((e, i) => {
    const next = i + 1 < extensions.length ? extensions[i + 1]!.type : protocol === 1 ? 58 : protocol;
    const out = Buffer.alloc(e.bytes);
    out[0] = next;
    if (e.type === 44) {
      out.writeUInt16BE(((e.fragmentOffset ?? 0) << 3) | (e.moreFragments ? 1 : 0), 2);
      out.writeUInt32BE(0x1234, 4);
    } else if (e.type === 51) {
      out[1] = e.bytes / 4 - 2;
    } else {
      out[1] = e.bytes / 8 - 1;
    }
    return out;
  });
  const ethernet = Buffer.from(frame.subarray(0, ETHERNET_HEADER));
  ethernet.writeUInt16BE(0x86dd, 12);
  return Buffer.concat([ethernet, header, ...chain, ip.subarray(ihl)]);
}

// Reading, for comparisons.

/** The fields of a decoded packet, copied (the reader reuses its instance). */
export type PacketSnapshot = DecodedPacket;

export function snapshot(packet: DecodedPacket): PacketSnapshot {
  return { ...packet };
}

export interface ReadResult {
  packets: PacketSnapshot[];
  stats: CaptureReadStats;
  warnings: string[];
}

/** Reads a whole capture pushed in the given chunk sizes (the whole buffer at once by default). */
export function readCapture(
  bytes: Buffer,
  chunkSizes?: (offset: number) => number,
  name = 'test',
): ReadResult {
  const packets: PacketSnapshot[] = [];
  const warnings: string[] = [];
  const reader = new CaptureReader(name, (p) => packets.push(snapshot(p)), {
    onWarning: (m) => warnings.push(m),
  });
  if (chunkSizes === undefined) {
    reader.push(bytes);
  } else {
    for (let at = 0; at < bytes.length; ) {
      const size = Math.max(1, chunkSizes(at));
      reader.push(bytes.subarray(at, at + size));
      at += size;
    }
  }
  return { packets, stats: reader.end(), warnings };
}

export function readFixture(name: string): ReadResult {
  return readCapture(readFileSync(fixture(`pcap/${name}`)), undefined, name);
}

/** Packets with the fields that depend on the link layer or file format left out. */
export function withoutFraming(
  packets: readonly PacketSnapshot[],
): Omit<PacketSnapshot, 'wireBytes' | 'interfaceId'>[] {
  return packets.map(({ wireBytes: _w, interfaceId: _i, ...rest }) => rest);
}

/** Microsecond timestamp of a raw record. */
export function microsOf(record: RawRecord, nanos = false): number {
  return record.seconds * 1e6 + (nanos ? Math.floor(record.fraction / 1000) : record.fraction);
}
