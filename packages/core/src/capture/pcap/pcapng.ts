import { BIG_ENDIAN, type ByteOrder, LITTLE_ENDIAN } from './byte-order.ts';
import {
  FAILED,
  type FormatParser,
  MAX_UNIT_BYTES,
  NEED_MORE,
  notACapture,
  type ParseFailure,
} from './format-parser.ts';
import { isSupportedLinkType } from './frame-decoder.ts';
import type { PacketSink } from './packet-sink.ts';
import { SKIP_CORRUPT_BLOCK, SKIP_TRUNCATED_RECORD } from './skip-codes.ts';
import { TimestampScale } from './timestamp-scale.ts';

const BLOCK_SECTION_HEADER = 0x0a0d0d0a;
const BLOCK_INTERFACE = 1;
const BLOCK_OBSOLETE_PACKET = 2;
const BLOCK_SIMPLE_PACKET = 3;
const BLOCK_ENHANCED_PACKET = 6;

const BLOCK_MIN_BYTES = 12;
const SECTION_HEADER_MIN_BYTES = 28;
const INTERFACE_MIN_BYTES = 20;
const SIMPLE_PACKET_MIN_BYTES = 16;
/** Enhanced and obsolete packet blocks: 28 bytes before the data, 4 after. */
const PACKET_BLOCK_MIN_BYTES = 32;

/** Date's range (±8.64e15 ms): a packet time beyond it is a corrupt timestamp, not a date. */
const MAX_MICROS = 8.64e18;

const OPTION_END = 0;
const OPTION_TSRESOL = 9;
const OPTION_TSOFFSET = 14;

interface CaptureInterface {
  linkType: number;
  snaplen: number;
  scale: TimestampScale;
}

/**
 * pcapng: blocks of type, length, body, length again. A section header sets the byte order and
 * starts a new list of interfaces (their ids are per section); an interface description gives a link
 * type and a timestamp resolution and offset; enhanced, simple and obsolete packet blocks carry the
 * packets. Every other block (name resolution, statistics, decryption secrets, custom) is skipped
 * by its length.
 */
export class PcapngParser implements FormatParser {
  want = BLOCK_MIN_BYTES;
  failure: ParseFailure = { reason: '', packetCode: 0 };
  /** null until the first section header is read. */
  private order: ByteOrder | null = null;
  private interfaces: CaptureInterface[] = [];
  /** For simple packet blocks, which carry no time. */
  private lastMicros = 0;

  constructor(
    private readonly name: string,
    private readonly sink: PacketSink,
  ) {}

  next(buf: Buffer, offset: number, end: number): number {
    if (end - offset < BLOCK_MIN_BYTES) {
      this.want = BLOCK_MIN_BYTES;
      return NEED_MORE;
    }
    const isSection =
      buf[offset] === 0x0a &&
      buf[offset + 1] === 0x0d &&
      buf[offset + 2] === 0x0d &&
      buf[offset + 3] === 0x0a;
    let order = this.order;
    if (isSection) {
      // The byte-order magic follows the length, so it is read first to know how to read the length.
      order = byteOrderOf(buf, offset + 8);
      if (order === null) {
        return this.corrupt(
          `section header with byte-order magic 0x${buf.toString('hex', offset + 8, offset + 12)}`,
          0,
        );
      }
    } else if (order === null) {
      return this.corrupt('no section header before the first block', 0);
    }
    const type = order.u32(buf, offset);
    const length = order.u32(buf, offset + 4);
    const packetCode = isPacketBlock(type) ? SKIP_CORRUPT_BLOCK : 0;
    if (
      length < (isSection ? SECTION_HEADER_MIN_BYTES : BLOCK_MIN_BYTES) ||
      length % 4 !== 0 ||
      length > MAX_UNIT_BYTES
    ) {
      return this.corrupt(`${blockName(type)} with an impossible length of ${length} bytes`, packetCode);
    }
    if (end - offset < length) {
      this.want = length;
      return NEED_MORE;
    }
    const trailing = order.u32(buf, offset + length - 4);
    if (trailing !== length) {
      return this.corrupt(
        `${blockName(type)} of ${length} bytes whose trailing length says ${trailing}`,
        packetCode,
      );
    }
    switch (type) {
      case BLOCK_ENHANCED_PACKET:
        return this.packetBlock(buf, offset, length, order.u32(buf, offset + 8));
      case BLOCK_SIMPLE_PACKET:
        return this.simplePacket(buf, offset, length, order);
      case BLOCK_OBSOLETE_PACKET:
        return this.packetBlock(buf, offset, length, order.u16(buf, offset + 8));
      case BLOCK_INTERFACE:
        return this.interfaceDescription(buf, offset, length, order);
      case BLOCK_SECTION_HEADER:
        this.order = order;
        this.interfaces = [];
        return length;
      default:
        return length;
    }
  }

  cut(buf: Buffer, offset: number, available: number): void {
    if (this.order === null) {
      throw notACapture(this.name, `pcapng section header cut short: ${available} bytes`);
    }
    const type = available >= 4 ? this.order.u32(buf, offset) : -1;
    this.failure = {
      reason: `${type < 0 ? 'block' : blockName(type)} cut short at the end of the input: ${available} of ${this.want} bytes`,
      packetCode: isPacketBlock(type) ? SKIP_TRUNCATED_RECORD : 0,
    };
  }

