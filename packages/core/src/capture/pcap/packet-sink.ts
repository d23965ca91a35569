import type { DecodedPacket, PacketSkipReason } from '../packet.ts';
import { FrameDecoder } from './frame-decoder.ts';
import { DECODED, SKIP_REASONS } from './skip-codes.ts';

/**
 * Where the format parsers hand each packet record: it is counted, decoded into the one reused
 * DecodedPacket and passed on, or counted under the reason it was skipped.
 */
export class PacketSink {
  packets = 0;
  decoded = 0;
  private readonly skipCounts: number[] = new Array<number>(SKIP_REASONS.length).fill(0);
  private readonly decoder = new FrameDecoder();

  constructor(
    private readonly onPacket: (packet: DecodedPacket) => void,
    readonly warn: (message: string) => void,
  ) {}

  record(
    linkType: number,
    buf: Buffer,
    offset: number,
    capturedBytes: number,
    wireBytes: number,
    tsMicros: number,
    interfaceId: number,
  ): void {
    this.packets++;
    const code = this.decoder.decode(linkType, buf, offset, capturedBytes, wireBytes);
    if (code !== DECODED) {
      this.skipCounts[code]!++;
      return;
    }
    const packet = this.decoder.packet;
    packet.tsMicros = tsMicros;
    packet.wireBytes = wireBytes;
    packet.interfaceId = interfaceId;
    this.decoded++;
    this.onPacket(packet);
  }

  /** A packet record that could not be read at all (the one that ended the file). */
  skip(code: number): void {
    this.packets++;
    this.skipCounts[code]!++;
  }

  skipped(): Partial<Record<PacketSkipReason, number>> {
    const out: Partial<Record<PacketSkipReason, number>> = {};
    for (let code = 1; code < SKIP_REASONS.length; code++) {
      const count = this.skipCounts[code]!;
      if (count > 0) out[SKIP_REASONS[code]!] = count;
    }
    return out;
  }
}
