/**
 * Fuzzing helpers: the unit layout of a real capture (file header, records, blocks) and seeded
 * mutations aimed at it — flipped bytes, cut files, wrong, huge and zero lengths, random block types,
 * bad interface ids, inserted garbage. Each mutation says what it did and whether it touched the file
 * header (only then may the reader refuse the file as not a capture).
 */
import type { SeededRng } from '../../../../packages/core/src/random/seeded-rng.ts';

export interface CaptureUnit {
  offset: number;
  length: number;
  /** A packet record: classic pcap records; pcapng enhanced, simple and obsolete packet blocks. */
  isPacket: boolean;
  /** pcapng block type (classic pcap records: -1). */
  type: number;
}

export interface CaptureLayout {
  format: 'pcap' | 'pcapng';
  littleEndian: boolean;
  /** Bytes of the file header: 24, or the first section header block. */
  headerBytes: number;
  units: CaptureUnit[];
}

/** Walks a well-formed capture (the fixtures) into its units. */
export function layoutOf(bytes: Buffer): CaptureLayout {
  if (bytes.readUInt32BE(0) === 0x0a0d0d0a) {
    const littleEndian = bytes.readUInt32LE(8) === 0x1a2b3c4d;
    const u32 = (at: number) => (littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
    const units: CaptureUnit[] = [];
    for (let p = 0; p + 12 <= bytes.length; p += u32(p + 4)) {
      const type = u32(p);
      units.push({ offset: p, length: u32(p + 4), type, isPacket: type === 2 || type === 3 || type === 6 });
    }
    return { format: 'pcapng', littleEndian, headerBytes: units[0]!.length, units: units.slice(1) };
  }
  const littleEndian = bytes[0] !== 0xa1;
  const u32 = (at: number) => (littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const units: CaptureUnit[] = [];
  for (let p = 24; p + 16 <= bytes.length; p += 16 + u32(p + 8)) {
    units.push({ offset: p, length: 16 + u32(p + 8), type: -1, isPacket: true });
  }
  return { format: 'pcap', littleEndian, headerBytes: 24, units };
}

export interface Mutated {
  bytes: Buffer;
  steps: string[];
  /** Some byte of the file header changed, or the file was cut inside it. */
  touchedHeader: boolean;
  /** Where the file was cut, if it was. */
  cutAt: number | null;
}

const HUGE_OR_ODD = [
  0, 1, 3, 7, 11, 0xffffffff, 0x7fffffff, 0x80000000, 0x01000000, 0x00ffffff, 65536, 262145,
];
const BLOCK_TYPES = [1, 2, 3, 4, 5, 6, 0x0a, 0x0a0d0d0a, 0x00000bad, 0x40000bad, 0x80000001];

/** Applies `count` random field mutations, then maybe inserted garbage, then maybe a cut. */
export function mutate(original: Buffer, layout: CaptureLayout, rng: SeededRng, count: number): Mutated {
  const bytes = Buffer.from(original);
  const steps: string[] = [];
  let touchedHeader = false;
  const u32 = (value: number, at: number) => {
    if (at < 0 || at + 4 > bytes.length) return;
    if (at < layout.headerBytes) touchedHeader = true;
    if (layout.littleEndian) bytes.writeUInt32LE(value >>> 0, at);
    else bytes.writeUInt32BE(value >>> 0, at);
  };
  const pickUnit = () => layout.units[rng.nextInt(layout.units.length)]!;
  const packetUnits = layout.units.filter((u) => u.isPacket && u.type !== 3);

  for (let i = 0; i < count; i++) {
    const kind = rng.nextInt(7);
    if (kind === 0 || layout.units.length === 0) {
      const flips = 1 + rng.nextInt(8);
      for (let f = 0; f < flips; f++) {
        const at = rng.nextInt(bytes.length);
        const mask = 1 + rng.nextInt(255);
        bytes[at]! ^= mask;
        if (at < layout.headerBytes) touchedHeader = true;
        steps.push(`flip 0x${mask.toString(16)} at ${at}`);
      }
    } else if (kind === 1) {
      // A record's or block's length: huge, zero, odd, off by a little, or random.
      const unit = pickUnit();
      const lengthAt = layout.format === 'pcap' ? unit.offset + 8 : unit.offset + 4;
      const base = layout.format === 'pcap' ? unit.length - 16 : unit.length;
      const choice = rng.nextInt(3);
      const value =
        choice === 0
          ? HUGE_OR_ODD[rng.nextInt(HUGE_OR_ODD.length)]!
          : choice === 1
            ? Math.max(0, base + rng.nextInt(17) - 8)
            : rng.nextUint32();
      u32(value, lengthAt);
      steps.push(`length ${value} for the unit at ${unit.offset}`);
    } else if (kind === 2 && layout.format === 'pcapng') {
      const unit = pickUnit();
      const value = rng.nextInt(3) === 0 ? rng.nextUint32() : BLOCK_TYPES[rng.nextInt(BLOCK_TYPES.length)]!;
      u32(value, unit.offset);
      steps.push(`type 0x${value.toString(16)} for the block at ${unit.offset}`);
    } else if (kind === 2) {
      // Classic pcap: the original (wire) length, which nothing may trust.
      const unit = pickUnit();
      const value = HUGE_OR_ODD[rng.nextInt(HUGE_OR_ODD.length)]!;
      u32(value, unit.offset + 12);
      steps.push(`wire length ${value} for the record at ${unit.offset}`);
    } else if (kind === 3 && packetUnits.length > 0) {
      // Zero captured bytes in a packet record, or (pcapng) a trailing length that disagrees.
      const unit = packetUnits[rng.nextInt(packetUnits.length)]!;
      if (layout.format === 'pcap' || rng.nextInt(2) === 0) {
        u32(0, layout.format === 'pcap' ? unit.offset + 8 : unit.offset + 20);
        steps.push(`zero captured length at ${unit.offset}`);
      } else {
        u32(unit.length + 4 * (1 + rng.nextInt(4)), unit.offset + unit.length - 4);
        steps.push(`trailing length wrong at ${unit.offset}`);
      }
    } else if (kind === 4 && layout.format === 'pcapng' && packetUnits.length > 0) {
      const unit = packetUnits[rng.nextInt(packetUnits.length)]!;
      const value = rng.nextInt(2) === 0 ? 1 + rng.nextInt(4) : rng.nextUint32();
      u32(value, unit.offset + 8);
      steps.push(`interface ${value} for the block at ${unit.offset}`);
    } else if (kind === 5) {
      // Link-layer and IP damage: a packet's bytes overwritten with random ones.
      const unit = pickUnit();
      const dataAt = unit.offset + (layout.format === 'pcap' ? 16 : 28);
      const span = Math.max(0, Math.min(64, unit.offset + unit.length - 4 - dataAt));
      for (let k = 0; k < span; k++) if (rng.nextInt(4) === 0) bytes[dataAt + k] = rng.nextInt(256);
      steps.push(`scrambled packet bytes at ${dataAt}`);
    } else {
      const at = rng.nextInt(bytes.length);
      u32(rng.nextUint32(), at - (at % 4));
      steps.push(`random word at ${at - (at % 4)}`);
    }
  }

  let out = bytes;
  if (rng.nextInt(5) === 0 && layout.units.length > 0) {
    const unit = pickUnit();
    const garbage = Buffer.alloc(1 + rng.nextInt(64));
    for (let k = 0; k < garbage.length; k++) garbage[k] = rng.nextInt(256);
    out = Buffer.concat([out.subarray(0, unit.offset), garbage, out.subarray(unit.offset)]);
    steps.push(`${garbage.length} garbage bytes inserted at ${unit.offset}`);
  }
  let cutAt: number | null = null;
  if (rng.nextInt(3) === 0) {
    cutAt = rng.nextInt(out.length);
    out = out.subarray(0, cutAt);
    if (cutAt < layout.headerBytes) touchedHeader = true;
    steps.push(`cut at ${cutAt}`);
  }
  return { bytes: out, steps, touchedHeader, cutAt };
}

/** A cut and nothing else: the unit it falls in, or null when it falls on a boundary. */
export function unitCutBy(layout: CaptureLayout, cutAt: number): CaptureUnit | null {
  return layout.units.find((u) => cutAt > u.offset && cutAt < u.offset + u.length) ?? null;
}
