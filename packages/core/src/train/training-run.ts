import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CleaningReport } from '../clean/report.ts';
import { stratifiedSplit } from '../eval/sampling.ts';
import { DERIVED_FEATURE_NAMES } from '../features/derived.ts';
import { buildFeatureSet, type FeatureSet } from '../features/feature-set.ts';
import type { ForestOptions } from '../forest/options.ts';
import { type ModelMetadata, writeModel } from '../model/artifact.ts';
import { fitForests } from './fit-forests.ts';
import {
  type FoldResult,
  type LabelledRows,
  leaveOneFileOutProtocol,
  randomSplitProtocol,
  type SkippedFold,
  type SplitResult,
} from './protocols.ts';
import { schemaFingerprints } from './schema-fingerprints.ts';
import { type FeatureSelection, selectDerivedFeatures } from './select-features.ts';
import { loadTrainingSet, selectColumns, type TrainingSet } from './training-set.ts';

export interface TrainingRunOptions {
  paths: string[];
  outDir: string;
  forest: ForestOptions;
  seed: number;
  threshold: number;
  capPerClass: number;
  testFraction: number;
  includeDstPort: boolean;
  /** 'auto': keep a derived feature only if it lowers validation errors; else an explicit list. */
  derived: 'auto' | string[];
  /** Run the leave-one-file-out protocol (one pair of forests per file). */
  leaveOneFileOut: boolean;
  onProgress?: (stage: string, done: number, total: number) => void;
  onStage?: (message: string) => void;
}

export interface TrainingOutcome {
  metadata: ModelMetadata;
  featureSet: FeatureSet;
  featureSelection: FeatureSelection | null;
  randomSplit: SplitResult;
  leaveOneFileOut: { folds: FoldResult[]; skipped: SkippedFold[] } | null;
  /** Importance of the final binary forest, by feature name. */
  importance: Record<string, number>;
  cleaning: CleaningReport;
  data: {
    files: string[];
    rowsPerFileAndLabel: Record<string, Record<string, number>>;
    sampling: TrainingSet['sampling'];
    unlabelledRows: number;
  };
}

function rowsPerFileAndLabel(set: TrainingSet): Record<string, Record<string, number>> {
  const table: Record<string, Record<string, number>> = {};
  for (let i = 0; i < set.labels.length; i++) {
    const file = set.files[set.fileOf[i]!]!;
    table[file] ??= {};
    table[file][set.labels[i]!] = (table[file][set.labels[i]!] ?? 0) + 1;
  }
  return table;
}

/**
 * `netattack train` end to end: load and clean the files, choose the derived features on validation
 * rows, run both evaluation protocols with the chosen set, train the final forests on every row, and
 * write the versioned model directory with its evaluation.
 */
