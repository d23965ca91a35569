/**
 * Batch scoring's inner loops as one small WebAssembly function, generated per forest: it sends a batch of
 * rows down one tree by partitioning their ids node by node (a stable partition by "value < threshold",
 * NaN to the right as in ml-cart), then writes each leaf's vote for its rows or counts the rows that vote for
 * a label. The partition adds the comparison result to counters instead of jumping on it, so shuffled rows
 * cost no mispredicted branches, and WebAssembly drops the bounds and overflow checks JavaScript pays for.
 *
 * Memory (byte offsets, fixed when the module is built): row ids, spill, out (votes or counts), the node
 * stack, the trees' feature / next / threshold arrays, then the batch's columns (column-major, `capacity`
 * rows each).
 */
import type { FlatTrees } from './flatten.ts';
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

export const WALK_VOTES = 0;
export const WALK_COUNT = 1;

export interface WalkKernel {
  capacity: number;
  /** Column-major batch: columns[f * capacity + i] is feature f of row i. */
  columns: Float64Array;
  /** Per row: the vote of the last WALK_VOTES walk, or the counts of WALK_COUNT walks. */
  out: Int32Array;
  /**
   * Sends rows 0..n-1 down the tree whose root is `root`. WALK_VOTES: out[i] = the leaf's vote.
   * WALK_COUNT: out[i] += 1 when the leaf votes `label`.
   */
  walk(root: number, n: number, label: number, mode: number): void;
}

interface Layout {
  rows: number;
  spill: number;
  out: number;
  stack: number;
  feature: number;
  next: number;
  threshold: number;
  columns: number;
  columnBytes: number;
  end: number;
}

function layout(capacity: number, stackEntries: number, nNodes: number, nFeatures: number): Layout {
  const align8 = (n: number): number => Math.ceil(n / 8) * 8;
  const rows = 0;
  const spill = rows + 4 * capacity;
  const out = spill + 4 * capacity;
  const stack = out + 4 * capacity;
  const feature = stack + 4 * stackEntries;
  const next = feature + 4 * nNodes;
  const threshold = align8(next + 4 * nNodes);
  const columns = threshold + 8 * nNodes;
  const columnBytes = 8 * capacity;
  return {
    rows,
    spill,
    out,
    stack,
    feature,
    next,
    threshold,
    columns,
    columnBytes,
    end: columns + columnBytes * nFeatures,
  };
}

// Locals of walk(root, n, label, mode): the four parameters, then twelve i32 and one f64.
const [ROOT, N, LABEL, MODE, SP, NODE, START, END, F, I, L, R, ROW, LEFT, COL, VOTE, THRESHOLD] = Array.from(
  { length: 17 },
  (_, i) => i,
);

const times4 = (): Bytes => [...op.i32Const(2), ...op.i32Shl()];
const increment = (local: number, by: Bytes = op.i32Const(1)): Bytes => [
  ...op.localGet(local),
  ...by,
  ...op.i32Add(),
  ...op.localSet(local),
];

/** for (I = from; I < END; I++) body — `body` must not branch out of the loop. */
function forRange(from: Bytes, end: number, body: Bytes): Bytes {
  return [
    ...from,
    ...op.localSet(I),
    ...op.block(),
    ...op.loop(),
    ...op.localGet(I),
    ...op.localGet(end),
    ...op.i32GeS(),
    ...op.brIf(1),
    ...body,
    ...increment(I),
    ...op.br(0),
    ...op.end(),
    ...op.end(),
  ];
}

/** Pushes (node, start, end) on the stack; each argument is code leaving one i32. */
function push(at: Layout, node: Bytes, start: Bytes, end: Bytes): Bytes {
  const slot = (offset: number, value: Bytes): Bytes => [
    ...op.localGet(SP),
    ...times4(),
    ...value,
    ...op.i32Store(at.stack + offset),
  ];
  return [...slot(0, node), ...slot(4, start), ...slot(8, end), ...increment(SP, op.i32Const(3))];
}

