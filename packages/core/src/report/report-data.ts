/**
 * What a report is made of: plain, JSON-serialisable objects. The eval functions produce most of them
 * directly (`evaluateScores`, `confusionMatrix`, `labelOutcomes`); the cleaning report and the data
 * summary are taken in a generic shape and rendered as far as they go, so the report does not depend on
 * the loader's or the cleaner's internals. Numbers read back from JSON may be null where NaN was written
 * (an undefined AUC): every metric field accepts that and renders it as "n/a".
 */

export type MaybeNumber = number | null;

export interface CurvePoints {
  x: readonly number[];
  y: readonly number[];
}

/** The binary side of one evaluation: `ScoreEvaluation` from eval/evaluate-scores.ts fits as is. */
export interface BinarySummary {
  rows: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  accuracy: MaybeNumber;
  precision: MaybeNumber;
  recall: MaybeNumber;
  f1: MaybeNumber;
  fpr: MaybeNumber;
  rocAuc: MaybeNumber;
  prAuc: MaybeNumber;
  threshold?: number;
  /** x = false-positive rate, y = true-positive rate. */
  roc?: CurvePoints;
  /** x = recall, y = precision. */
  pr?: CurvePoints;
}

export interface LabelOutcomeSummary {
  support: number;
  flaggedAsAttack: number;
}

export interface MulticlassSummary {
  classes: readonly string[];
  /** matrix[trueClass][predictedClass]. */
  matrix: readonly (readonly number[])[];
}

/** One protocol's result: the random split, or one left-out file. */
export interface EvaluationSummary {
  name: string;
  binary: BinarySummary;
  perLabel?: Record<string, LabelOutcomeSummary>;
  multiclass?: MulticlassSummary;
}

export interface FeatureImportance {
  names: readonly string[];
  importances: readonly number[];
  /** How the importances were measured, shown under the chart. */
  method?: string;
  /** Bars shown; default 20. */
  topN?: number;
}

/** The cleaning report in its generic shape; any further fields are listed as they come. */
export interface CleaningReportLike {
  rowsIn: number;
  rowsOut: number;
  byReason?: Record<string, unknown>;
  byFile?: Record<string, unknown>;
  byLabel?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface DataSummary {
  /** file -> label -> rows. */
  perFile: Record<string, Record<string, number>>;
  note?: string;
}

export interface ModelSummary {
  version?: string;
  createdAt?: string;
  threshold?: number;
  seed?: number;
  featureNames?: readonly string[];
  hyperParameters?: Record<string, unknown>;
  classes?: { binary?: readonly string[]; multiclass?: readonly string[] };
  /** Anything else worth listing (feature-set id, schema fingerprints, ...). */
  details?: Record<string, unknown>;
}

export interface ReportData {
  title?: string;
  subtitle?: string;
  /** Shown in the header; the renderer never reads the clock, so equal data gives an equal report. */
  generatedAt?: string;
  model?: ModelSummary;
  /** The first one is the headline (e.g. the stratified random split); all are plotted together. */
  evaluations: readonly EvaluationSummary[];
  featureImportance?: FeatureImportance;
  cleaning?: CleaningReportLike;
  dataSummary?: DataSummary;
  /** Short paragraphs shown under the header: provenance, caveats, the dataset citation. */
  notes?: readonly string[];
}
