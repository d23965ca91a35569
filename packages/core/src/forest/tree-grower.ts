/**
 * Grows one classification tree on binned data with histogram split search and Gini impurity.
 * The grower owns scratch buffers sized to the data and reuses them tree after tree, so a worker allocates
 * once. Everything random comes from the tree's own generator, so a tree depends only on (data, params, rng).
 */
import type { Xoshiro128Rng } from '../random/seeded-rng.ts';
import type { GrownTree } from './grown-tree.ts';
import type { TreeParams } from './options.ts';

/** The binned training set as every worker sees it (the typed arrays may sit on SharedArrayBuffers). */
export interface BinnedTrainingSet {
  nRows: number;
  nFeatures: number;
  /** Column-major Uint8 bin codes: codes[f * nRows + r]. */
  codes: Uint8Array;
  /** Bins per feature. */
  nBins: Uint16Array;
  /** Class index per row. */
  y: Uint8Array;
}

/** Growable node storage; ids are handed out in depth-first preorder. */
class NodeArrays {
  size = 0;
  feature = new Int32Array(256);
  splitBin = new Int32Array(256);
  left = new Int32Array(256);
  right = new Int32Array(256);
  samples = new Int32Array(256);
  gain = new Float64Array(256);
  fractions: Float64Array;

  constructor(readonly nClasses: number) {
    this.fractions = new Float64Array(256 * nClasses);
  }

  add(): number {
    if (this.size === this.feature.length) this.grow();
    const id = this.size++;
    this.feature[id] = -1;
    this.left[id] = -1;
    this.right[id] = -1;
    return id;
  }

  private grow(): void {
    const cap = this.feature.length * 2;
    const widen = <T extends Int32Array | Float64Array>(a: T, n: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.feature = widen(this.feature, cap);
    this.splitBin = widen(this.splitBin, cap);
    this.left = widen(this.left, cap);
    this.right = widen(this.right, cap);
    this.samples = widen(this.samples, cap);
    this.gain = widen(this.gain, cap);
    this.fractions = widen(this.fractions, cap * this.nClasses);
  }
}

export class TreeGrower {
  private readonly nClasses: number;
  /** Row ids of the tree's sample; each node owns a contiguous, ascending run of it. */
  private readonly rows: Int32Array;
  private readonly scratch: Int32Array;
  /** Per row: bootstrap draws x class weight; 0 = not in this tree's sample. */
  private readonly weight: Float64Array;
  private readonly draws: Int32Array;
  private readonly histWeight: Float64Array;
  private readonly histCount: Int32Array;
  private readonly classTotals: Float64Array;
  private readonly leftTotals: Float64Array;
  private readonly featurePool: Int32Array;
  /** Features with at least two bins over the whole training set: the only ones a split can use. */
  private readonly candidates: Int32Array;

  constructor(
    private readonly data: BinnedTrainingSet,
    private readonly params: TreeParams,
  ) {
    const { nRows, nBins } = data;
    this.nClasses = params.nClasses;
    this.rows = new Int32Array(nRows);
    this.scratch = new Int32Array(nRows);
    this.weight = new Float64Array(nRows);
    this.draws = new Int32Array(nRows);
    let maxBins = 2;
    const candidates: number[] = [];
    for (let f = 0; f < data.nFeatures; f++) {
      if (nBins[f]! > 1) candidates.push(f);
      maxBins = Math.max(maxBins, nBins[f]!);
    }
    this.candidates = Int32Array.from(candidates);
    this.featurePool = new Int32Array(candidates.length);
    this.histWeight = new Float64Array(maxBins * this.nClasses);
    this.histCount = new Int32Array(maxBins);
    this.classTotals = new Float64Array(this.nClasses);
    this.leftTotals = new Float64Array(this.nClasses);
  }

