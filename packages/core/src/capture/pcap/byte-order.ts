/**
 * Unsigned readers for a capture's own byte order (file and block headers), picked once per file or
 * section so the per-record path is a plain call with no branch on the order. They assume the caller
 * has checked the bounds, as every parser here does before reading: that is why they skip Buffer's
 * own range checks. Network headers are always big-endian and are read inline where they are decoded.
 */
export type U16Reader = (buf: Buffer, offset: number) => number;
export type U32Reader = (buf: Buffer, offset: number) => number;

export const readU16LE: U16Reader = (b, o) => b[o]! | (b[o + 1]! << 8);
export const readU16BE: U16Reader = (b, o) => (b[o]! << 8) | b[o + 1]!;
// The top byte is multiplied, not shifted, so values >= 2^31 stay positive.
export const readU32LE: U32Reader = (b, o) =>
  (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000;
export const readU32BE: U32Reader = (b, o) =>
  b[o]! * 0x1000000 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);

export interface ByteOrder {
  littleEndian: boolean;
  u16: U16Reader;
  u32: U32Reader;
}

export const LITTLE_ENDIAN: ByteOrder = { littleEndian: true, u16: readU16LE, u32: readU32LE };
export const BIG_ENDIAN: ByteOrder = { littleEndian: false, u16: readU16BE, u32: readU32BE };
