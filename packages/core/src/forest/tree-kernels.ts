/**
 * Per-tree kernels: given rows [start, end) of a row-major batch, write the class each row's leaf votes for.
 * Trees up to CODEGEN_MAX_NODES become generated JavaScript (nested ifs with the thresholds as constants),
 * measured about twice as fast as walking the typed arrays (bench/forest/predict.ts); larger trees walk the
 * arrays, because V8 stops optimising functions past about 60 kB of bytecode.
 */
import type { FlatTrees } from './flatten.ts';

/** Writes votes[r - start] for r in [start, end). `stride` is the width of a row in `values`. */
export type TreeKernel = (
  values: Float64Array,
  stride: number,
  start: number,
  end: number,
  votes: Int32Array,
) => void;

export const CODEGEN_MAX_NODES = 2047;

/** Walks tree `t`'s nodes in the flat arrays. */
export function arrayKernel(flat: FlatTrees, t: number): TreeKernel {
  const { feature, threshold, next } = flat;
  const root = flat.roots[t]!;
  return (values, stride, start, end, votes) => {
    for (let r = start, o = start * stride; r < end; r++, o += stride) {
      let n = root;
      let f = feature[n]!;
      while (f >= 0) {
        n = values[o + f]! < threshold[n]! ? n + 1 : next[n]!;
        f = feature[n]!;
      }
      votes[r - start] = next[n]!;
    }
  };
}

/** Number of nodes of tree `t` (preorder puts them in one contiguous run). */
export function treeSize(flat: FlatTrees, t: number): number {
  const end = t + 1 < flat.nTrees ? flat.roots[t + 1]! : flat.nNodes;
  return end - flat.roots[t]!;
}

/**
 * Source of the nested-if body for tree `t`. Only integers and numbers from the validated flat arrays are
 * written into it (String(x) of a double reads back as the same double), never text from the model file.
 */
export function treeSource(flat: FlatTrees, t: number): string {
  const { feature, threshold, next } = flat;
  const parts: string[] = [];
  const emit = (n: number): void => {
    const f = feature[n]!;
    if (f < 0) {
      parts.push(`c=${next[n]! | 0};`);
      return;
    }
    parts.push(`if(v[o+${f | 0}]<${String(threshold[n]!)}){`);
    emit(n + 1);
    parts.push('}else{');
    emit(next[n]!);
    parts.push('}');
  };
  emit(flat.roots[t]!);
  return parts.join('');
}

export function generatedKernel(flat: FlatTrees, t: number): TreeKernel {
  const body = `for(let r=start,o=start*stride;r<end;r++,o+=stride){let c=0;${treeSource(flat, t)}votes[r-start]=c;}`;
  return new Function('v', 'stride', 'start', 'end', 'votes', body) as TreeKernel;
}

export function buildKernels(flat: FlatTrees, codegen: boolean): TreeKernel[] {
  return Array.from({ length: flat.nTrees }, (_, t) =>
    codegen && treeSize(flat, t) <= CODEGEN_MAX_NODES ? generatedKernel(flat, t) : arrayKernel(flat, t),
  );
}