export async function runTraining(options: TrainingRunOptions): Promise<TrainingOutcome> {
  const stage = options.onStage ?? (() => {});
  const candidates = options.derived === 'auto' ? [...DERIVED_FEATURE_NAMES] : options.derived;
  const superset = buildFeatureSet({ includeDstPort: options.includeDstPort, derived: candidates });
  stage(`loading ${options.paths.join(', ')}`);
  const set = await loadTrainingSet(options.paths, {
    featureSet: superset,
    capPerClass: options.capPerClass,
    seed: options.seed,
    onRows: (rows) => options.onProgress?.('loading rows', rows, 0),
  });
  stage(`${set.labels.length} rows kept for training from ${set.files.length} files`);

  const all: LabelledRows = {
    X: set.X,
    width: set.nFeatures,
    labels: set.labels,
    featureNames: set.featureNames,
  };
  const protocol = {
    forest: options.forest,
    threshold: options.threshold,
    seed: options.seed,
    onProgress: options.onProgress,
  };

  let featureSelection: FeatureSelection | null = null;
  let derived = candidates;
  if (options.derived === 'auto') {
    stage('choosing derived features on validation rows');
    const base = buildFeatureSet({ includeDstPort: options.includeDstPort }).names;
    const split = stratifiedSplit(set.labels, { testFraction: options.testFraction, seed: options.seed });
    featureSelection = await selectDerivedFeatures(all, split.train, base, candidates, protocol);
    derived = featureSelection.kept;
  }
  const featureSet = buildFeatureSet({ includeDstPort: options.includeDstPort, derived });
  const columns = featureSet.names.map((name) => set.featureNames.indexOf(name));
  const rows: LabelledRows = {
    X: selectColumns(set.X, set.nFeatures, columns),
    width: columns.length,
    labels: set.labels,
    featureNames: featureSet.names,
  };

  stage('random stratified split');
  const randomSplit = await randomSplitProtocol(rows, { ...protocol, testFraction: options.testFraction });
  let leaveOneFileOut: TrainingOutcome['leaveOneFileOut'] = null;
  if (options.leaveOneFileOut) {
    stage('leave one file out');
    leaveOneFileOut = await leaveOneFileOutProtocol(rows, set.fileOf, set.files, protocol);
  }

  stage('final forests on every row');
  const everyRow = Uint32Array.from(rows.labels.keys());
  const fitted = await fitForests(rows.X, rows.width, rows.labels, everyRow, featureSet.names, {
    forest: options.forest,
    onProgress: (part, done, total) => options.onProgress?.(`final model (${part})`, done, total),
  });
  const importance: Record<string, number> = {};
  featureSet.names.forEach((name, i) => {
    importance[name] = fitted.binary.importance[i]!;
  });

  const summarise = (result: SplitResult) => ({
    trainRows: result.trainRows,
    testRows: result.testRows,
    accuracy: result.evaluation.binary.accuracy,
    precision: result.evaluation.binary.precision,
    recall: result.evaluation.binary.recall,
    f1: result.evaluation.binary.f1,
    fpr: result.evaluation.binary.fpr,
    rocAuc: result.evaluation.binary.rocAuc,
    prAuc: result.evaluation.binary.prAuc,
  });
  const metadata = await writeModel(
    options.outDir,
    {
      createdAt: new Date().toISOString(),
      featureSet: {
        id: featureSet.id,
        names: featureSet.names,
        options: featureSet.options,
        fingerprint: featureSet.fingerprint,
      },
      schemaFingerprints: await schemaFingerprints(),
      threshold: options.threshold,
      classes: { binary: ['Benign', 'Attack'], multiclass: fitted.attackClasses },
      hyperParameters: { ...options.forest, onProgress: undefined, capPerClass: options.capPerClass },
      seed: options.seed,
      training: {
        files: set.files,
        rows: set.labels.length,
        rowsByLabel: Object.fromEntries(Object.entries(set.sampling).map(([label, s]) => [label, s.kept])),
        sampling: set.sampling,
        unlabelledRows: set.unlabelledRows,
        cleaning: { rowsIn: set.report.rowsIn, rowsOut: set.report.rowsOut, perReason: set.report.perReason },
        binaryForest: fitted.binary.stats,
        multiclassForest: fitted.multiclass?.stats ?? null,
      },
      metrics: {
        randomSplit: { testFraction: options.testFraction, ...summarise(randomSplit) },
        leaveOneFileOut:
          leaveOneFileOut?.folds.map((fold) => ({ file: fold.file, ...summarise(fold) })) ?? null,
      },
    },
    fitted.binary.model,
    fitted.multiclass?.model ?? null,
  );

  const outcome: TrainingOutcome = {
    metadata,
    featureSet,
    featureSelection,
    randomSplit,
    leaveOneFileOut,
    importance,
    cleaning: set.report,
    data: {
      files: set.files,
      rowsPerFileAndLabel: rowsPerFileAndLabel(set),
      sampling: set.sampling,
      unlabelledRows: set.unlabelledRows,
    },
  };
  await mkdir(options.outDir, { recursive: true });
  await writeFile(join(options.outDir, 'evaluation.json'), `${JSON.stringify(outcome, null, 2)}\n`);
  return outcome;
}