  /** Draws the tree's sample; returns how many distinct rows it holds, listed ascending in `rows`. */
  private sample(rng: Xoshiro128Rng): number {
    const { nRows, y } = this.data;
    const { bootstrap, nDraws, classWeight } = this.params;
    const draws = this.draws;
    draws.fill(0);
    if (bootstrap) {
      for (let i = 0; i < nDraws; i++) draws[rng.nextInt(nRows)]!++;
    } else {
      draws.fill(1);
    }
    let n = 0;
    for (let r = 0; r < nRows; r++) {
      const w = draws[r]! * classWeight[y[r]!]!;
      this.weight[r] = w;
      if (w > 0) this.rows[n++] = r;
    }
    return n;
  }

  grow(rng: Xoshiro128Rng): GrownTree {
    const nClasses = this.nClasses;
    const nodes = new NodeArrays(nClasses);
    const importance = new Float64Array(this.data.nFeatures);
    const sampled = this.sample(rng);
    // Pending nodes: [start, end, depth, parent id, 0 = left child / 1 = right child].
    const stack: number[] = [0, sampled, 0, -1, 0];
    let deepest = 0;
    while (stack.length > 0) {
      const side = stack.pop()!;
      const parent = stack.pop()!;
      const depth = stack.pop()!;
      const end = stack.pop()!;
      const start = stack.pop()!;
      const id = nodes.add();
      if (parent >= 0) {
        if (side === 0) nodes.left[parent] = id;
        else nodes.right[parent] = id;
      }
      if (depth > deepest) deepest = depth;
      const total = this.nodeTotals(start, end);
      const n = end - start;
      nodes.samples[id] = n;
      const fractions = nodes.fractions;
      let present = 0;
      let sumSquares = 0;
      for (let c = 0; c < nClasses; c++) {
        const t = this.classTotals[c]!;
        fractions[id * nClasses + c] = t / total;
        if (t > 0) present++;
        sumSquares += t * t;
      }
      const { maxDepth, minSamplesSplit, minSamplesLeaf } = this.params;
      if (present < 2 || depth >= maxDepth || n < minSamplesSplit || n < 2 * minSamplesLeaf) continue;
      const split = this.bestSplit(start, end, total, rng);
      if (split.feature < 0) continue;
      const gain = split.proxy / total - sumSquares / (total * total);
      nodes.feature[id] = split.feature;
      nodes.splitBin[id] = split.bin;
      nodes.gain[id] = gain;
      importance[split.feature]! += total * gain;
      const mid = this.partition(start, end, split.feature, split.bin);
      // Right is pushed first so the left child is popped next and gets id + 1.
      stack.push(mid, end, depth + 1, id, 1);
      stack.push(start, mid, depth + 1, id, 0);
    }
    const size = nodes.size;
    return {
      nNodes: size,
      nClasses,
      feature: nodes.feature.slice(0, size),
      splitBin: nodes.splitBin.slice(0, size),
      left: nodes.left.slice(0, size),
      right: nodes.right.slice(0, size),
      samples: nodes.samples.slice(0, size),
      gain: nodes.gain.slice(0, size),
      fractions: nodes.fractions.slice(0, size * nClasses),
      importance,
      depth: deepest,
    };
  }

  /** Fills classTotals with the node's weighted class totals and returns their sum. */
  private nodeTotals(start: number, end: number): number {
    const totals = this.classTotals;
    totals.fill(0);
    const { rows, weight } = this;
    const y = this.data.y;
    for (let i = start; i < end; i++) {
      const r = rows[i]!;
      totals[y[r]!]! += weight[r]!;
    }
    let sum = 0;
    for (let c = 0; c < totals.length; c++) sum += totals[c]!;
    return sum;
  }

