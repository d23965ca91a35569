import { classMetrics } from '../eval/class-metrics.ts';
import { confusionMatrix, encodeLabels } from '../eval/confusion-matrix.ts';
import { evaluateScores, type ScoreEvaluation } from '../eval/evaluate-scores.ts';
import { type LabelOutcome, labelOutcomes } from '../eval/label-outcomes.ts';
import { BENIGN, isBenign } from '../flow/labels.ts';

export interface ClassFigures {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/**
 * What `netattack evaluate --json` prints and the report draws: the binary alert decision, how each
 * original label fared, and the named-class view (Benign or the attack the multiclass forest names).
 */
export interface ModelEvaluation {
  rows: number;
  binary: ScoreEvaluation;
  perLabel: Record<string, LabelOutcome>;
  classes: Record<string, ClassFigures>;
  confusion: { labels: string[]; matrix: number[][] };
  /** Share of rows whose named class equals their label. */
  classAccuracy: number;
}

export function evaluateModelOutputs(
  labels: readonly string[],
  probability: ArrayLike<number>,
  predictedClass: readonly string[],
  threshold: number,
): ModelEvaluation {
  const yTrue = Uint8Array.from(labels, (label) => (isBenign(label) ? 0 : 1));
  const binary = evaluateScores(yTrue, probability, { threshold });
  const flagged = Uint8Array.from(probability as ArrayLike<number>, (p) => (p >= threshold ? 1 : 0));

  const names = [...new Set([...labels, ...predictedClass])].sort((a, b) =>
    a === BENIGN ? -1 : b === BENIGN ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  const truth = encodeLabels(labels, names);
  const predicted = encodeLabels(predictedClass, names);
  const confusion = confusionMatrix(truth.indices, predicted.indices, names);
  const report = classMetrics(confusion);
  const classes: Record<string, ClassFigures> = {};
  for (const m of report.classes) {
    if (m.support === 0 && m.predicted === 0) continue;
    classes[m.name] = { precision: m.precision, recall: m.recall, f1: m.f1, support: m.support };
  }
  return {
    rows: labels.length,
    binary,
    perLabel: labelOutcomes(labels, flagged),
    classes,
    confusion: { labels: confusion.classes, matrix: confusion.matrix },
    classAccuracy: report.accuracy,
  };
}