  /** Enhanced (32-bit interface id) and obsolete (16-bit) packet blocks share the rest of the layout. */
  private packetBlock(buf: Buffer, offset: number, length: number, interfaceId: number): number {
    if (length < PACKET_BLOCK_MIN_BYTES) {
      return this.corrupt(`packet block of ${length} bytes, too short for its header`, SKIP_CORRUPT_BLOCK);
    }
    const u32 = this.order!.u32;
    const captured = u32(buf, offset + 20);
    if (captured > length - PACKET_BLOCK_MIN_BYTES) {
      return this.corrupt(
        `packet block of ${length} bytes claiming ${captured} captured bytes`,
        SKIP_CORRUPT_BLOCK,
      );
    }
    const iface = this.interfaces[interfaceId];
    if (iface === undefined) {
      return this.corrupt(
        `packet block for interface ${interfaceId}, but the section describes ${this.interfaces.length}`,
        SKIP_CORRUPT_BLOCK,
      );
    }
    const micros = iface.scale.toMicros(u32(buf, offset + 12), u32(buf, offset + 16));
    if (!(micros <= MAX_MICROS && micros >= -MAX_MICROS)) {
      return this.corrupt(
        `packet block with a timestamp of ${micros} µs, beyond any date`,
        SKIP_CORRUPT_BLOCK,
      );
    }
    this.lastMicros = micros;
    this.sink.record(iface.linkType, buf, offset + 28, captured, u32(buf, offset + 24), micros, interfaceId);
    return length;
  }

  private simplePacket(buf: Buffer, offset: number, length: number, order: ByteOrder): number {
    if (length < SIMPLE_PACKET_MIN_BYTES) {
      return this.corrupt(`simple packet block of ${length} bytes`, SKIP_CORRUPT_BLOCK);
    }
    const iface = this.interfaces[0];
    if (iface === undefined) {
      return this.corrupt('simple packet block in a section with no interface', SKIP_CORRUPT_BLOCK);
    }
    const wire = order.u32(buf, offset + 8);
    // The block holds the packet cut to the snaplen and padded to 4 bytes: the padding is not data.
    let captured = Math.min(wire, length - SIMPLE_PACKET_MIN_BYTES);
    if (iface.snaplen > 0 && captured > iface.snaplen) captured = iface.snaplen;
    this.sink.record(iface.linkType, buf, offset + 12, captured, wire, this.lastMicros, 0);
    return length;
  }

  private interfaceDescription(buf: Buffer, offset: number, length: number, order: ByteOrder): number {
    if (length < INTERFACE_MIN_BYTES) {
      return this.corrupt(`interface description block of ${length} bytes`, 0);
    }
    const linkType = order.u16(buf, offset + 8);
    const snaplen = order.u32(buf, offset + 12);
    let resolution = 6;
    let offsetSeconds = 0;
    // Options: code, length, value padded to 4 bytes. A malformed option list only loses the options.
    const optionsEnd = offset + length - 4;
    let p = offset + 16;
    while (optionsEnd - p >= 4) {
      const code = order.u16(buf, p);
      const size = order.u16(buf, p + 2);
      p += 4;
      if (code === OPTION_END || size > optionsEnd - p) break;
      if (code === OPTION_TSRESOL && size >= 1) resolution = buf[p]!;
      else if (code === OPTION_TSOFFSET && size >= 8) offsetSeconds = readInt64(buf, p, order);
      p += (size + 3) & ~3;
    }
    if (!isSupportedLinkType(linkType)) {
      this.sink.warn(
        `${this.name}: interface ${this.interfaces.length} has link type ${linkType}, which is not decoded; its packets are counted as unsupported-link-type`,
      );
    }
    this.interfaces.push({ linkType, snaplen, scale: new TimestampScale(resolution, offsetSeconds) });
    return length;
  }

  /** Before the first section header a bad block means the file is not pcapng at all. */
  private corrupt(reason: string, packetCode: number): number {
    if (this.order === null) throw notACapture(this.name, `pcapng ${reason}`);
    this.failure = { reason, packetCode };
    return FAILED;
  }
}

function byteOrderOf(buf: Buffer, offset: number): ByteOrder | null {
  const a = buf[offset];
  const b = buf[offset + 1];
  const c = buf[offset + 2];
  const d = buf[offset + 3];
  if (a === 0x4d && b === 0x3c && c === 0x2b && d === 0x1a) return LITTLE_ENDIAN;
  if (a === 0x1a && b === 0x2b && c === 0x3c && d === 0x4d) return BIG_ENDIAN;
  return null;
}

function isPacketBlock(type: number): boolean {
  return type === BLOCK_ENHANCED_PACKET || type === BLOCK_SIMPLE_PACKET || type === BLOCK_OBSOLETE_PACKET;
}

function blockName(type: number): string {
  switch (type) {
    case BLOCK_SECTION_HEADER:
      return 'section header';
    case BLOCK_INTERFACE:
      return 'interface description block';
    case BLOCK_ENHANCED_PACKET:
      return 'enhanced packet block';
    case BLOCK_SIMPLE_PACKET:
      return 'simple packet block';
    case BLOCK_OBSOLETE_PACKET:
      return 'obsolete packet block';
    default:
      return `block of type 0x${type.toString(16).padStart(8, '0')}`;
  }
}

function readInt64(buf: Buffer, offset: number, order: ByteOrder): number {
  const first = order.u32(buf, offset);
  const second = order.u32(buf, offset + 4);
  const high = order.littleEndian ? second : first;
  const low = order.littleEndian ? first : second;
  return (high >= 0x8000_0000 ? high - 0x1_0000_0000 : high) * 0x1_0000_0000 + low;
}
