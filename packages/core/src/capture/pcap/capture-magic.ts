/**
 * Telling a capture from anything else by its first four bytes, and saying what a file that is not
 * one looks like instead, so the error names what was found rather than only what was expected.
 */

export type CaptureKind = 'pcap' | 'pcapng';

/** Bytes needed to recognize a capture. */
export const MAGIC_BYTES = 4;

/** Which format the first bytes announce, or null. Classic pcap: µs or ns, either byte order. */
export function captureKind(head: Buffer): CaptureKind | null {
  if (head.length < MAGIC_BYTES) return null;
  const a = head[0];
  const b = head[1];
  const c = head[2];
  const d = head[3];
  if (a === 0x0a && b === 0x0d && c === 0x0d && d === 0x0a) return 'pcapng';
  // a1b2c3d4 (µs) and a1b23c4d (ns), big-endian then little-endian.
  if (a === 0xa1 && b === 0xb2 && ((c === 0xc3 && d === 0xd4) || (c === 0x3c && d === 0x4d))) return 'pcap';
  if (c === 0xb2 && d === 0xa1 && ((a === 0xd4 && b === 0xc3) || (a === 0x4d && b === 0x3c))) return 'pcap';
  return null;
}

/** Whether the first bytes of a file are a pcap or pcapng magic number. */
export function isCaptureMagic(firstBytes: Buffer): boolean {
  return captureKind(firstBytes) !== null;
}

/** What the first bytes of a non-capture look like, for the error: "empty file", "looks like CSV text (...)". */
export function describeNonCapture(head: Buffer): string {
  if (head.length === 0) return 'empty file';
  if (head.length < MAGIC_BYTES)
    return `only ${head.length} byte${head.length === 1 ? '' : 's'}: ${hex(head)}`;
  if (head[0] === 0x1f && head[1] === 0x8b) return 'looks like a gzip file (decompress it first)';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)
    return 'looks like a zip file';
  if (head[0] === 0xa1 && head[1] === 0xb2 && head[2] === 0xcd && head[3] === 0x34) {
    return 'a modified (Kuznetzov) pcap, which is not read: convert it with `editcap -F pcap`';
  }
  const sample = head.subarray(0, Math.min(head.length, 200));
  if (isText(sample)) {
    const line = sample.toString('latin1').split(/\r?\n/)[0]!.slice(0, 60);
    const kind = line.includes(',') ? 'CSV text' : 'text';
    return `looks like ${kind} ("${line}")`;
  }
  return `first bytes ${hex(head.subarray(0, 8))}`;
}

function hex(bytes: Buffer): string {
  return `0x${bytes.toString('hex')}`;
}

function isText(bytes: Buffer): boolean {
  for (const byte of bytes) {
    const printable =
      (byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte >= 0x80;
    if (!printable) return false;
  }
  return true;
}
