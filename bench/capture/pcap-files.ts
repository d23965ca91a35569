/**
 * The bench's own tiny capture files: raw records out of real pcap/pcapng captures, and a classic pcap
 * writer that repeats them for volume. Deliberately independent of the product's reader (it is what is
 * being measured): this side only splits files into records, it decodes nothing beyond the Ethernet,
 * VLAN and IPv4 headers it rewrites.
 *
 * Volume: real packets repeated. Each capture's packets are laid one segment after another on one
 * timeline (a segment starts a second after the previous one's last packet; a gap of more than ten
 * minutes inside a capture is cut to ten minutes, see MAX_GAP_MICROS), and the whole round of
 * segments is written again and again. So that repeated flows do not merge into one, every segment but
 * the very first has its IPv4 addresses varied: octets 2 and 3 of both source and destination are
 * XORed with the segment number (one bijection per segment, so a conversation's two directions still
 * pair up), and the IPv4, TCP and UDP checksums are updated to match (RFC 1624). Nothing else changes:
 * lengths, flags, windows, payloads and the gaps between packets are the real ones.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

export interface RawPacket {
  /** Microseconds since the epoch. */
  tsMicros: number;
  /** The captured bytes (a view into the file's buffer). */
  data: Buffer;
  /** The length on the wire. */
  origLen: number;
}

export interface RawCapture {
  path: string;
  linkType: number;
  packets: RawPacket[];
}

const LINKTYPE_ETHERNET = 1;

/** Records of a classic pcap (either byte order, µs or ns) or pcapng (SHB, IDB, EPB, SPB, PB) file. */
export function readRawCapture(path: string): RawCapture {
  const buf = readFileSync(path);
  const magic = buf.readUInt32LE(0);
  if (magic === 0x0a0d0d0a) return readPcapng(path, buf);
  let le: boolean;
  let nanos: boolean;
  if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) {
    le = true;
    nanos = magic === 0xa1b23c4d;
  } else if (magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) {
    le = false;
    nanos = magic === 0x4d3cb2a1;
  } else {
    throw new Error(`${path}: not a pcap or pcapng file`);
  }
  const u32 = (at: number) => (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  const linkType = u32(20) & 0x0fffffff;
  const packets: RawPacket[] = [];
  for (let at = 24; at + 16 <= buf.length; ) {
    const sec = u32(at);
    const frac = u32(at + 4);
    const capLen = u32(at + 8);
    const origLen = u32(at + 12);
    if (at + 16 + capLen > buf.length) break;
    packets.push({
      tsMicros: sec * 1e6 + (nanos ? Math.floor(frac / 1000) : frac),
      data: buf.subarray(at + 16, at + 16 + capLen),
      origLen,
    });
    at += 16 + capLen;
  }
  return { path, linkType, packets };
}

