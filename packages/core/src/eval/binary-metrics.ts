/**
 * Binary (benign = 0, attack = 1) metrics at one decision threshold. A flow is predicted to be an attack
 * when its score is at or over the threshold, the rule the model artifact documents for alerts.
 */
import { checkBinaryLabels, checkFiniteScores, checkSameLength, checkThreshold } from './check-inputs.ts';
import { ratio } from './ratio.ts';

export interface BinaryCounts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface BinaryMetrics extends BinaryCounts {
  rows: number;
  accuracy: number;
  precision: number;
  /** Attack recall (true-positive rate). */
  recall: number;
  f1: number;
  /** Benign false-positive rate: the share of benign flows that raise an alert. */
  fpr: number;
}

export function metricsFromCounts(counts: BinaryCounts): BinaryMetrics {
  const { tp, fp, tn, fn } = counts;
  const rows = tp + fp + tn + fn;
  return {
    tp,
    fp,
    tn,
    fn,
    rows,
    accuracy: ratio(tp + tn, rows),
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    fpr: ratio(fp, fp + tn),
  };
}

/** 1 where the score is at or over the threshold. */
export function predictAtThreshold(scores: ArrayLike<number>, threshold: number): Uint8Array {
  checkThreshold('predictAtThreshold', threshold);
  const predicted = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) predicted[i] = scores[i]! >= threshold ? 1 : 0;
  return predicted;
}

export function countPredictions(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): BinaryCounts {
  checkSameLength('countPredictions', yTrue, yPred);
  checkBinaryLabels('countPredictions (true labels)', yTrue);
  checkBinaryLabels('countPredictions (predictions)', yPred);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (yPred[i] === 1) {
      if (yTrue[i] === 1) tp++;
      else fp++;
    } else if (yTrue[i] === 1) fn++;
    else tn++;
  }
  return { tp, fp, tn, fn };
}

export function binaryMetricsFromPredictions(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
): BinaryMetrics {
  return metricsFromCounts(countPredictions(yTrue, yPred));
}

export function binaryMetrics(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
): BinaryMetrics {
  checkSameLength('binaryMetrics', yTrue, scores);
  checkFiniteScores('binaryMetrics', scores);
  return binaryMetricsFromPredictions(yTrue, predictAtThreshold(scores, threshold));
}
