/**
 * The one sort every threshold-sweeping metric shares. Scores of attacks and of benign flows are sorted
 * separately (typed-array numeric sorts, no index comparator) and merged from the top, so 1M rows cost two
 * native sorts and one linear pass. Each distinct score becomes one threshold, which is what makes ties
 * count as a single step (a diagonal segment on the ROC curve), exactly as scikit-learn does.
 */
import { checkBinaryLabels, checkFiniteScores, checkSameLength } from './check-inputs.ts';

export interface ThresholdCounts {
  /** Distinct scores, highest first. */
  thresholds: Float64Array;
  /** Attacks with a score at or over `thresholds[i]`. */
  tp: Float64Array;
  /** Benign flows with a score at or over `thresholds[i]`. */
  fp: Float64Array;
  positives: number;
  negatives: number;
}

export function thresholdCounts(yTrue: ArrayLike<number>, scores: ArrayLike<number>): ThresholdCounts {
  checkSameLength('thresholdCounts', yTrue, scores);
  checkBinaryLabels('thresholdCounts', yTrue);
  checkFiniteScores('thresholdCounts', scores);
  let positives = 0;
  for (let i = 0; i < yTrue.length; i++) positives += yTrue[i]!;
  const negatives = yTrue.length - positives;
  const positiveScores = new Float64Array(positives);
  const negativeScores = new Float64Array(negatives);
  let p = 0;
  let n = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] === 1) positiveScores[p++] = scores[i]!;
    else negativeScores[n++] = scores[i]!;
  }
  positiveScores.sort();
  negativeScores.sort();

  const size = yTrue.length;
  const thresholds = new Float64Array(size);
  const tp = new Float64Array(size);
  const fp = new Float64Array(size);
  let pi = positives - 1;
  let ni = negatives - 1;
  let tpSoFar = 0;
  let fpSoFar = 0;
  let distinct = 0;
  while (pi >= 0 || ni >= 0) {
    const top =
      pi < 0
        ? negativeScores[ni]!
        : ni < 0
          ? positiveScores[pi]!
          : Math.max(positiveScores[pi]!, negativeScores[ni]!);
    while (pi >= 0 && positiveScores[pi] === top) {
      tpSoFar++;
      pi--;
    }
    while (ni >= 0 && negativeScores[ni] === top) {
      fpSoFar++;
      ni--;
    }
    thresholds[distinct] = top;
    tp[distinct] = tpSoFar;
    fp[distinct] = fpSoFar;
    distinct++;
  }
  return {
    thresholds: thresholds.slice(0, distinct),
    tp: tp.slice(0, distinct),
    fp: fp.slice(0, distinct),
    positives,
    negatives,
  };
}

/**
 * Index of the lowest threshold still at or over `threshold` (the predictions of that cut), or -1 when
 * every score is below it and nothing is flagged.
 */
export function cutIndex(counts: ThresholdCounts, threshold: number): number {
  const { thresholds } = counts;
  let lo = 0;
  let hi = thresholds.length;
  // thresholds are descending: find the first index whose threshold falls below the cut.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (thresholds[mid]! >= threshold) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
