/**
 * The hot loop of batch scoring as a tiny WebAssembly function: a stable partition of row ids by
 * "value < threshold". Written without branches on the data (the comparison result is added to counters),
 * so shuffled rows cost no mispredicted jumps; WebAssembly also drops the bounds and overflow checks a
 * JavaScript version pays for. Measured 1.4x faster than per-row generated code on the real rows
 * (bench/forest/predict.ts).
 *
 * Memory layout (byte offsets): rows at 0 (capacity x i32), spill at 4 x capacity (capacity x i32),
 * columns at 8 x capacity (nFeatures x capacity x f64, column-major).
 */
import { type Bytes, HEADER, name, op, SECTION, section, TYPE, uleb, vec } from './wasm-binary.ts';

/** The few WebAssembly APIs used here: the project's TypeScript lib (ES2023, no DOM) does not declare them. */
interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

export interface PartitionKernel {
  /** Row ids being partitioned (a view on the module's memory). */
  rows: Int32Array;
  /** Column-major batch: columns[f * capacity + row]. */
  columns: Float64Array;
  capacity: number;
  /**
   * Reorders rows[start..end) so ids whose value in column `feature` is < threshold come first, both groups
   * keeping their order (NaN goes last, as `<` is false for it); returns where the second group starts.
   */
  partition(feature: number, threshold: number, start: number, end: number): number;
}

/** (columnByteOffset: i32, threshold: f64, start: i32, end: i32) -> i32; locals l, r, i, row, goesLeft. */
function partitionBody(spillOffset: number): Bytes {
  const [COLUMN, THRESHOLD, START, END, L, R, I, ROW, LEFT] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const times4 = [...op.i32Const(2), ...op.i32Shl()];
  return [
    ...op.localGet(START),
    ...op.localSet(L),
    ...op.localGet(START),
    ...op.localSet(I),
    ...op.block(),
    ...op.loop(),
    // while (i < end)
    ...op.localGet(I),
    ...op.localGet(END),
    ...op.i32GeS(),
    ...op.brIf(1),
    // row = rows[i]
    ...op.localGet(I),
    ...times4,
    ...op.i32Load(0),
    ...op.localSet(ROW),
    // goesLeft = columns[column + row] < threshold
    ...op.localGet(ROW),
    ...op.i32Const(3),
    ...op.i32Shl(),
    ...op.localGet(COLUMN),
    ...op.i32Add(),
    ...op.f64Load(0),
    ...op.localGet(THRESHOLD),
    ...op.f64Lt(),
    ...op.localSet(LEFT),
    // rows[l] = row; spill[r] = row: both written, only one counter moves.
    ...op.localGet(L),
    ...times4,
    ...op.localGet(ROW),
    ...op.i32Store(0),
    ...op.localGet(R),
    ...times4,
    ...op.localGet(ROW),
    ...op.i32Store(spillOffset),
    // l += goesLeft; r += goesLeft ^ 1; i++
    ...op.localGet(L),
    ...op.localGet(LEFT),
    ...op.i32Add(),
    ...op.localSet(L),
    ...op.localGet(R),
    ...op.localGet(LEFT),
    ...op.i32Const(1),
    ...op.i32Xor(),
    ...op.i32Add(),
    ...op.localSet(R),
    ...op.localGet(I),
    ...op.i32Const(1),
    ...op.i32Add(),
    ...op.localSet(I),
    ...op.br(0),
    ...op.end(),
    ...op.end(),
    // rows[l..l + r) = spill[0..r)
    ...op.localGet(L),
    ...times4,
    ...op.i32Const(spillOffset),
    ...op.localGet(R),
    ...times4,
    ...op.memoryCopy(),
    ...op.localGet(L),
    ...op.end(),
  ];
}

function partitionModule(spillOffset: number, pages: number): Uint8Array {
  const signature = [
    TYPE.func,
    ...vec([[TYPE.i32], [TYPE.f64], [TYPE.i32], [TYPE.i32]]),
    ...vec([[TYPE.i32]]),
  ];
  const memoryImport = [...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(pages)];
  const body = [...vec([[...uleb(5), TYPE.i32]]), ...partitionBody(spillOffset)];
  return Uint8Array.from([
    ...HEADER,
    ...section(SECTION.type, vec([signature])),
    ...section(SECTION.import, vec([memoryImport])),
    ...section(SECTION.function, vec([uleb(0)])),
    ...section(SECTION.export, vec([[...name('partition'), 0x00, 0x00]])),
    ...section(SECTION.code, vec([[...uleb(body.length), ...body]])),
  ]);
}

export function createPartitionKernel(capacity: number, nFeatures: number): PartitionKernel {
  const spillOffset = 4 * capacity;
  const columnsOffset = 8 * capacity;
  const bytes = columnsOffset + 8 * capacity * nFeatures;
  const pages = Math.ceil(bytes / 65536);
  const memory = new wasm.Memory({ initial: pages, maximum: pages });
  const instance = new wasm.Instance(new wasm.Module(partitionModule(spillOffset, pages)), {
    env: { memory },
  });
  const run = instance.exports.partition as (
    column: number,
    threshold: number,
    start: number,
    end: number,
  ) => number;
  const columnBytes = 8 * capacity;
  return {
    rows: new Int32Array(memory.buffer, 0, capacity),
    columns: new Float64Array(memory.buffer, columnsOffset, capacity * nFeatures),
    capacity,
    partition: (feature, threshold, start, end) =>
      run(columnsOffset + feature * columnBytes, threshold, start, end),
  };
}
