import { isBenign } from '../flow/labels.ts';
import type { RandomForestJson } from '../forest/model-json.ts';
import type { ForestOptions } from '../forest/options.ts';
import { type TrainForestResult, trainForest } from '../forest/train-forest.ts';
import { selectRows } from './training-set.ts';

export const BINARY_CLASSES = ['Benign', 'Attack'] as const;

/** The two forests a model is made of. */
export interface FittedForests {
  /** Benign (class 0) against any attack (class 1): its vote share is the attack probability. */
  binary: TrainForestResult;
  /** Trained on attack rows only, to name the attack once the binary forest flagged a flow. */
  multiclass: TrainForestResult | null;
  /** Class order of `multiclass`; a single name when there was one attack class (no forest needed). */
  attackClasses: string[];
}

export interface FitOptions {
  forest: ForestOptions;
  onProgress?: (stage: 'binary' | 'multiclass', treesDone: number, total: number) => void;
}

/**
 * Trains both forests on the rows at `indices` of a labelled matrix. The binary forest decides whether
 * a flow raises an alert; the multiclass forest only names the attack, so its errors never hide one.
 */
export async function fitForests(
  X: Float64Array,
  width: number,
  labels: readonly string[],
  indices: ArrayLike<number>,
  featureNames: readonly string[],
  options: FitOptions,
): Promise<FittedForests> {
  const y = new Int32Array(indices.length);
  const attackRows: number[] = [];
  for (let i = 0; i < indices.length; i++) {
    const label = labels[indices[i]!]!;
    if (isBenign(label)) continue;
    y[i] = 1;
    attackRows.push(indices[i]!);
  }
  const binary = await trainForest(selectRows(X, width, indices), y, {
    ...options.forest,
    nClasses: 2,
    featureNames,
    onProgress: (done, total) => options.onProgress?.('binary', done, total),
  });

  const attackClasses = [...new Set(attackRows.map((row) => labels[row]!))].sort();
  if (attackClasses.length < 2) return { binary, multiclass: null, attackClasses };
  const position = new Map(attackClasses.map((name, i) => [name, i]));
  const yAttack = Int32Array.from(attackRows, (row) => position.get(labels[row]!)!);
  const multiclass = await trainForest(selectRows(X, width, attackRows), yAttack, {
    ...options.forest,
    nClasses: attackClasses.length,
    featureNames,
    onProgress: (done, total) => options.onProgress?.('multiclass', done, total),
  });
  return { binary, multiclass, attackClasses };
}

export type ForestJson = RandomForestJson;
