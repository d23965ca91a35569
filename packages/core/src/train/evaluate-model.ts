import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { cleanDataset } from '../clean/clean-dataset.ts';
import type { CleanFlow } from '../clean/clean-flow.ts';
import { type CleaningReport, CleaningReportBuilder } from '../clean/report.ts';
import { buildFeatureSet, type FeatureSet, verifyFeatureSet } from '../features/feature-set.ts';
import { featurize } from '../features/featurize.ts';
import { type ModelMetadata, readMetadata } from '../model/artifact.ts';
import { ScoringModel } from '../model/scoring-model.ts';
import { evaluateModelOutputs, type ModelEvaluation } from './model-evaluation.ts';

export interface EvaluateOptions {
  modelDir: string;
  paths: string[];
  /**
   * Drop exact duplicates first. Off by default: the stream scores every row it is given, and
   * `evaluate` measures what the stream would do.
   */
  dedupe?: boolean;
  /** Write one JSON line per scored row: recordId, label, attackProbability, predictedClass. */
  scoresPath?: string;
  onRows?: (rows: number) => void;
}

export interface EvaluationRun {
  metadata: ModelMetadata;
  evaluation: ModelEvaluation;
  /** Rows scored without a label: in the scores file, not in the metrics. */
  unlabelledRows: number;
  cleaning: CleaningReport;
}

const BATCH = 4096;

/** The model's feature set, rebuilt from its options and checked against its fingerprint. */
export function featureSetOf(metadata: ModelMetadata): FeatureSet {
  const set = buildFeatureSet(metadata.featureSet.options);
  verifyFeatureSet({ ...metadata.featureSet, options: set.options });
  return set;
}

async function write(stream: WriteStream | null, text: string): Promise<void> {
  if (stream !== null && !stream.write(text)) await once(stream, 'drain');
}

/**
 * `netattack evaluate`: streams labelled files through the same clean, featurise and score code the
 * services run, and measures the model on them.
 */
export async function evaluateModel(options: EvaluateOptions): Promise<EvaluationRun> {
  const metadata = await readMetadata(options.modelDir);
  const model = await ScoringModel.load(options.modelDir);
  const featureSet = featureSetOf(metadata);
  const report = new CleaningReportBuilder();
  const width = featureSet.names.length;
  const values = new Float64Array(BATCH * width);
  const labels: string[] = [];
  const probabilities: number[] = [];
  const predicted: string[] = [];
  const scoresOut = options.scoresPath ? createWriteStream(options.scoresPath) : null;
  let unlabelled = 0;
  let rows = 0;

  const scoreChunk = async (flows: CleanFlow[]): Promise<void> => {
    for (let start = 0; start < flows.length; start += BATCH) {
      const part = flows.slice(start, start + BATCH);
      part.forEach((flow, i) => {
        featurize(flow, featureSet, values, i * width);
      });
      const scores = model.scoreBatch(values, part.length);
      let lines = '';
      part.forEach((flow, i) => {
        const probability = scores.probability[i]!;
        if (flow.label === null) unlabelled++;
        else {
          labels.push(flow.label);
          probabilities.push(probability);
          predicted.push(scores.predictedClass[i]!);
        }
        if (scoresOut !== null) {
          lines += `${JSON.stringify({
            recordId: flow.recordId,
            label: flow.label,
            attackProbability: probability,
            predictedClass: scores.predictedClass[i],
          })}\n`;
        }
      });
      await write(scoresOut, lines);
    }
    rows += flows.length;
    options.onRows?.(rows);
  };

  try {
    for await (const chunk of cleanDataset(options.paths, report, { dedupe: options.dedupe ?? false })) {
      await scoreChunk(chunk);
    }
  } finally {
    if (scoresOut !== null) {
      scoresOut.end();
      await once(scoresOut, 'close');
    }
  }
  return {
    metadata,
    evaluation: evaluateModelOutputs(labels, probabilities, predicted, model.threshold),
    unlabelledRows: unlabelled,
    cleaning: report.build(),
  };
}
