/**
 * ROC curve and exact ROC-AUC with scikit-learn's semantics: one point per distinct score plus the
 * (0, 0) start at threshold +Infinity; tied scores make one diagonal step, and the area is the trapezoid
 * rule over those points. The area is summed over integer counts, so it is exact up to the final
 * division (every partial sum stays below 2^53 for any realistic row count).
 */
import type { ThresholdCounts } from './threshold-counts.ts';

export interface RocCurve {
  /** Benign false-positive rate, non-decreasing. */
  fpr: Float64Array;
  /** Attack true-positive rate, non-decreasing. */
  tpr: Float64Array;
  /** `thresholds[0]` is +Infinity (nothing flagged); then the distinct scores, highest first. */
  thresholds: Float64Array;
}

/** When a class is absent its rate is undefined: that axis is NaN, as in scikit-learn. */
export function rocCurve(counts: ThresholdCounts): RocCurve {
  const size = counts.thresholds.length + 1;
  const fpr = new Float64Array(size);
  const tpr = new Float64Array(size);
  const thresholds = new Float64Array(size);
  thresholds[0] = Number.POSITIVE_INFINITY;
  const { positives, negatives } = counts;
  fpr[0] = negatives === 0 ? Number.NaN : 0;
  tpr[0] = positives === 0 ? Number.NaN : 0;
  for (let i = 1; i < size; i++) {
    fpr[i] = counts.fp[i - 1]! / negatives;
    tpr[i] = counts.tp[i - 1]! / positives;
    thresholds[i] = counts.thresholds[i - 1]!;
  }
  return { fpr, tpr, thresholds };
}

/** NaN when either class is absent or there are no rows: the area is undefined then. */
export function rocAuc(counts: ThresholdCounts): number {
  const { positives, negatives, tp, fp } = counts;
  if (positives === 0 || negatives === 0) return Number.NaN;
  let twiceArea = 0;
  let previousTp = 0;
  let previousFp = 0;
  for (let i = 0; i < tp.length; i++) {
    twiceArea += (fp[i]! - previousFp) * (tp[i]! + previousTp);
    previousTp = tp[i]!;
    previousFp = fp[i]!;
  }
  return twiceArea / (2 * positives * negatives);
}
