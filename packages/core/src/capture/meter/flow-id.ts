/**
 * The Flow ID text, `ipA-ipB-portA-portB-protocol`, as CICFlowMeter writes it. BasicPacketInfo.java
 * (generateFlowId) puts the source first unless, at the first address byte that differs, the source's
 * byte is the larger one, comparing Java bytes, which are signed: 10.x sorts after 188.x (188 is -68),
 * so the reference row for 10.200.2.252:61559 -> 188.120.225.17:8080 reads
 * "188.120.225.17-10.200.2.252-8080-61559-6". The ports follow their addresses. Equal addresses keep
 * the packet's order. Computed once per flow, never per packet.
 */

const SRC = new Uint8Array(16);
const DST = new Uint8Array(16);

export function cicFlowId(
  srcIp: string,
  dstIp: string,
  srcPort: number,
  dstPort: number,
  protocol: number,
): string {
  return cicSourceFirst(srcIp, dstIp)
    ? `${srcIp}-${dstIp}-${srcPort}-${dstPort}-${protocol}`
    : `${dstIp}-${srcIp}-${dstPort}-${srcPort}-${protocol}`;
}

/** generateFlowId's `forward`: true unless the first differing byte is larger (signed) in the source. */
export function cicSourceFirst(srcIp: string, dstIp: string): boolean {
  const n = parseAddress(srcIp, SRC);
  if (n === 0 || parseAddress(dstIp, DST) !== n) return srcIp <= dstIp;
  for (let i = 0; i < n; i++) {
    const a = SRC[i]!;
    const b = DST[i]!;
    if (a !== b) return toSigned(a) < toSigned(b);
  }
  return true;
}

function toSigned(byte: number): number {
  return byte >= 128 ? byte - 256 : byte;
}

/** The address's bytes into `into`: 4 for dotted IPv4, 16 for IPv6 text; 0 when it is neither. */
export function parseAddress(text: string, into: Uint8Array): number {
  return text.includes(':') ? parseIpv6(text, into) : parseIpv4(text, into, 0) ? 4 : 0;
}

function parseIpv4(text: string, into: Uint8Array, at: number): boolean {
  const parts = text.split('.');
  if (parts.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const part = parts[i]!;
    if (!/^\d{1,3}$/.test(part)) return false;
    const value = Number(part);
    if (value > 255) return false;
    into[at + i] = value;
  }
  return true;
}

function parseIpv6(text: string, into: Uint8Array): number {
  const zone = text.indexOf('%');
  const address = zone === -1 ? text : text.slice(0, zone);
  const halves = address.split('::');
  if (halves.length > 2) return 0;
  const head = halves[0] === '' ? [] : halves[0]!.split(':');
  const tail = halves.length === 1 || halves[1] === '' ? [] : halves[1]!.split(':');
  const words: number[] = [];
  const pushGroups = (groups: string[], last: boolean): boolean => {
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i]!;
      if (last && i === groups.length - 1 && group.includes('.')) {
        // An embedded IPv4 address (::ffff:192.0.2.1) fills the last two words.
        const v4 = new Uint8Array(4);
        if (!parseIpv4(group, v4, 0)) return false;
        words.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return false;
      words.push(Number.parseInt(group, 16));
    }
    return true;
  };
  if (!pushGroups(head, halves.length === 1)) return 0;
  const headWords = words.length;
  if (!pushGroups(tail, true)) return 0;
  const tailWords = words.length - headWords;
  if (halves.length === 1 ? words.length !== 8 : words.length > 7) return 0;
  const gap = 8 - headWords - tailWords;
  const all = [...words.slice(0, headWords), ...new Array<number>(gap).fill(0), ...words.slice(headWords)];
  for (let i = 0; i < 8; i++) {
    into[2 * i] = all[i]! >> 8;
    into[2 * i + 1] = all[i]! & 0xff;
  }
  return 16;
}
