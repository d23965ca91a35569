/**
 * Just enough of the WebAssembly binary format to write one small module by hand: LEB128 numbers, vectors,
 * sections, names and the opcodes the tree-walk kernel uses. Spec: https://webassembly.github.io/spec/core/binary/
 */

export type Bytes = number[];

export function uleb(n: number): Bytes {
  const out: Bytes = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): Bytes {
  const out: Bytes = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const signBitClear = (byte & 0x40) === 0;
    if ((n === 0 && signBitClear) || (n === -1 && !signBitClear)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

export function vec(items: Bytes[]): Bytes {
  return [...uleb(items.length), ...items.flat()];
}

export function name(text: string): Bytes {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}

export function section(id: number, content: Bytes): Bytes {
  return [id, ...uleb(content.length), ...content];
}

export const SECTION = { type: 1, import: 2, function: 3, export: 7, code: 10 } as const;
export const TYPE = { i32: 0x7f, f64: 0x7c, func: 0x60 } as const;
export const HEADER: Bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** Instructions, each a function returning its bytes. */
export const op = {
  block: (): Bytes => [0x02, 0x40],
  loop: (): Bytes => [0x03, 0x40],
  if: (): Bytes => [0x04, 0x40],
  else: (): Bytes => [0x05],
  end: (): Bytes => [0x0b],
  br: (depth: number): Bytes => [0x0c, ...uleb(depth)],
  brIf: (depth: number): Bytes => [0x0d, ...uleb(depth)],
  localGet: (i: number): Bytes => [0x20, ...uleb(i)],
  localSet: (i: number): Bytes => [0x21, ...uleb(i)],
  i32Const: (v: number): Bytes => [0x41, ...sleb(v)],
  /** i32.load with 4-byte alignment and a constant byte offset. */
  i32Load: (offset: number): Bytes => [0x28, 2, ...uleb(offset)],
  i32Store: (offset: number): Bytes => [0x36, 2, ...uleb(offset)],
  f64Load: (offset: number): Bytes => [0x2b, 3, ...uleb(offset)],
  i32Eqz: (): Bytes => [0x45],
  i32Eq: (): Bytes => [0x46],
  i32LtS: (): Bytes => [0x48],
  i32GtS: (): Bytes => [0x4a],
  i32GeS: (): Bytes => [0x4e],
  i32Add: (): Bytes => [0x6a],
  i32Sub: (): Bytes => [0x6b],
  i32Mul: (): Bytes => [0x6c],
  i32Xor: (): Bytes => [0x73],
  i32Shl: (): Bytes => [0x74],
  f64Lt: (): Bytes => [0x63],
  /** memory.copy (bulk memory): dest, src, length on the stack. */
  memoryCopy: (): Bytes => [0xfc, ...uleb(10), 0x00, 0x00],
};
