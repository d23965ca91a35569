/**
 * Everything the binary side of an evaluation reports, from one sort of the scores: the metrics at the
 * alert threshold, ROC-AUC, average precision, and both curves reduced to a plottable size. The result
 * is plain numbers and arrays, ready for JSON and for the report.
 */
import { type BinaryMetrics, metricsFromCounts } from './binary-metrics.ts';
import { checkThreshold } from './check-inputs.ts';
import { downsampleCurve, pick } from './downsample-curve.ts';
import { averagePrecision, prCurve } from './precision-recall.ts';
import { rocAuc, rocCurve } from './roc.ts';
import { cutIndex, thresholdCounts } from './threshold-counts.ts';

export interface ScoreEvaluationOptions {
  /** Alert threshold on the attack score; default 0.5. */
  threshold?: number;
  /** Upper bound on the points kept per curve; default 400. */
  maxCurvePoints?: number;
}

/** A curve as plain arrays. Threshold +Infinity (the "flag nothing" end) serialises to JSON as null. */
export interface PlotCurve {
  x: number[];
  y: number[];
  thresholds: number[];
}

export interface ScoreEvaluation extends BinaryMetrics {
  threshold: number;
  positives: number;
  negatives: number;
  /** NaN (JSON null) when only one class is present. */
  rocAuc: number;
  /** Average precision. */
  prAuc: number;
  /** x = false-positive rate, y = true-positive rate. */
  roc: PlotCurve;
  /** x = recall, y = precision. */
  pr: PlotCurve;
}

export const DEFAULT_THRESHOLD = 0.5;
export const DEFAULT_MAX_CURVE_POINTS = 400;

export function evaluateScores(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: ScoreEvaluationOptions = {},
): ScoreEvaluation {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const maxPoints = options.maxCurvePoints ?? DEFAULT_MAX_CURVE_POINTS;
  checkThreshold('evaluateScores', threshold);
  const counts = thresholdCounts(yTrue, scores);
  const cut = cutIndex(counts, threshold);
  const tp = cut < 0 ? 0 : counts.tp[cut]!;
  const fp = cut < 0 ? 0 : counts.fp[cut]!;
  const metrics = metricsFromCounts({
    tp,
    fp,
    fn: counts.positives - tp,
    tn: counts.negatives - fp,
  });
  const roc = rocCurve(counts);
  const pr = prCurve(counts);
  const rocKept = downsampleCurve(roc.fpr, roc.tpr, maxPoints);
  const prKept = downsampleCurve(pr.recall, pr.precision, maxPoints);
  return {
    ...metrics,
    threshold,
    positives: counts.positives,
    negatives: counts.negatives,
    rocAuc: rocAuc(counts),
    prAuc: averagePrecision(counts),
    roc: { x: pick(roc.fpr, rocKept), y: pick(roc.tpr, rocKept), thresholds: pick(roc.thresholds, rocKept) },
    pr: {
      x: pick(pr.recall, prKept),
      y: pick(pr.precision, prKept),
      thresholds: pick(pr.thresholds, prKept),
    },
  };
}
