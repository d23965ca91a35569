/**
 * Report data built from real rows: the scikit-learn reference fixture (real CSE-CIC-IDS2018 rows scored
 * by small reference models) run through our eval functions, and the data summary and cleaning facts
 * counted from the 2018 slices themselves (data/sample/cic2018). Only the model metadata (version,
 * hyper-parameters) is made up, since no trained model of ours exists for these rows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { predictAtThreshold } from '../../../packages/core/src/eval/binary-metrics.ts';
import { confusionMatrix, encodeLabels } from '../../../packages/core/src/eval/confusion-matrix.ts';
import { evaluateScores } from '../../../packages/core/src/eval/evaluate-scores.ts';
import { labelOutcomes } from '../../../packages/core/src/eval/label-outcomes.ts';
import type {
  CleaningReportLike,
  DataSummary,
  EvaluationSummary,
  ReportData,
} from '../../../packages/core/src/report/report-data.ts';
import { CIC2018_DIR } from '../eval/real-columns.ts';
import { reference } from '../eval/sklearn-reference.ts';

function evaluation(name: string, rows: number[], scores: readonly number[]): EvaluationSummary {
  const yTrue = rows.map((i) => reference.yTrue[i]!);
  const s = rows.map((i) => scores[i]!);
  const labels = rows.map((i) => reference.labels[i]!);
  return {
    name,
    binary: evaluateScores(yTrue, s, { threshold: 0.5 }),
    perLabel: labelOutcomes(labels, predictAtThreshold(s, 0.5)),
  };
}

export function realEvaluations(): EvaluationSummary[] {
  const all = reference.labels.map((_, i) => i);
  const forest = reference.binary.forestProbability.scores;
  const { classes } = reference.multiclass;
  const headline: EvaluationSummary = {
    ...evaluation('Stratified 50/50 split', all, forest),
    multiclass: confusionMatrix(
      encodeLabels(reference.labels, classes).indices,
      encodeLabels(reference.multiclass.predicted, classes).indices,
      classes,
    ),
  };
  const perFile = [...new Set(reference.files)].sort().map((file) =>
    evaluation(
      `Test rows of ${file}`,
      all.filter((i) => reference.files[i] === file),
      forest,
    ),
  );
  return [headline, ...perFile];
}

interface FileFacts {
  rowsIn: number;
  duplicates: number;
  nonFinite: number;
  negativeDuration: number;
  noWindow: number;
  labels: Record<string, number>;
}

/** Counts, per real slice, the conditions a cleaner reports on. */
function fileFacts(path: string): FileFacts {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const header = lines[0]!.split(',').map((h) => h.trim());
  const labelAt = header.indexOf('Label');
  const durationAt = header.indexOf('Flow Duration');
  const windowAt = header.indexOf('Init Fwd Win Byts');
  const seen = new Set<string>();
  const facts: FileFacts = {
    rowsIn: 0,
    duplicates: 0,
    nonFinite: 0,
    negativeDuration: 0,
    noWindow: 0,
    labels: {},
  };
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    facts.rowsIn++;
    const cells = line.split(',');
    const label = cells[labelAt]!.trim();
    facts.labels[label] = (facts.labels[label] ?? 0) + 1;
    if (seen.has(line)) facts.duplicates++;
    seen.add(line);
    if (cells.some((cell) => /^(-?inf(inity)?|nan)$/i.test(cell.trim()))) facts.nonFinite++;
    if (Number(cells[durationAt]) < 0) facts.negativeDuration++;
    if (Number(cells[windowAt]) === -1) facts.noWindow++;
  }
  return facts;
}

export function realDataFacts(): { summary: DataSummary; cleaning: CleaningReportLike } {
  const files = readdirSync(CIC2018_DIR)
    .filter((name) => name.endsWith('.csv'))
    .sort();
  const perFile: Record<string, Record<string, number>> = {};
  const byFile: Record<string, unknown> = {};
  const byLabel: Record<string, number> = {};
  const totals = { rowsIn: 0, duplicates: 0, nonFinite: 0, negativeDuration: 0, noWindow: 0 };
  for (const file of files) {
    const facts = fileFacts(join(CIC2018_DIR, file));
    perFile[file] = facts.labels;
    const dropped = facts.duplicates + facts.nonFinite;
    byFile[file] = {
      rowsIn: facts.rowsIn,
      rowsOut: facts.rowsIn - dropped,
      byReason: { DUPLICATE: facts.duplicates, NON_FINITE: facts.nonFinite, NO_WINDOW: facts.noWindow },
    };
    for (const [label, n] of Object.entries(facts.labels)) byLabel[label] = (byLabel[label] ?? 0) + n;
    totals.rowsIn += facts.rowsIn;
    totals.duplicates += facts.duplicates;
    totals.nonFinite += facts.nonFinite;
    totals.negativeDuration += facts.negativeDuration;
    totals.noWindow += facts.noWindow;
  }
  return {
    summary: { perFile, note: 'Rows of the shared CSE-CIC-IDS2018 slices, counted from the files.' },
    cleaning: {
      rowsIn: totals.rowsIn,
      rowsOut: totals.rowsIn - totals.duplicates - totals.nonFinite,
      byReason: {
        DUPLICATE: totals.duplicates,
        NON_FINITE: totals.nonFinite,
        NEGATIVE_DURATION: totals.negativeDuration,
        NO_WINDOW: totals.noWindow,
      },
      byFile,
      byLabel,
      policies: 'DUPLICATE and NON_FINITE rows dropped; NEGATIVE_DURATION clipped; NO_WINDOW flagged',
    },
  };
}

export function realisticReportData(): ReportData {
  const { summary, cleaning } = realDataFacts();
  return {
    title: 'Network attack detection: model report',
    subtitle: 'Test data: real CSE-CIC-IDS2018 rows scored by the scikit-learn reference models',
    generatedAt: '2026-11-24T17:00:00Z',
    evaluations: realEvaluations(),
    featureImportance: {
      names: reference.featureNames,
      importances: reference.forestImportances,
      method: 'Mean decrease in impurity of the reference forest (15 trees, depth 5).',
      topN: 20,
    },
    cleaning,
    dataSummary: summary,
    model: {
      version: '20261124-0123456789',
      createdAt: '2026-11-24T16:59:00Z',
      threshold: 0.5,
      seed: 42,
      featureNames: reference.featureNames,
      hyperParameters: { nEstimators: 15, maxDepth: 5, maxFeatures: 'sqrt', bins: 255, classWeight: null },
      classes: {
        binary: ['Benign', 'Attack'],
        multiclass: reference.multiclass.classes.filter((c) => c !== 'Benign'),
      },
      details: {
        featureSet: 'leak-free-v1',
        schemaFingerprints: { 'flows-clean': 'a1b2c3', 'flow-features': 'd4e5f6' },
      },
    },
    notes: [
      'Dataset: Iman Sharafaldin, Arash Habibi Lashkari, Ali A. Ghorbani, "Toward Generating a New Intrusion Detection Dataset and Intrusion Traffic Characterization", ICISSP 2018; CSE-CIC-IDS2018 by CSE and CIC.',
    ],
  };
}
