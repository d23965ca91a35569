import { cleanDataset } from '../clean/clean-dataset.ts';
import { type CleaningReport, CleaningReportBuilder } from '../clean/report.ts';
import { PipelineError } from '../errors.ts';
import type { FeatureSet } from '../features/feature-set.ts';
import { featurize } from '../features/featurize.ts';
import { SeededRng } from '../random/seeded-rng.ts';
import { RowReservoir } from './reservoir.ts';

export interface TrainingSetOptions {
  featureSet: FeatureSet;
  /** Most rows kept per label; a label with fewer rows is kept whole. */
  capPerClass: number;
  seed: number;
  /** Drop exact duplicates before sampling (default true): a row in both train and test flatters a split. */
  dedupe?: boolean;
  onRows?: (rowsSoFar: number) => void;
}

/** Labelled feature rows in memory, with where each came from. */
export interface TrainingSet {
  featureNames: string[];
  nFeatures: number;
  /** Row-major nRows x nFeatures. */
  X: Float64Array;
  labels: string[];
  recordIds: string[];
  /** Index into `files` per row. */
  fileOf: Uint16Array;
  files: string[];
  report: CleaningReport;
  /** Per label: rows after cleaning and de-duplication, and rows kept by the cap. */
  sampling: Record<string, { available: number; kept: number }>;
  unlabelledRows: number;
}

/**
 * Streams the files through parse, clean, de-duplicate and featurise, keeping at most `capPerClass`
 * rows of each label (uniformly, seeded), so that any volume of day files trains in bounded memory.
 */
export async function loadTrainingSet(
  paths: readonly string[],
  options: TrainingSetOptions,
): Promise<TrainingSet> {
  const { featureSet } = options;
  const width = featureSet.names.length;
  const report = new CleaningReportBuilder();
  const rng = new SeededRng(options.seed);
  const reservoirs = new Map<string, RowReservoir>();
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  let rows = 0;
  let unlabelled = 0;

  for await (const chunk of cleanDataset(paths, report, { dedupe: options.dedupe ?? true })) {
    for (const flow of chunk) {
      if (flow.label === null) {
        unlabelled++;
        continue;
      }
      let reservoir = reservoirs.get(flow.label);
      if (reservoir === undefined) {
        reservoir = new RowReservoir(width, options.capPerClass, rng.derive(flow.label));
        reservoirs.set(flow.label, reservoir);
      }
      let file = fileIndex.get(flow.source.file);
      if (file === undefined) {
        file = files.length;
        files.push(flow.source.file);
        fileIndex.set(flow.source.file, file);
      }
      reservoir.offer((target, offset) => featurize(flow, featureSet, target, offset), file, flow.recordId);
    }
    rows += chunk.length;
    options.onRows?.(rows);
  }
  if (reservoirs.size === 0) {
    throw new PipelineError(
      'MISSING_VALUE',
      `no labelled rows in ${paths.join(', ')}: training needs a Label column with values`,
    );
  }

  const labelsInOrder = [...reservoirs.keys()].sort();
  const total = labelsInOrder.reduce((sum, label) => sum + reservoirs.get(label)!.size, 0);
  const X = new Float64Array(total * width);
  const fileOf = new Uint16Array(total);
  const recordIds = new Array<string>(total);
  const labels = new Array<string>(total);
  const sampling: TrainingSet['sampling'] = {};
  let at = 0;
  for (const label of labelsInOrder) {
    const reservoir = reservoirs.get(label)!;
    const next = reservoir.drainInto(X, fileOf, recordIds, at);
    labels.fill(label, at, next);
    sampling[label] = { available: reservoir.seen, kept: reservoir.size };
    at = next;
  }
  return {
    featureNames: [...featureSet.names],
    nFeatures: width,
    X,
    labels,
    recordIds,
    fileOf,
    files,
    report: report.build(),
    sampling,
    unlabelledRows: unlabelled,
  };
}

/** The rows at `indices` (ascending or not) as a new row-major matrix. */
export function selectRows(X: Float64Array, width: number, indices: ArrayLike<number>): Float64Array {
  const out = new Float64Array(indices.length * width);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i]!;
    out.set(X.subarray(row * width, (row + 1) * width), i * width);
  }
  return out;
}

/** The columns at `columns`, in that order, of every row. */
export function selectColumns(X: Float64Array, width: number, columns: readonly number[]): Float64Array {
  const nRows = X.length / width;
  const out = new Float64Array(nRows * columns.length);
  for (let r = 0; r < nRows; r++) {
    const from = r * width;
    const to = r * columns.length;
    for (let c = 0; c < columns.length; c++) out[to + c] = X[from + columns[c]!]!;
  }
  return out;
}
