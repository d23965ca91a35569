import { BIG_ENDIAN, type ByteOrder, LITTLE_ENDIAN } from './byte-order.ts';
import {
  FAILED,
  type FormatParser,
  MAX_PACKET_BYTES,
  MAX_UNIT_BYTES,
  NEED_MORE,
  notACapture,
  type ParseFailure,
} from './format-parser.ts';
import { isSupportedLinkType } from './frame-decoder.ts';
import type { PacketSink } from './packet-sink.ts';
import { SKIP_CORRUPT_BLOCK, SKIP_TRUNCATED_RECORD } from './skip-codes.ts';

const FILE_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;

/**
 * Classic pcap (libpcap's savefile): a 24-byte file header, whose magic gives the byte order and
 * whether the fraction is µs (a1b2c3d4) or ns (a1b23c4d), then 16-byte record headers each followed
 * by its captured bytes.
 */
export class ClassicPcapParser implements FormatParser {
  want = FILE_HEADER_BYTES;
  failure: ParseFailure = { reason: '', packetCode: 0 };
  private order: ByteOrder = LITTLE_ENDIAN;
  private headerRead = false;
  private fractionPerMicro = 1;
  private linkType = 0;
  private snaplen = 0;
  private maxCaptured = MAX_PACKET_BYTES;

  constructor(
    private readonly name: string,
    private readonly sink: PacketSink,
  ) {}

  next(buf: Buffer, offset: number, end: number): number {
    if (!this.headerRead) return this.readFileHeader(buf, offset, end);
    if (end - offset < RECORD_HEADER_BYTES) {
      this.want = RECORD_HEADER_BYTES;
      return NEED_MORE;
    }
    const u32 = this.order.u32;
    const captured = u32(buf, offset + 8);
    if (captured > this.maxCaptured) {
      return this.fail(
        `record of ${captured} captured bytes, more than the file's snaplen of ${this.snaplen} allows`,
        SKIP_CORRUPT_BLOCK,
      );
    }
    const total = RECORD_HEADER_BYTES + captured;
    if (end - offset < total) {
      this.want = total;
      return NEED_MORE;
    }
    const tsMicros = u32(buf, offset) * 1e6 + Math.floor(u32(buf, offset + 4) / this.fractionPerMicro);
    this.sink.record(
      this.linkType,
      buf,
      offset + RECORD_HEADER_BYTES,
      captured,
      u32(buf, offset + 12),
      tsMicros,
      0,
    );
    return total;
  }

  cut(_buf: Buffer, _offset: number, available: number): void {
    if (!this.headerRead) {
      throw notACapture(this.name, `pcap file header cut short: ${available} of ${FILE_HEADER_BYTES} bytes`);
    }
    const what = available < RECORD_HEADER_BYTES ? 'record header' : 'record';
    this.failure = {
      reason: `${what} cut short at the end of the input: ${available} of ${this.want} bytes`,
      packetCode: SKIP_TRUNCATED_RECORD,
    };
  }

  private readFileHeader(buf: Buffer, offset: number, end: number): number {
    if (end - offset < FILE_HEADER_BYTES) {
      this.want = FILE_HEADER_BYTES;
      return NEED_MORE;
    }
    // The reader checked the magic: a1 first means big-endian; 3c or 4d in the magic means ns.
    this.order = buf[offset] === 0xa1 ? BIG_ENDIAN : LITTLE_ENDIAN;
    this.fractionPerMicro = buf[offset + 1] === 0x3c || buf[offset + 2] === 0x3c ? 1000 : 1;
    this.snaplen = this.order.u32(buf, offset + 16);
    this.maxCaptured = Math.min(Math.max(this.snaplen, MAX_PACKET_BYTES), MAX_UNIT_BYTES);
    // The upper 16 bits of the link-type field carry FCS information, not the type.
    this.linkType = this.order.u32(buf, offset + 20) & 0xffff;
    if (!isSupportedLinkType(this.linkType)) {
      this.sink.warn(
        `${this.name}: link type ${this.linkType} is not decoded; its packets are counted as unsupported-link-type`,
      );
    }
    this.headerRead = true;
    return FILE_HEADER_BYTES;
  }

  private fail(reason: string, packetCode: number): number {
    this.failure = { reason, packetCode };
    return FAILED;
  }
}
