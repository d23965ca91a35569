/**
 * Batch traversal, one tree at a time: instead of walking each row from the root (a data-dependent jump at
 * every node), the batch's row ids are partitioned node by node, so each node's test runs over all the rows
 * that reach it in one branch-free loop (walk-kernel.ts). Pays off from about 100 rows.
 */
import type { FlatTrees } from './flatten.ts';
import { treeSize } from './tree-kernels.ts';
import { createWalkKernel, WALK_COUNT, WALK_VOTES, type WalkKernel } from './walk-kernel.ts';

export class PartitionedVotes {
  private readonly kernel: WalkKernel;
  private loaded = 0;

  constructor(
    private readonly flat: FlatTrees,
    readonly capacity: number,
  ) {
    let largest = 1;
    for (let t = 0; t < flat.nTrees; t++) largest = Math.max(largest, treeSize(flat, t));
    // Depth-first, one node popped for at most two pushed: never more pending nodes than the tree has.
    this.kernel = createWalkKernel(flat, capacity, 3 * (largest + 1));
  }

  /** Copies rows [start, start + n) of a row-major batch (n <= capacity) into the kernel's columns. */
  load(values: Float64Array, stride: number, start: number, n: number): void {
    const { columns, capacity } = this.kernel;
    const nF = this.flat.nFeatures;
    // Blocks of 16 rows: their values stay in cache while being spread over the columns.
    for (let i0 = 0; i0 < n; i0 += 16) {
      const i1 = Math.min(n, i0 + 16);
      for (let f = 0; f < nF; f++) {
        const column = f * capacity;
        for (let i = i0, o = (start + i0) * stride + f; i < i1; i++, o += stride)
          columns[column + i] = values[o]!;
      }
    }
    this.loaded = n;
  }

  /** The class tree t votes for each loaded row (entries 0..n-1 of the returned view). */
  treeVotes(t: number): Int32Array {
    this.kernel.walk(this.flat.roots[t]!, this.loaded, 0, WALK_VOTES);
    return this.kernel.out;
  }

  /** How many trees vote `label` for each loaded row (entries 0..n-1 of the returned view). */
  countVotes(label: number): Int32Array {
    const { kernel, loaded } = this;
    kernel.out.fill(0, 0, loaded);
    for (let t = 0; t < this.flat.nTrees; t++) kernel.walk(this.flat.roots[t]!, loaded, label, WALK_COUNT);
    return kernel.out;
  }
}
