/**
 * Address text for Src IP / Dst IP, cached so a packet of a known host allocates nothing. Both caches
 * are direct-mapped tables of fixed size: a lookup is a hash, one compare and no allocation; a miss
 * formats the text and overwrites the slot. Memory stays bounded however many hosts a capture has
 * (a spoofed SYN flood has one per packet), which a growing Map would not.
 */

const V4_SLOTS = 1 << 16;
const V6_SLOTS = 1 << 12;

export class AddressText {
  private readonly v4Keys = new Uint32Array(V4_SLOTS);
  private readonly v4Text: string[] = new Array<string>(V4_SLOTS).fill('');
  private readonly v6Words = new Uint32Array(V6_SLOTS * 4);
  private readonly v6Text: string[] = new Array<string>(V6_SLOTS).fill('');

  /** Dotted text of the IPv4 address in 4 big-endian bytes at `offset`. */
  ipv4(buf: Buffer, offset: number): string {
    const a = buf[offset]!;
    const b = buf[offset + 1]!;
    const c = buf[offset + 2]!;
    const d = buf[offset + 3]!;
    const key = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
    const slot = Math.imul(key, 0x9e3779b1) >>> 16;
    const cached = this.v4Text[slot]!;
    // '' marks an empty slot: no address formats to the empty string.
    if (cached !== '' && this.v4Keys[slot] === key) return cached;
    const text = `${a}.${b}.${c}.${d}`;
    this.v4Keys[slot] = key;
    this.v4Text[slot] = text;
    return text;
  }

  /** RFC 5952 text of the IPv6 address in 16 bytes at `offset`. */
  ipv6(buf: Buffer, offset: number): string {
    const w0 = word(buf, offset);
    const w1 = word(buf, offset + 4);
    const w2 = word(buf, offset + 8);
    const w3 = word(buf, offset + 12);
    const hash = Math.imul(
      w0 ^ Math.imul(w1, 0x85ebca6b) ^ Math.imul(w2, 0xc2b2ae35) ^ Math.imul(w3, 0x27d4eb2f),
      0x9e3779b1,
    );
    const slot = hash >>> 20;
    const at = slot * 4;
    const words = this.v6Words;
    const cached = this.v6Text[slot]!;
    if (
      cached !== '' &&
      words[at] === w0 &&
      words[at + 1] === w1 &&
      words[at + 2] === w2 &&
      words[at + 3] === w3
    ) {
      return cached;
    }
    const text = formatIpv6(buf, offset);
    words[at] = w0;
    words[at + 1] = w1;
    words[at + 2] = w2;
    words[at + 3] = w3;
    this.v6Text[slot] = text;
    return text;
  }
}

function word(b: Buffer, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/**
 * RFC 5952: lower-case hex without leading zeros, the longest run of two or more zero groups (the
 * first of equal runs) as `::`, and IPv4-mapped addresses (::ffff:0:0/96) in dotted form.
 */
export function formatIpv6(buf: Buffer, offset: number): string {
  const groups = new Array<number>(8);
  for (let i = 0; i < 8; i++) groups[i] = (buf[offset + 2 * i]! << 8) | buf[offset + 2 * i + 1]!;
  if (
    groups[0] === 0 &&
    groups[1] === 0 &&
    groups[2] === 0 &&
    groups[3] === 0 &&
    groups[4] === 0 &&
    groups[5] === 0xffff
  ) {
    return `::ffff:${buf[offset + 12]}.${buf[offset + 13]}.${buf[offset + 14]}.${buf[offset + 15]}`;
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number) =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}
