/**
 * One decoded packet: what the reader hands the flow meter. The reader reuses a single instance for
 * every packet of a file (the meter copies what it keeps), so a million packets a second allocate
 * nothing but the address strings it has not seen before.
 */
export interface DecodedPacket {
  /** Capture time in microseconds since the epoch (nanosecond captures are rounded down). */
  tsMicros: number;
  /** 4 or 6. */
  ipVersion: number;
  /** Dotted IPv4 or RFC 5952 IPv6 text, as CICFlowMeter prints it in Src IP / Dst IP. */
  srcIp: string;
  dstIp: string;
  /** 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6; other protocols never reach the meter (counted and skipped). */
  protocol: number;
  /** 0 for ICMP. */
  srcPort: number;
  dstPort: number;
  /** Transport payload bytes (TCP/UDP data after the transport header, as the IP length says, not the capture length). */
  payloadBytes: number;
  /** Transport header bytes: TCP data offset × 4 (options included), 8 for UDP, 8 for ICMP. */
  headerBytes: number;
  /** IP header bytes (IPv4 IHL × 4; IPv6 40 plus extension headers). */
  ipHeaderBytes: number;
  /** TCP flags byte plus the NS bit as 0x100; 0 for UDP and ICMP. Bits: FIN 1, SYN 2, RST 4, PSH 8, ACK 16, URG 32, ECE 64, CWR 128. */
  tcpFlags: number;
  /** TCP window field as carried (unscaled); 0 for UDP and ICMP. */
  tcpWindow: number;
  /** Bytes on the wire (the record's original length). */
  wireBytes: number;
  /** Index of the interface in a pcapng file (0 in classic pcap). */
  interfaceId: number;
}

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;
export const TCP_ECE = 0x40;
export const TCP_CWR = 0x80;

/** Why a packet (or the rest of a file) did not reach the meter: each one is counted by reason. */
export type PacketSkipReason =
  | 'unsupported-link-type'
  | 'not-ip'
  | 'other-ip-protocol'
  | 'ip-fragment'
  | 'truncated-header'
  | 'bad-ip-header'
  | 'bad-transport-header'
  | 'truncated-record'
  | 'corrupt-block';

/** What reading a capture found, for the summary and the logs. */
export interface CaptureReadStats {
  /** Records (pcap) or packet blocks (pcapng) read. */
  packets: number;
  /** Packets handed to the meter. */
  decoded: number;
  skipped: Partial<Record<PacketSkipReason, number>>;
  /** Set when a truncated or corrupt record ended the file early: the byte offset and what was wrong. */
  endedEarly: { offset: number; reason: string } | null;
}
