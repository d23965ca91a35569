/**
 * Batch traversal of one tree at a time: instead of walking each row from the root (a data-dependent jump at
 * every node), the batch's row ids are partitioned node by node, so each node's test runs over all the rows
 * that reach it in one branch-free loop (partition-kernel.ts). Pays off from a few hundred rows.
 */
import type { FlatTrees } from './flatten.ts';
import { createPartitionKernel, type PartitionKernel } from './partition-kernel.ts';
import { treeSize } from './tree-kernels.ts';

export class PartitionedVotes {
  private readonly kernel: PartitionKernel;
  /** Pending nodes: (node, start, end) triples. */
  private readonly stack: Int32Array;
  private loaded = 0;

  constructor(
    private readonly flat: FlatTrees,
    readonly capacity: number,
  ) {
    this.kernel = createPartitionKernel(capacity, flat.nFeatures);
    let largest = 1;
    for (let t = 0; t < flat.nTrees; t++) largest = Math.max(largest, treeSize(flat, t));
    // Depth-first, one node popped for two pushed: never more pending nodes than the tree has.
    this.stack = new Int32Array(3 * (largest + 1));
  }

  /** Copies rows [start, start + n) of a row-major batch into the kernel's column-major memory. */
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

  /** votes[i] = the class tree t votes for loaded row i. */
  treeVotes(t: number, votes: Int32Array): void {
    const { feature, threshold, next } = this.flat;
    const { rows } = this.kernel;
    const n = this.loaded;
    const stack = this.stack;
    // Ascending ids keep each node's reads of its column in address order.
    for (let i = 0; i < n; i++) rows[i] = i;
    let sp = 0;
    stack[sp++] = this.flat.roots[t]!;
    stack[sp++] = 0;
    stack[sp++] = n;
    while (sp > 0) {
      const end = stack[--sp]!;
      const start = stack[--sp]!;
      const node = stack[--sp]!;
      const f = feature[node]!;
      if (f < 0) {
        const vote = next[node]!;
        for (let i = start; i < end; i++) votes[rows[i]!] = vote;
        continue;
      }
      const mid = this.kernel.partition(f, threshold[node]!, start, end);
      if (end > mid) {
        stack[sp++] = next[node]!;
        stack[sp++] = mid;
        stack[sp++] = end;
      }
      if (mid > start) {
        stack[sp++] = node + 1;
        stack[sp++] = start;
        stack[sp++] = mid;
      }
    }
  }
}
