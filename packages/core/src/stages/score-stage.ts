import { PipelineError } from '../errors.ts';
import type { ScoringModel } from '../model/scoring-model.ts';
import type { Alert, FeatureVector, FlowScore } from '../topology/records.ts';
import { featureSetTag, STREAM_FEATURE_SET } from './features-stage.ts';
import type { StageResult } from './stage-result.ts';

export interface Scored {
  score: FlowScore;
  /** Present when the score is at or over the model's threshold. */
  alert: Alert | null;
}

export interface ScoreStageOptions {
  /** Features named in an alert. */
  topFeatures?: number;
  /** Clock for scoredAt/alertedAt (tests pin it). */
  now?: number;
}

const STREAM_TAG = featureSetTag(STREAM_FEATURE_SET);
const columnMaps = new WeakMap<ScoringModel, Int32Array>();

/** Where each of the model's features sits in the stream's full vector; computed once per model. */
export function modelColumns(model: ScoringModel): Int32Array {
  let columns = columnMaps.get(model);
  if (columns === undefined) {
    const position = new Map(STREAM_FEATURE_SET.names.map((name, i) => [name, i]));
    columns = Int32Array.from(model.featureNames, (name) => {
      const at = position.get(name);
      if (at === undefined) {
        throw new PipelineError(
          'FEATURE_SET_MISMATCH',
          `model ${model.version} needs feature ${name}, which the stream's feature set does not carry`,
        );
      }
      return at;
    });
    columnMaps.set(model, columns);
  }
  return columns;
}

function rejected(code: string, message: string): StageResult<Scored> {
  return { ok: false, code, message, retriable: false };
}

/**
 * The scorer's work on one batch: one score per vector, an alert (with the features that pushed the
 * score most) per score at or over the threshold. The whole batch is scored with one model.
 */
export function scoreStage(
  vectors: readonly FeatureVector[],
  model: ScoringModel,
  options: ScoreStageOptions = {},
): StageResult<Scored>[] {
  const columns = modelColumns(model);
  const width = columns.length;
  const fullWidth = STREAM_FEATURE_SET.names.length;
  const now = options.now ?? Date.now();
  const top = options.topFeatures ?? 5;
  const results = new Array<StageResult<Scored>>(vectors.length);
  const accepted: number[] = [];
  vectors.forEach((vector, i) => {
    if (vector.featureSet !== STREAM_TAG) {
      results[i] = rejected(
        'FEATURE_SET_MISMATCH',
        `${vector.recordId}: vector follows feature set ${vector.featureSet}, this scorer reads ${STREAM_TAG}`,
      );
    } else if (vector.values.length !== fullWidth) {
      results[i] = rejected(
        'FEATURE_SET_MISMATCH',
        `${vector.recordId}: vector has ${vector.values.length} values, the feature set has ${fullWidth}`,
      );
    } else {
      accepted.push(i);
    }
  });

  const rows = new Float64Array(accepted.length * width);
  accepted.forEach((i, r) => {
    const values = vectors[i]!.values;
    for (let c = 0; c < width; c++) rows[r * width + c] = values[columns[c]!]!;
  });
  const scores = model.scoreBatch(rows, accepted.length);

  accepted.forEach((i, r) => {
    const vector = vectors[i]!;
    const probability = scores.probability[r]!;
    const isAlert = probability >= model.threshold;
    const score: FlowScore = {
      recordId: vector.recordId,
      flowKey: vector.flowKey,
      source: vector.source,
      flowTime: vector.flowTime,
      label: vector.label,
      attackProbability: probability,
      predictedClass: scores.predictedClass[r]!,
      alert: isAlert,
      threshold: model.threshold,
      modelVersion: model.version,
      scoredAt: now,
    };
    const alert: Alert | null = isAlert
      ? {
          recordId: vector.recordId,
          flowKey: vector.flowKey,
          source: vector.source,
          flowTime: vector.flowTime,
          srcIp: vector.srcIp,
          dstIp: vector.dstIp,
          dstPort: vector.dstPort,
          protocol: vector.protocol,
          predictedClass: score.predictedClass,
          score: probability,
          threshold: model.threshold,
          topFeatures: model.explain(rows.subarray(r * width, (r + 1) * width), top),
          modelVersion: model.version,
          alertedAt: now,
        }
      : null;
    results[i] = { ok: true, value: { score, alert } };
  });
  return results;
}
