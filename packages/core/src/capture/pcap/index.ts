/**
 * The packet-capture reader: pcap and pcapng on Node's Buffer, no libpcap. It turns a capture into
 * DecodedPackets (../packet.ts) for the flow meter.
 *
 *   const reader = new CaptureReader('day.pcap', (packet) => meter.add(packet), { onWarning });
 *   stream.on('data', (chunk) => reader.push(chunk));   // chunks of any size; stdin from `tcpdump -w -`
 *   const stats = reader.end();                         // CaptureReadStats
 *
 *   await readCaptureFile(path, onPacket, { onWarning, chunkBytes })  // the same over a file
 *   isCaptureMagic(firstBytes)      // 4 bytes: pcap (µs or ns, either byte order) or pcapng
 *
 * The packet handed to onPacket is one instance reused for every packet of the file: copy what you
 * keep. Formats: classic pcap; pcapng with any number of sections and interfaces (each its own link
 * type, if_tsresol and if_tsoffset), enhanced, simple and obsolete packet blocks, other blocks
 * skipped. Link types: Ethernet (1) with any stack of 802.1Q/802.1ad/QinQ tags, raw IP (101, 12, 14,
 * 228, 229), Linux SLL (113) and SLL2 (276), BSD null (0) and loop (108). IPv4 and IPv6 (extension
 * headers walked) carrying TCP, UDP, ICMP or ICMPv6; everything else is counted by reason and skipped.
 *
 * Decisions the meter relies on:
 * - payloadBytes and headerBytes come from the IP length fields, never the capture length: a
 *   snaplen-cut packet reports its real size, Ethernet padding is never payload.
 * - IP fragments as jnetpcap reads them for CICFlowMeter: a first fragment (offset 0, more-fragments
 *   set) carries the ports and is decoded with its own share of the payload; later fragments have no
 *   transport header and are skipped as 'ip-fragment'.
 * - ICMP and ICMPv6: ports 0, headerBytes 8, flags and window 0.
 * - Timestamps are microseconds since the epoch, finer resolutions rounded down; a simple packet block
 *   (no time of its own) takes the previous packet's time.
 *
 * Errors: a file that is not a capture throws PipelineError CAPTURE_FORMAT naming what it looks like
 * ("empty file", "looks like CSV text (...)", "first bytes 0x..."), as does a cut or mangled file
 * header. After the header nothing throws: a cut or corrupt record ends the capture with
 * stats.endedEarly = { offset, reason } and one onWarning message; the packets before it are kept
 * and the record itself, if it was a packet, is counted as 'truncated-record' or 'corrupt-block'.
 * So stats.decoded plus every skipped count is always stats.packets.
 */
export { isCaptureMagic } from './capture-magic.ts';
export { CaptureReader, type CaptureReaderOptions } from './capture-reader.ts';
export { type ReadCaptureFileOptions, readCaptureFile } from './read-capture-file.ts';
