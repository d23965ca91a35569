/** The committed scikit-learn reference (see fixtures/make-sklearn-reference.py for how it was made). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

export interface BinaryReference {
  scores: number[];
  rocAuc: number;
  averagePrecision: number;
  atThreshold: {
    threshold: number;
    tp: number;
    fp: number;
    tn: number;
    fn: number;
    accuracy: number;
    precision: number;
    recall: number;
    f1: number;
    fpr: number;
  };
  /** scikit-learn's order; thresholds[0] is +Infinity, stored as null. */
  rocCurve?: { fpr: number[]; tpr: number[]; thresholds: (number | null)[] };
  /** scikit-learn's order: thresholds ascending, the final (precision 1, recall 0) point has none. */
  prCurve?: { precision: number[]; recall: number[]; thresholds: number[] };
}

export interface SklearnReference {
  rows: number;
  labels: string[];
  /** Source file (basename) of each row. */
  files: string[];
  featureNames: string[];
  /** Impurity importances of the reference forest, in featureNames order. */
  forestImportances: number[];
  yTrue: number[];
  binary: Record<'treeProbability' | 'forestProbability' | 'rawFlowIatMean', BinaryReference>;
  multiclass: {
    classes: string[];
    predicted: string[];
    confusion: number[][];
    accuracy: number;
    precision: number[];
    recall: number[];
    f1: number[];
    support: number[];
    macro: { precision: number; recall: number; f1: number };
    weighted: { precision: number; recall: number; f1: number };
  };
}

export const reference = JSON.parse(
  readFileSync(new URL('./fixtures/sklearn-reference.json', import.meta.url), 'utf8'),
) as SklearnReference;

/** Floating-point sums in a different order than numpy's: equal to the last few bits. */
export const CLOSE = 1e-12;

export function assertClose(actual: number, expected: number, message: string, tolerance = CLOSE): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${message}: ${actual} differs from ${expected} by more than ${tolerance}`,
  );
}
