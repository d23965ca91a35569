import type { DecodedPacket } from '../packet.ts';
import type { AddressText } from './address-text.ts';
import {
  DECODED,
  SKIP_BAD_IP,
  SKIP_BAD_TRANSPORT,
  SKIP_FRAGMENT,
  SKIP_OTHER_PROTOCOL,
  SKIP_TRUNCATED_HEADER,
} from './skip-codes.ts';

/**
 * IPv4 and IPv6 with their TCP, UDP, ICMP or ICMPv6 header, written into the reader's one packet.
 *
 * `end` bounds what was captured; `ipRoom` is how many bytes the IP packet had on the wire (the
 * record's original length less the link header). Payload sizes come from the IP length fields, so a
 * snaplen-truncated packet reports its real size and Ethernet padding on a short frame is never
 * counted; `ipRoom` only caps a length field that claims more than the wire carried (corruption) and
 * stands in for a zero length (segmentation offload captures, IPv6 jumbograms).
 *
 * Fragments, as jnetpcap (and so CICFlowMeter) treats them: a first fragment (offset 0, more
 * fragments set) carries the transport header and is decoded, its payload being this fragment's
 * share; a later fragment has no transport header and is skipped as 'ip-fragment'.
 */

const TCP = 6;
const UDP = 17;
const ICMP = 1;
const ICMPV6 = 58;

export function decodeIpv4(
  packet: DecodedPacket,
  text: AddressText,
  buf: Buffer,
  p: number,
  end: number,
  ipRoom: number,
): number {
  if (end - p < 20) return SKIP_TRUNCATED_HEADER;
  const versionIhl = buf[p]!;
  if (versionIhl >> 4 !== 4) return SKIP_BAD_IP;
  const ihl = (versionIhl & 0x0f) * 4;
  if (ihl < 20) return SKIP_BAD_IP;
  let ipLength = (buf[p + 2]! << 8) | buf[p + 3]!;
  if (ipLength === 0 || ipLength > ipRoom) ipLength = ipRoom;
  if (ipLength < ihl) return SKIP_BAD_IP;
  if ((((buf[p + 6]! << 8) | buf[p + 7]!) & 0x1fff) !== 0) return SKIP_FRAGMENT;
  const protocol = buf[p + 9]!;
  if (protocol !== TCP && protocol !== UDP && protocol !== ICMP) return SKIP_OTHER_PROTOCOL;
  if (end - p < ihl) return SKIP_TRUNCATED_HEADER;
  const code = decodeTransport(packet, buf, p + ihl, end, protocol, ipLength - ihl);
  if (code !== DECODED) return code;
  packet.ipVersion = 4;
  packet.ipHeaderBytes = ihl;
  packet.srcIp = text.ipv4(buf, p + 12);
  packet.dstIp = text.ipv4(buf, p + 16);
  return DECODED;
}

export function decodeIpv6(
  packet: DecodedPacket,
  text: AddressText,
  buf: Buffer,
  p: number,
  end: number,
  ipRoom: number,
): number {
  if (end - p < 40) return SKIP_TRUNCATED_HEADER;
  if (buf[p]! >> 4 !== 6) return SKIP_BAD_IP;
  const payloadLength = (buf[p + 4]! << 8) | buf[p + 5]!;
  let ipLength = 40 + payloadLength;
  if (payloadLength === 0 || ipLength > ipRoom) ipLength = ipRoom;
  if (ipLength < 40) return SKIP_BAD_IP;
  let next = buf[p + 6]!;
  let h = p + 40;
  // Every extension header moves h forward by at least 8 bytes, and h is checked against the
  // capture before each read: the walk ends.
  for (;;) {
    if (next === 0 || next === 43 || next === 60 || next === 135 || next === 139 || next === 140) {
      // Hop-by-hop, routing, destination options, mobility, HIP, shim6: length in 8-octet units past the first 8.
      if (end - h < 2) return SKIP_TRUNCATED_HEADER;
      next = buf[h]!;
      h += (buf[h + 1]! + 1) * 8;
    } else if (next === 51) {
      // Authentication header: length in 4-octet units, less 2.
      if (end - h < 2) return SKIP_TRUNCATED_HEADER;
      next = buf[h]!;
      h += (buf[h + 1]! + 2) * 4;
    } else if (next === 44) {
      if (end - h < 8) return SKIP_TRUNCATED_HEADER;
      if ((((buf[h + 2]! << 8) | buf[h + 3]!) & 0xfff8) !== 0) return SKIP_FRAGMENT;
      next = buf[h]!;
      h += 8;
    } else {
      break;
    }
  }
  // 59 (no next header) and everything else that is not a transport we meter.
  if (next !== TCP && next !== UDP && next !== ICMPV6) return SKIP_OTHER_PROTOCOL;
  const headerBytes = h - p;
  if (headerBytes > ipLength) return SKIP_BAD_IP;
  const code = decodeTransport(packet, buf, h, end, next, ipLength - headerBytes);
  if (code !== DECODED) return code;
  packet.ipVersion = 6;
  packet.ipHeaderBytes = headerBytes;
  packet.srcIp = text.ipv6(buf, p + 8);
  packet.dstIp = text.ipv6(buf, p + 24);
  return DECODED;
}

/** `room` is the IP payload length: transport header plus data. */
function decodeTransport(
  packet: DecodedPacket,
  buf: Buffer,
  t: number,
  end: number,
  protocol: number,
  room: number,
): number {
  if (protocol === TCP) {
    if (end - t < 20) return SKIP_TRUNCATED_HEADER;
    const offsetByte = buf[t + 12]!;
    const headerBytes = (offsetByte >> 4) * 4;
    if (headerBytes < 20) return SKIP_BAD_TRANSPORT;
    packet.srcPort = (buf[t]! << 8) | buf[t + 1]!;
    packet.dstPort = (buf[t + 2]! << 8) | buf[t + 3]!;
    packet.tcpFlags = buf[t + 13]! | ((offsetByte & 0x01) << 8);
    packet.tcpWindow = (buf[t + 14]! << 8) | buf[t + 15]!;
    packet.headerBytes = headerBytes;
    packet.payloadBytes = room > headerBytes ? room - headerBytes : 0;
  } else if (protocol === UDP) {
    if (end - t < 8) return SKIP_TRUNCATED_HEADER;
    packet.srcPort = (buf[t]! << 8) | buf[t + 1]!;
    packet.dstPort = (buf[t + 2]! << 8) | buf[t + 3]!;
    packet.tcpFlags = 0;
    packet.tcpWindow = 0;
    packet.headerBytes = 8;
    packet.payloadBytes = room > 8 ? room - 8 : 0;
  } else {
    // ICMP and ICMPv6: no ports, and nothing of the header is read, so none of it need be captured.
    packet.srcPort = 0;
    packet.dstPort = 0;
    packet.tcpFlags = 0;
    packet.tcpWindow = 0;
    packet.headerBytes = 8;
    packet.payloadBytes = room > 8 ? room - 8 : 0;
  }
  packet.protocol = protocol;
  return DECODED;
}
