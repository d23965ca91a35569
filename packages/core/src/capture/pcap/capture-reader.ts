import { PipelineError } from '../../errors.ts';
import type { CaptureReadStats, DecodedPacket } from '../packet.ts';
import { captureKind, describeNonCapture, MAGIC_BYTES } from './capture-magic.ts';
import { ClassicPcapParser } from './classic-pcap.ts';
import { FAILED, type FormatParser, NEED_MORE, notACapture } from './format-parser.ts';
import { PacketSink } from './packet-sink.ts';
import { PcapngParser } from './pcapng.ts';

export interface CaptureReaderOptions {
  /** A corrupt or truncated record ended the capture early; also an undecodable link type. */
  onWarning?: (message: string) => void;
}

const EMPTY = Buffer.alloc(0);
/** Bytes gathered from a file that is not a capture, so the error can say what it looks like. */
const DESCRIBE_BYTES = 64;

/**
 * Reads a pcap or pcapng capture pushed in chunks of any size, as a stream delivers them. Units
 * (records, blocks) wholly inside a chunk are decoded in place; only a unit that spans chunks is
 * copied, into a carry buffer that grows to the largest such unit. Each packet is decoded into one
 * DecodedPacket, reused for the whole file, and handed to `onPacket` before the next one is read.
 *
 * The first bytes must be a capture's magic, or push() (or end(), for fewer than four bytes) throws a
 * CAPTURE_FORMAT PipelineError naming what they look like; so does a cut or mangled file header.
 * After the header, bad data never throws: a corrupt or cut record ends the capture (`endedEarly`,
 * one warning), the packets before it are kept, and later pushes are ignored.
 */
export class CaptureReader {
  private parser: FormatParser | null = null;
  /** Bytes wanted before a parser is chosen: the magic, or more of a non-capture to describe it. */
  private sniffWant = MAGIC_BYTES;
  private readonly sink: PacketSink;
  private readonly warn: (message: string) => void;
  private carry: Buffer = EMPTY;
  private carried = 0;
  /** File offset of the next unit. */
  private consumed = 0;
  private endedEarly: CaptureReadStats['endedEarly'] = null;
  private result: CaptureReadStats | null = null;

  constructor(
    readonly name: string,
    onPacket: (packet: DecodedPacket) => void,
    options: CaptureReaderOptions = {},
  ) {
    this.warn = options.onWarning ?? (() => {});
    this.sink = new PacketSink(onPacket, this.warn);
  }

  push(chunk: Buffer): void {
    if (this.result !== null)
      throw new PipelineError('INTERNAL', `${this.name}: capture pushed to after end()`);
    if (this.endedEarly !== null || chunk.length === 0) return;
    const start = this.carried > 0 ? this.completeCarried(chunk) : 0;
    if (start < chunk.length && this.endedEarly === null) this.run(chunk, start);
  }

  /** Ends the input; a unit left incomplete ends the capture early. Returns the same stats if called again. */
  end(): CaptureReadStats {
    if (this.result !== null) return this.result;
    if (this.endedEarly === null) {
      if (this.parser === null) {
        throw notACapture(this.name, describeNonCapture(this.carry.subarray(0, this.carried)));
      }
      if (this.carried > 0) {
        this.parser.cut(this.carry, 0, this.carried);
        this.stop();
      }
    }
    this.carry = EMPTY;
    this.carried = 0;
    this.result = {
      packets: this.sink.packets,
      decoded: this.sink.decoded,
      skipped: this.sink.skipped(),
      endedEarly: this.endedEarly,
    };
    return this.result;
  }

  /** The hot loop: units read in place from the chunk until one is incomplete. */
  private run(buf: Buffer, start: number): void {
    const end = buf.length;
    let pos = start;
    while (pos < end) {
      let parser = this.parser;
      if (parser === null) {
        if (end - pos < MAGIC_BYTES) break;
        parser = this.detect(buf.subarray(pos, end));
        if (parser === null) break;
      }
      const n = parser.next(buf, pos, end);
      if (n > 0) {
        pos += n;
        this.consumed += n;
      } else if (n === FAILED) {
        this.stop();
        return;
      } else {
        break;
      }
    }
    if (pos < end) this.keep(buf, pos, end);
  }

  /**
   * Tops the carried bytes up from the chunk until they hold the unit they started, reads it, and
   * returns where the chunk's own units begin (its length when all of it was taken).
   */
  private completeCarried(chunk: Buffer): number {
    let pos = 0;
    while (this.carried > 0) {
      const parser = this.parser;
      const want = parser === null ? this.sniffWant : parser.want;
      const take = Math.max(0, Math.min(want - this.carried, chunk.length - pos));
      this.reserve(this.carried + take);
      chunk.copy(this.carry, this.carried, pos, pos + take);
      this.carried += take;
      pos += take;
      if (this.carried < want) return chunk.length;
      if (parser === null) {
        this.detect(this.carry.subarray(0, this.carried));
        continue;
      }
      const n = parser.next(this.carry, 0, this.carried);
      if (n === FAILED) {
        this.stop();
        return chunk.length;
      }
      if (n === NEED_MORE) {
        // A parser must ask for more than it has, or this would spin.
        if (parser.want <= this.carried) {
          this.stopWith(`internal: the reader asked for ${parser.want} bytes holding ${this.carried}`, 0);
          return chunk.length;
        }
        continue;
      }
      this.consumed += n;
      this.carry.copyWithin(0, n, this.carried);
      this.carried -= n;
    }
    return pos;
  }

  /**
   * Picks the parser by magic. Not a capture: throws naming what the bytes look like, once there are
   * enough of them to say (null until then; end() throws with what came).
   */
  private detect(head: Buffer): FormatParser | null {
    const kind = captureKind(head);
    if (kind === null) {
      if (head.length < DESCRIBE_BYTES) {
        this.sniffWant = DESCRIBE_BYTES;
        return null;
      }
      throw notACapture(this.name, describeNonCapture(head));
    }
    this.parser =
      kind === 'pcap' ? new ClassicPcapParser(this.name, this.sink) : new PcapngParser(this.name, this.sink);
    return this.parser;
  }

  private keep(buf: Buffer, pos: number, end: number): void {
    const length = end - pos;
    this.reserve(Math.max(length, this.parser?.want ?? this.sniffWant));
    buf.copy(this.carry, 0, pos, end);
    this.carried = length;
  }

  private reserve(bytes: number): void {
    if (this.carry.length >= bytes) return;
    const grown = Buffer.allocUnsafe(Math.max(bytes, Math.min(this.carry.length * 2, 1 << 24)));
    this.carry.copy(grown, 0, 0, this.carried);
    this.carry = grown;
  }

  private stop(): void {
    const failure = this.parser!.failure;
    this.stopWith(failure.reason, failure.packetCode);
  }

  private stopWith(reason: string, packetCode: number): void {
    if (packetCode !== 0) this.sink.skip(packetCode);
    this.endedEarly = { offset: this.consumed, reason };
    this.carry = EMPTY;
    this.carried = 0;
    this.warn(
      `${this.name}: ${reason}, at byte ${this.consumed}: the capture ends there (${this.sink.packets} packets read)`,
    );
  }
}
