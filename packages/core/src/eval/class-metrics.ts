/**
 * Per-class precision, recall, F1 and support from a confusion matrix, with the macro and
 * support-weighted averages, matching scikit-learn's `precision_recall_fscore_support` with
 * `zero_division=0`.
 */
import type { ConfusionMatrix } from './confusion-matrix.ts';
import { ratio } from './ratio.ts';

export interface ClassMetrics {
  name: string;
  precision: number;
  recall: number;
  f1: number;
  /** True rows of this class. */
  support: number;
  /** Rows predicted as this class. */
  predicted: number;
}

export interface AveragedMetrics {
  precision: number;
  recall: number;
  f1: number;
}

export interface ClassReport {
  classes: ClassMetrics[];
  accuracy: number;
  rows: number;
  macro: AveragedMetrics;
  weighted: AveragedMetrics;
}

export function classMetrics(confusion: ConfusionMatrix): ClassReport {
  const { classes, matrix } = confusion;
  const k = classes.length;
  const support = new Float64Array(k);
  const predicted = new Float64Array(k);
  let rows = 0;
  let correct = 0;
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) {
      const count = matrix[r]![c]!;
      support[r]! += count;
      predicted[c]! += count;
      rows += count;
    }
    correct += matrix[r]![r]!;
  }
  const perClass: ClassMetrics[] = classes.map((name, j) => {
    const hit = matrix[j]![j]!;
    return {
      name,
      precision: ratio(hit, predicted[j]!),
      recall: ratio(hit, support[j]!),
      f1: ratio(2 * hit, predicted[j]! + support[j]!),
      support: support[j]!,
      predicted: predicted[j]!,
    };
  });
  const average = (weightOf: (m: ClassMetrics) => number): AveragedMetrics => {
    let total = 0;
    const sum = { precision: 0, recall: 0, f1: 0 };
    for (const m of perClass) {
      const w = weightOf(m);
      total += w;
      sum.precision += w * m.precision;
      sum.recall += w * m.recall;
      sum.f1 += w * m.f1;
    }
    return {
      precision: ratio(sum.precision, total),
      recall: ratio(sum.recall, total),
      f1: ratio(sum.f1, total),
    };
  };
  return {
    classes: perClass,
    accuracy: ratio(correct, rows),
    rows,
    macro: average(() => 1),
    weighted: average((m) => m.support),
  };
}