function readPcapng(path: string, buf: Buffer): RawCapture {
  let le = true;
  const u32 = (at: number) => (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  const u16 = (at: number) => (le ? buf.readUInt16LE(at) : buf.readUInt16BE(at));
  // Per section: each interface's link type and ticks per second.
  let interfaces: { linkType: number; ticksPerSecond: number }[] = [];
  const packets: RawPacket[] = [];
  let linkType = -1;
  const toMicros = (iface: number, high: number, low: number) => {
    const ticks = interfaces[iface]?.ticksPerSecond ?? 1e6;
    const value = high * 2 ** 32 + low;
    return ticks === 1e6 ? value : Math.floor((value / ticks) * 1e6);
  };
  for (let at = 0; at + 12 <= buf.length; ) {
    if (buf.readUInt32LE(at) === 0x0a0d0d0a) {
      le = buf.readUInt32LE(at + 8) === 0x1a2b3c4d;
      interfaces = [];
    }
    const type = u32(at);
    const length = u32(at + 4);
    if (length < 12 || at + length > buf.length) break;
    const body = at + 8;
    if (type === 1) {
      // Interface Description Block: link type, then options (if_tsresol is code 9).
      let ticksPerSecond = 1e6;
      for (let o = body + 8; o + 4 <= at + length - 4; ) {
        const code = u16(o);
        const olen = u16(o + 2);
        if (code === 0) break;
        if (code === 9 && olen >= 1) {
          const r = buf[o + 4]!;
          ticksPerSecond = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** (r & 0x7f);
        }
        o += 4 + ((olen + 3) & ~3);
      }
      interfaces.push({ linkType: u16(body), ticksPerSecond });
    } else if (type === 6 || type === 2) {
      // Enhanced Packet Block (6) or the obsolete Packet Block (2, a 16-bit interface id and drops).
      const iface = type === 6 ? u32(body) : u16(body);
      const capLen = u32(body + 12);
      const origLen = u32(body + 16);
      packets.push({
        tsMicros: toMicros(iface, u32(body + 4), u32(body + 8)),
        data: buf.subarray(body + 20, body + 20 + capLen),
        origLen,
      });
      linkType = linkTypeOf(path, linkType, interfaces[iface]?.linkType);
    } else if (type === 3) {
      // Simple Packet Block: no timestamp; it takes the previous packet's.
      const origLen = u32(body);
      const capLen = Math.min(origLen, length - 16);
      packets.push({
        tsMicros: packets.at(-1)?.tsMicros ?? 0,
        data: buf.subarray(body + 4, body + 4 + capLen),
        origLen,
      });
      linkType = linkTypeOf(path, linkType, interfaces[0]?.linkType);
    }
    at += length;
  }
  return { path, linkType: linkType === -1 ? LINKTYPE_ETHERNET : linkType, packets };
}

function linkTypeOf(path: string, seen: number, next: number | undefined): number {
  if (next === undefined) throw new Error(`${path}: a packet names an interface that was not described`);
  if (seen !== -1 && seen !== next)
    throw new Error(`${path}: more than one link type (the bench writes one)`);
  return next;
}

/** What a repeated file holds. */
export interface RepeatedCapture {
  path: string;
  bytes: number;
  packets: number;
  /** Whole rounds of every source capture written (the last round may be cut short at `targetBytes`). */
  rounds: number;
  segments: number;
  sources: string[];
  /** Capture time of the first and last packet, µs. */
  firstMicros: number;
  lastMicros: number;
}

export interface RepeatOptions {
  /** Stop once the file reaches this size (at a packet boundary). */
  targetBytes?: number;
  /** Or write this many whole rounds. */
  rounds?: number;
  /** Vary the IPv4 addresses per segment (default true). */
  vary?: boolean;
  /** Start of the timeline, µs (default: the first source's first packet). */
  startMicros?: number;
}

const SEGMENT_GAP_MICROS = 1_000_000;
/**
 * Gaps between consecutive packets longer than this are cut to it: zeek/ssh.pcap spans three years,
 * and a hundred rounds of it would run past what a pcap's 32-bit seconds hold. Ten minutes is past
 * every timeout of both meters (ours: 120 s from a flow's start; the Python port: 240 s idle), so no
 * flow and no feature changes.
 */
const MAX_GAP_MICROS = 600_000_000;
const WRITE_BUFFER_BYTES = 4 << 20;

/**
 * Writes the sources' packets, in order, round after round, into one classic pcap (µs, little-endian,
 * Ethernet), each segment (one source capture in one round) shifted to start a second after the last.
 */
export function writeRepeatedCapture(
  path: string,
  sources: RawCapture[],
  options: RepeatOptions,
): RepeatedCapture {
  for (const s of sources) {
    if (s.linkType !== LINKTYPE_ETHERNET) throw new Error(`${s.path}: link type ${s.linkType}, not Ethernet`);
  }
  const usable = sources.filter((s) => s.packets.length > 0);
  const vary = options.vary ?? true;
  const targetBytes = options.targetBytes ?? Number.POSITIVE_INFINITY;
  const maxRounds = options.rounds ?? Number.POSITIVE_INFINITY;
  if (!Number.isFinite(targetBytes) && !Number.isFinite(maxRounds)) throw new Error('targetBytes or rounds');

  const fd = openSync(path, 'w');
  const out = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  let used = 0;
  let bytes = 0;
  const flush = () => {
    let done = 0;
    while (done < used) done += writeSync(fd, out, done, used - done);
    used = 0;
  };
  // Global header: magic, version 2.4, zone 0, sigfigs 0, snaplen 262144, Ethernet.
  out.writeUInt32LE(0xa1b2c3d4, 0);
  out.writeUInt16LE(2, 4);
  out.writeUInt16LE(4, 6);
  out.writeInt32LE(0, 8);
  out.writeUInt32LE(0, 12);
  out.writeUInt32LE(262144, 16);
  out.writeUInt32LE(LINKTYPE_ETHERNET, 20);
  used = 24;
  bytes = 24;

  let packets = 0;
  let segment = 0;
  let rounds = 0;
  let clock = options.startMicros ?? usable[0]?.packets[0]?.tsMicros ?? 0;
  let firstMicros = Number.NaN;
  let lastMicros = Number.NaN;
  let full = false;
  try {
    while (!full && rounds < maxRounds && usable.length > 0) {
      for (const source of usable) {
        let previous = source.packets[0]!.tsMicros;
        let ts = clock;
        let segmentLast = clock;
        for (const p of source.packets) {
          // The real gap, except that one longer than MAX_GAP_MICROS is cut to it (see above).
          const gap = p.tsMicros - previous;
          previous = p.tsMicros;
          ts += Math.min(gap, MAX_GAP_MICROS);
          const size = 16 + p.data.length;
          if (bytes + size > targetBytes) {
            full = true;
            break;
          }
          if (used + size > out.length) flush();
          if (ts > segmentLast) segmentLast = ts;
          const sec = Math.floor(ts / 1e6);
          out.writeUInt32LE(sec, used);
          out.writeUInt32LE(ts - sec * 1e6, used + 4);
          out.writeUInt32LE(p.data.length, used + 8);
          out.writeUInt32LE(p.origLen, used + 12);
          p.data.copy(out, used + 16);
          if (vary && segment > 0xffff) throw new Error('more than 65,535 segments: addresses would repeat');
          if (vary && segment > 0) varyAddresses(out, used + 16, p.data.length, segment);
          used += size;
          bytes += size;
          packets++;
          if (Number.isNaN(firstMicros)) firstMicros = ts;
          lastMicros = ts;
        }
        if (full) break;
        clock = segmentLast + SEGMENT_GAP_MICROS;
        segment++;
      }
      if (!full) rounds++;
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return {
    path,
    bytes,
    packets,
    rounds,
    segments: segment + (full ? 1 : 0),
    sources: usable.map((s) => s.path),
    firstMicros,
    lastMicros,
  };
}

/**
 * XORs octets 2 and 3 of both IPv4 addresses of an Ethernet frame (VLAN tags skipped) with the segment
 * number, and updates the IPv4 header checksum and the TCP/UDP checksum by the change (RFC 1624).
 */
function varyAddresses(buf: Buffer, frame: number, capLen: number, segment: number): void {
  const end = frame + capLen;
  let at = frame + 12;
  if (at + 2 > end) return;
  let etherType = buf.readUInt16BE(at);
  at += 2;
  while ((etherType === 0x8100 || etherType === 0x88a8) && at + 4 <= end) {
    etherType = buf.readUInt16BE(at + 2);
    at += 4;
  }
  if (etherType !== 0x0800 || at + 20 > end) return;
  const ip = at;
  if (buf[ip]! >> 4 !== 4) return;
  const ihl = (buf[ip]! & 0x0f) * 4;
  const mask = segment & 0xffff;
  // Octets 2 and 3 of the source are bytes ip+13 and ip+14, of the destination ip+17 and ip+18: they
  // straddle the checksummed 16-bit words at ip+12, ip+14, ip+16 and ip+18.
  const words = [ip + 12, ip + 14, ip + 16, ip + 18];
  const before = words.map((w) => buf.readUInt16BE(w));
  for (const a of [ip + 12, ip + 16]) {
    buf[a + 1] = buf[a + 1]! ^ (mask >> 8);
    buf[a + 2] = buf[a + 2]! ^ (mask & 0xff);
  }
  const after = words.map((w) => buf.readUInt16BE(w));
  adjustChecksum(buf, ip + 10, before, after);
  const protocol = buf[ip + 9]!;
  const fragment = buf.readUInt16BE(ip + 6) & 0x1fff;
  if (fragment !== 0) return;
  const transport = ip + ihl;
  if (protocol === 6 && transport + 18 <= end) adjustChecksum(buf, transport + 16, before, after);
  if (protocol === 17 && transport + 8 <= end && buf.readUInt16BE(transport + 6) !== 0) {
    adjustChecksum(buf, transport + 6, before, after, true);
  }
}

/** HC' = ~(~HC + ~m + m') over each changed 16-bit word (RFC 1624, eqn. 3). */
function adjustChecksum(buf: Buffer, at: number, before: number[], after: number[], udp = false): void {
  let sum = ~buf.readUInt16BE(at) & 0xffff;
  for (let i = 0; i < before.length; i++) sum += (~before[i]! & 0xffff) + after[i]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  let result = ~sum & 0xffff;
  // UDP: a computed 0 is sent as 0xffff (0 means no checksum).
  if (udp && result === 0) result = 0xffff;
  buf.writeUInt16BE(result, at);
}