  /**
   * Tries random features until maxFeatures of them are not constant in the node (constant ones do not
   * count, as in scikit-learn) or none are left. Returns the split with the largest Gini proxy
   * sum(L_c^2)/W_L + sum(R_c^2)/W_R; the first one found wins ties.
   */
  private bestSplit(
    start: number,
    end: number,
    total: number,
    rng: Xoshiro128Rng,
  ): { feature: number; bin: number; proxy: number } {
    const pool = this.featurePool;
    pool.set(this.candidates);
    let remaining = pool.length;
    let tried = 0;
    let bestFeature = -1;
    let bestBin = 0;
    let bestProxy = Number.NEGATIVE_INFINITY;
    const maxFeatures = this.params.maxFeatures;
    while (tried < maxFeatures && remaining > 0) {
      const pick = rng.nextInt(remaining);
      const f = pool[pick]!;
      pool[pick] = pool[remaining - 1]!;
      pool[remaining - 1] = f;
      remaining--;
      const occupied = this.buildHistogram(f, start, end);
      if (occupied >= 2) {
        tried++;
        const found = this.scanHistogram(f, end - start, total, bestProxy);
        if (found.proxy > bestProxy) {
          bestProxy = found.proxy;
          bestFeature = f;
          bestBin = found.bin;
        }
      }
      this.histCount.fill(0, 0, this.data.nBins[f]!);
      this.histWeight.fill(0, 0, this.data.nBins[f]! * this.nClasses);
    }
    return { feature: bestFeature, bin: bestBin, proxy: bestProxy };
  }

  /** Accumulates feature f's histogram over the node's rows; returns how many bins are occupied. */
  private buildHistogram(f: number, start: number, end: number): number {
    const { rows, weight, histCount, histWeight } = this;
    const { codes, y, nRows } = this.data;
    const nClasses = this.nClasses;
    const base = f * nRows;
    for (let i = start; i < end; i++) {
      const r = rows[i]!;
      const b = codes[base + r]!;
      histCount[b]!++;
      histWeight[b * nClasses + y[r]!]! += weight[r]!;
    }
    const nb = this.data.nBins[f]!;
    let occupied = 0;
    for (let b = 0; b < nb; b++) if (histCount[b]! > 0) occupied++;
    return occupied;
  }

  /** Best cut of the current histogram; bin s means "code < s goes left". */
  private scanHistogram(f: number, n: number, total: number, toBeat: number): { bin: number; proxy: number } {
    const { histCount, histWeight, classTotals, leftTotals } = this;
    const nClasses = this.nClasses;
    const minLeaf = this.params.minSamplesLeaf;
    const nb = this.data.nBins[f]!;
    leftTotals.fill(0);
    let leftCount = 0;
    let leftWeight = 0;
    let bestBin = -1;
    let bestProxy = toBeat;
    for (let b = 0; b < nb - 1; b++) {
      const count = histCount[b]!;
      if (count === 0) continue;
      leftCount += count;
      for (let c = 0; c < nClasses; c++) {
        const w = histWeight[b * nClasses + c]!;
        leftTotals[c]! += w;
        leftWeight += w;
      }
      if (leftCount < minLeaf) continue;
      if (n - leftCount < minLeaf) break;
      const rightWeight = total - leftWeight;
      if (!(leftWeight > 0 && rightWeight > 0)) continue;
      let leftSquares = 0;
      let rightSquares = 0;
      for (let c = 0; c < nClasses; c++) {
        const l = leftTotals[c]!;
        const r = classTotals[c]! - l;
        leftSquares += l * l;
        rightSquares += r * r;
      }
      const proxy = leftSquares / leftWeight + rightSquares / rightWeight;
      if (proxy > bestProxy) {
        bestProxy = proxy;
        bestBin = b + 1;
      }
    }
    return { bin: bestBin, proxy: bestBin < 0 ? Number.NEGATIVE_INFINITY : bestProxy };
  }

  /** Stable partition of the node's rows by "code < bin"; returns where the right child starts. */
  private partition(start: number, end: number, f: number, bin: number): number {
    const { rows, scratch } = this;
    const { codes, nRows } = this.data;
    const base = f * nRows;
    let l = start;
    let r = 0;
    for (let i = start; i < end; i++) {
      const row = rows[i]!;
      if (codes[base + row]! < bin) rows[l++] = row;
      else scratch[r++] = row;
    }
    rows.set(scratch.subarray(0, r), l);
    return l;
  }
}
