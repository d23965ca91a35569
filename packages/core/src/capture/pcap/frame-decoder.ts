import type { DecodedPacket } from '../packet.ts';
import { AddressText } from './address-text.ts';
import { decodeIpv4, decodeIpv6 } from './ip-decoder.ts';
import { SKIP_NOT_IP, SKIP_TRUNCATED_HEADER, SKIP_UNSUPPORTED_LINK } from './skip-codes.ts';

/**
 * The link layer: from a captured frame to its IP header, by the interface's link type, then on to
 * the IP decoder. Holds the one DecodedPacket every packet of a file is written into.
 */

export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW = 101;
/** DLT_RAW as some systems number it in their files (12 on most BSDs, 14 on OpenBSD). */
export const LINKTYPE_RAW_BSD = 12;
export const LINKTYPE_RAW_OPENBSD = 14;
export const LINKTYPE_LOOP = 108;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;

/** Whether the reader decodes this link type (others are counted as 'unsupported-link-type'). */
export function isSupportedLinkType(linkType: number): boolean {
  switch (linkType) {
    case LINKTYPE_NULL:
    case LINKTYPE_ETHERNET:
    case LINKTYPE_RAW:
    case LINKTYPE_RAW_BSD:
    case LINKTYPE_RAW_OPENBSD:
    case LINKTYPE_LOOP:
    case LINKTYPE_LINUX_SLL:
    case LINKTYPE_IPV4:
    case LINKTYPE_IPV6:
    case LINKTYPE_LINUX_SLL2:
      return true;
    default:
      return false;
  }
}

export class FrameDecoder {
  readonly packet: DecodedPacket = {
    tsMicros: 0,
    ipVersion: 0,
    srcIp: '',
    dstIp: '',
    protocol: 0,
    srcPort: 0,
    dstPort: 0,
    payloadBytes: 0,
    headerBytes: 0,
    ipHeaderBytes: 0,
    tcpFlags: 0,
    tcpWindow: 0,
    wireBytes: 0,
    interfaceId: 0,
  };
  private readonly text = new AddressText();

  /**
   * Decodes the frame in buf[offset, offset + capturedBytes) into `packet` (all fields but the
   * timestamp, wire length and interface, which the record gives). Returns DECODED or a skip code.
   */
  decode(linkType: number, buf: Buffer, offset: number, capturedBytes: number, wireBytes: number): number {
    const end = offset + capturedBytes;
    // A record claiming fewer wire bytes than it captured is wrong about the wire, not the bytes.
    const wireEnd = offset + Math.max(wireBytes, capturedBytes);
    let p = offset;
    let etherType: number;
    switch (linkType) {
      case LINKTYPE_ETHERNET: {
        if (capturedBytes < 14) return SKIP_TRUNCATED_HEADER;
        etherType = (buf[p + 12]! << 8) | buf[p + 13]!;
        p += 14;
        // 802.1Q, 802.1ad and the older QinQ tag, stacked any number of times: 4 bytes each.
        while (etherType === 0x8100 || etherType === 0x88a8 || etherType === 0x9100) {
          if (end - p < 4) return SKIP_TRUNCATED_HEADER;
          etherType = (buf[p + 2]! << 8) | buf[p + 3]!;
          p += 4;
        }
        break;
      }
      case LINKTYPE_RAW:
      case LINKTYPE_RAW_BSD:
      case LINKTYPE_RAW_OPENBSD:
      case LINKTYPE_IPV4:
      case LINKTYPE_IPV6: {
        if (capturedBytes < 1) return SKIP_TRUNCATED_HEADER;
        const version = buf[p]! >> 4;
        etherType = version === 4 ? ETHERTYPE_IPV4 : version === 6 ? ETHERTYPE_IPV6 : 0;
        break;
      }
      case LINKTYPE_LINUX_SLL: {
        if (capturedBytes < 16) return SKIP_TRUNCATED_HEADER;
        etherType = (buf[p + 14]! << 8) | buf[p + 15]!;
        p += 16;
        break;
      }
      case LINKTYPE_LINUX_SLL2: {
        if (capturedBytes < 20) return SKIP_TRUNCATED_HEADER;
        etherType = (buf[p]! << 8) | buf[p + 1]!;
        p += 20;
        break;
      }
      case LINKTYPE_NULL:
      case LINKTYPE_LOOP: {
        if (capturedBytes < 4) return SKIP_TRUNCATED_HEADER;
        // The family is in the capturing host's byte order for NULL and big-endian for LOOP; every
        // family value fits one byte, so whichever end holds it says the order.
        const family = buf[p]! !== 0 ? buf[p]! : buf[p + 3]!;
        etherType = family === 2 ? ETHERTYPE_IPV4 : isInet6Family(family) ? ETHERTYPE_IPV6 : 0;
        p += 4;
        break;
      }
      default:
        return SKIP_UNSUPPORTED_LINK;
    }
    if (etherType === ETHERTYPE_IPV4) return decodeIpv4(this.packet, this.text, buf, p, end, wireEnd - p);
    if (etherType === ETHERTYPE_IPV6) return decodeIpv6(this.packet, this.text, buf, p, end, wireEnd - p);
    // ARP, LLDP, IPX, and 802.3 frames whose type field (below 0x600) is a length with LLC behind it.
    return SKIP_NOT_IP;
  }
}

/** AF_INET6 as Linux (10), NetBSD/OpenBSD (24), FreeBSD (28) and macOS (30) number it. */
function isInet6Family(family: number): boolean {
  return family === 10 || family === 24 || family === 28 || family === 30;
}