function walkBody(at: Layout): Bytes {
  const rowIdAt = (index: number): Bytes => [...op.localGet(index), ...times4(), ...op.i32Load(at.rows)];
  const atLeaf: Bytes = [
    ...op.localGet(NODE),
    ...times4(),
    ...op.i32Load(at.next),
    ...op.localSet(VOTE),
    ...op.localGet(MODE),
    ...op.i32Eqz(),
    ...op.if(),
    // out[rows[i]] = vote
    ...forRange(op.localGet(START), END, [
      ...rowIdAt(I),
      ...times4(),
      ...op.localGet(VOTE),
      ...op.i32Store(at.out),
    ]),
    ...op.else(),
    ...op.localGet(VOTE),
    ...op.localGet(LABEL),
    ...op.i32Eq(),
    ...op.if(),
    // out[rows[i]] += 1
    ...forRange(op.localGet(START), END, [
      ...rowIdAt(I),
      ...times4(),
      ...op.localSet(ROW),
      ...op.localGet(ROW),
      ...op.localGet(ROW),
      ...op.i32Load(at.out),
      ...op.i32Const(1),
      ...op.i32Add(),
      ...op.i32Store(at.out),
    ]),
    ...op.end(),
    ...op.end(),
  ];
  const partition: Bytes = [
    ...op.localGet(START),
    ...op.localSet(L),
    ...op.i32Const(0),
    ...op.localSet(R),
    ...forRange(op.localGet(START), END, [
      ...rowIdAt(I),
      ...op.localSet(ROW),
      // left = column[row] < threshold
      ...op.localGet(ROW),
      ...op.i32Const(3),
      ...op.i32Shl(),
      ...op.localGet(COL),
      ...op.i32Add(),
      ...op.f64Load(0),
      ...op.localGet(THRESHOLD),
      ...op.f64Lt(),
      ...op.localSet(LEFT),
      // rows[l] = row; spill[r] = row; then only one of l, r moves on.
      ...op.localGet(L),
      ...times4(),
      ...op.localGet(ROW),
      ...op.i32Store(at.rows),
      ...op.localGet(R),
      ...times4(),
      ...op.localGet(ROW),
      ...op.i32Store(at.spill),
      ...increment(L, op.localGet(LEFT)),
      ...increment(R, [...op.localGet(LEFT), ...op.i32Const(1), ...op.i32Xor()]),
    ]),
    // rows[l .. l + r) = spill[0 .. r)
    ...op.localGet(L),
    ...times4(),
    ...op.i32Const(at.rows),
    ...op.i32Add(),
    ...op.i32Const(at.spill),
    ...op.localGet(R),
    ...times4(),
    ...op.memoryCopy(),
  ];
  const atSplit: Bytes = [
    ...op.localGet(NODE),
    ...op.i32Const(3),
    ...op.i32Shl(),
    ...op.f64Load(at.threshold),
    ...op.localSet(THRESHOLD),
    ...op.localGet(F),
    ...op.i32Const(at.columnBytes),
    ...op.i32Mul(),
    ...op.i32Const(at.columns),
    ...op.i32Add(),
    ...op.localSet(COL),
    ...partition,
    // Right child first, so the left one (node + 1) is popped next.
    ...op.localGet(END),
    ...op.localGet(L),
    ...op.i32GtS(),
    ...op.if(),
    ...push(
      at,
      [...op.localGet(NODE), ...times4(), ...op.i32Load(at.next)],
      op.localGet(L),
      op.localGet(END),
    ),
    ...op.end(),
    ...op.localGet(L),
    ...op.localGet(START),
    ...op.i32GtS(),
    ...op.if(),
    ...push(
      at,
      [...op.localGet(NODE), ...op.i32Const(1), ...op.i32Add()],
      op.localGet(START),
      op.localGet(L),
    ),
    ...op.end(),
  ];
  const pop = (local: number, offset: number): Bytes => [
    ...op.localGet(SP),
    ...times4(),
    ...op.i32Load(at.stack + offset),
    ...op.localSet(local),
  ];
  return [
    // Row ids in ascending order, so each node reads its column in address order.
    ...forRange(op.i32Const(0), N, [
      ...op.localGet(I),
      ...times4(),
      ...op.localGet(I),
      ...op.i32Store(at.rows),
    ]),
    ...op.i32Const(0),
    ...op.localSet(SP),
    ...push(at, op.localGet(ROOT), op.i32Const(0), op.localGet(N)),
    ...op.block(),
    ...op.loop(),
    ...op.localGet(SP),
    ...op.i32Eqz(),
    ...op.brIf(1),
    ...op.localGet(SP),
    ...op.i32Const(3),
    ...op.i32Sub(),
    ...op.localSet(SP),
    ...pop(NODE, 0),
    ...pop(START, 4),
    ...pop(END, 8),
    ...op.localGet(NODE),
    ...times4(),
    ...op.i32Load(at.feature),
    ...op.localSet(F),
    ...op.localGet(F),
    ...op.i32Const(0),
    ...op.i32LtS(),
    ...op.if(),
    ...atLeaf,
    ...op.else(),
    ...atSplit,
    ...op.end(),
    ...op.br(0),
    ...op.end(),
    ...op.end(),
    ...op.end(),
  ];
}

function walkModule(at: Layout, pages: number): Uint8Array {
  const signature = [TYPE.func, ...vec([[TYPE.i32], [TYPE.i32], [TYPE.i32], [TYPE.i32]]), ...vec([])];
  const memoryImport = [...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(pages)];
  const locals = vec([
    [...uleb(12), TYPE.i32],
    [...uleb(1), TYPE.f64],
  ]);
  const body = [...locals, ...walkBody(at)];
  return Uint8Array.from([
    ...HEADER,
    ...section(SECTION.type, vec([signature])),
    ...section(SECTION.import, vec([memoryImport])),
    ...section(SECTION.function, vec([uleb(0)])),
    ...section(SECTION.export, vec([[...name('walk'), 0x00, 0x00]])),
    ...section(SECTION.code, vec([[...uleb(body.length), ...body]])),
  ]);
}

/**
 * Builds the kernel for a forest and batches of up to `capacity` rows. `stackEntries` must hold three
 * entries per pending node: the walk is depth-first, so (largest tree's node count + 1) x 3 is enough.
 */
export function createWalkKernel(flat: FlatTrees, capacity: number, stackEntries: number): WalkKernel {
  const at = layout(capacity, stackEntries, flat.nNodes, flat.nFeatures);
  const pages = Math.ceil(at.end / 65536);
  const memory = new wasm.Memory({ initial: pages, maximum: pages });
  const instance = new wasm.Instance(new wasm.Module(walkModule(at, pages)), { env: { memory } });
  const buffer = memory.buffer;
  new Int32Array(buffer, at.feature, flat.nNodes).set(flat.feature);
  new Int32Array(buffer, at.next, flat.nNodes).set(flat.next);
  new Float64Array(buffer, at.threshold, flat.nNodes).set(flat.threshold);
  return {
    capacity,
    columns: new Float64Array(buffer, at.columns, capacity * flat.nFeatures),
    out: new Int32Array(buffer, at.out, capacity),
    walk: instance.exports.walk as WalkKernel['walk'],
  };
}
