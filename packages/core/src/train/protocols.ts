import { stratifiedSplit } from '../eval/sampling.ts';
import { isBenign } from '../flow/labels.ts';
import type { ForestOptions } from '../forest/options.ts';
import { type BatchScores, ScoringModel } from '../model/scoring-model.ts';
import { type FittedForests, fitForests } from './fit-forests.ts';
import { evaluateModelOutputs, type ModelEvaluation } from './model-evaluation.ts';
import { selectRows } from './training-set.ts';

/** A labelled matrix and the columns of it a protocol uses. */
export interface LabelledRows {
  X: Float64Array;
  width: number;
  labels: readonly string[];
  featureNames: readonly string[];
}

export interface ProtocolOptions {
  forest: ForestOptions;
  threshold: number;
  seed: number;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface SplitResult {
  trainRows: number;
  testRows: number;
  evaluation: ModelEvaluation;
  /** Impurity importance of the binary forest, by feature name. */
  importance: Record<string, number>;
}

export interface FoldResult extends SplitResult {
  /** The file left out and tested on. */
  file: string;
}

export interface SkippedFold {
  file: string;
  reason: string;
}

/** Wraps freshly trained forests in the same scoring code the artifact uses. */
export function scoringModelOf(
  fitted: FittedForests,
  featureNames: readonly string[],
  threshold: number,
  version: string,
): ScoringModel {
  return new ScoringModel({
    version,
    threshold,
    featureNames,
    featureSetFingerprint: 'in-memory',
    binary: fitted.binary.model,
    multiclass: fitted.multiclass?.model ?? null,
    attackClasses: fitted.attackClasses,
  });
}

export function scoreRows(model: ScoringModel, rows: LabelledRows, indices: ArrayLike<number>): BatchScores {
  return model.scoreBatch(selectRows(rows.X, rows.width, indices), indices.length);
}

async function trainAndTest(
  rows: LabelledRows,
  train: ArrayLike<number>,
  test: ArrayLike<number>,
  options: ProtocolOptions,
  stage: string,
): Promise<SplitResult> {
  const fitted = await fitForests(rows.X, rows.width, rows.labels, train, rows.featureNames, {
    forest: options.forest,
    onProgress: (part, done, total) => options.onProgress?.(`${stage} (${part})`, done, total),
  });
  const model = scoringModelOf(fitted, rows.featureNames, options.threshold, stage);
  const scores = scoreRows(model, rows, test);
  const testLabels = Array.from(test, (i) => rows.labels[i]!);
  const importance: Record<string, number> = {};
  rows.featureNames.forEach((name, i) => {
    importance[name] = fitted.binary.importance[i]!;
  });
  return {
    trainRows: train.length,
    testRows: test.length,
    evaluation: evaluateModelOutputs(
      testLabels,
      scores.probability,
      scores.predictedClass,
      options.threshold,
    ),
    importance,
  };
}

/** Stratified random split by label (default 70/30): the optimistic figure, rows of every day on both sides. */
export async function randomSplitProtocol(
  rows: LabelledRows,
  options: ProtocolOptions & { testFraction: number },
): Promise<SplitResult> {
  const split = stratifiedSplit(rows.labels, { testFraction: options.testFraction, seed: options.seed });
  return trainAndTest(rows, split.train, split.test, options, 'random split');
}

/**
 * Leave one file out: train on every other file, test on the one left out. Day files hold different
 * attacks, so this measures what a random split hides: how the model does on traffic of a day (and
 * attacks) it never saw. A fold is skipped, with the reason, when the other files lack either class.
 */
export async function leaveOneFileOutProtocol(
  rows: LabelledRows,
  fileOf: ArrayLike<number>,
  files: readonly string[],
  options: ProtocolOptions,
): Promise<{ folds: FoldResult[]; skipped: SkippedFold[] }> {
  const folds: FoldResult[] = [];
  const skipped: SkippedFold[] = [];
  for (let f = 0; f < files.length; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < fileOf.length; i++) (fileOf[i] === f ? test : train).push(i);
    const file = files[f]!;
    const trainAttacks = train.filter((i) => !isBenign(rows.labels[i]!)).length;
    if (test.length === 0) {
      skipped.push({ file, reason: 'no rows left after cleaning and sampling' });
    } else if (trainAttacks === 0 || trainAttacks === train.length) {
      skipped.push({ file, reason: 'the other files do not hold both benign and attack rows' });
    } else {
      const result = await trainAndTest(rows, train, test, options, `left out ${file}`);
      folds.push({ file, ...result });
    }
  }
  return { folds, skipped };
}
