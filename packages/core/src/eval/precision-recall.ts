/**
 * Precision-recall curve and average precision with scikit-learn's definitions:
 * AP = sum over distinct thresholds, highest first, of (R_k - R_(k-1)) * P_k, with no interpolation.
 */
import type { ThresholdCounts } from './threshold-counts.ts';

export interface PrCurve {
  /** Non-decreasing: the curve starts at recall 0, precision 1 (threshold +Infinity). */
  recall: Float64Array;
  precision: Float64Array;
  /** `thresholds[0]` is +Infinity; then the distinct scores, highest first. */
  thresholds: Float64Array;
}

/**
 * scikit-learn's `precision_recall_curve` in reverse order (it lists thresholds lowest first). With no
 * attacks at all recall is set to 1 at every threshold, as scikit-learn does.
 */
export function prCurve(counts: ThresholdCounts): PrCurve {
  const size = counts.thresholds.length + 1;
  const recall = new Float64Array(size);
  const precision = new Float64Array(size);
  const thresholds = new Float64Array(size);
  recall[0] = 0;
  precision[0] = 1;
  thresholds[0] = Number.POSITIVE_INFINITY;
  for (let i = 1; i < size; i++) {
    const tp = counts.tp[i - 1]!;
    recall[i] = counts.positives === 0 ? 1 : tp / counts.positives;
    precision[i] = tp / (tp + counts.fp[i - 1]!);
    thresholds[i] = counts.thresholds[i - 1]!;
  }
  return { recall, precision, thresholds };
}

/** 0 with no attacks (scikit-learn's value); NaN with no rows at all. */
export function averagePrecision(counts: ThresholdCounts): number {
  if (counts.thresholds.length === 0) return Number.NaN;
  if (counts.positives === 0) return 0;
  let sum = 0;
  let previousTp = 0;
  for (let i = 0; i < counts.tp.length; i++) {
    const tp = counts.tp[i]!;
    if (tp !== previousTp) sum += (tp - previousTp) * (tp / (tp + counts.fp[i]!));
    previousTp = tp;
  }
  return sum / counts.positives;
}
