import type { CleaningReport } from '../clean/report.ts';
import { modelSummary } from '../report/model-summary.ts';
import type { CleaningReportLike, EvaluationSummary, ReportData } from '../report/report-data.ts';
import type { EvaluationRun } from './evaluate-model.ts';
import type { ModelEvaluation } from './model-evaluation.ts';
import type { TrainingOutcome } from './training-run.ts';

export const DATASET_CITATION =
  'Data: CSE-CIC-IDS2018 by the Communications Security Establishment and the Canadian Institute for ' +
  'Cybersecurity. Iman Sharafaldin, Arash Habibi Lashkari, Ali A. Ghorbani, "Toward Generating a New ' +
  'Intrusion Detection Dataset and Intrusion Traffic Characterization", ICISSP 2018.';

function summary(name: string, evaluation: ModelEvaluation): EvaluationSummary {
  return {
    name,
    binary: { ...evaluation.binary, rows: evaluation.rows },
    perLabel: evaluation.perLabel,
    multiclass: { classes: evaluation.confusion.labels, matrix: evaluation.confusion.matrix },
  };
}

function cleaningOf(report: CleaningReport): CleaningReportLike {
  return {
    rowsIn: report.rowsIn,
    rowsOut: report.rowsOut,
    byReason: report.perReason,
    byFile: report.perFile,
    byLabel: report.perLabel,
    policies: report.policies,
    labelConflicts: report.labelConflicts,
  };
}

/** The report of a training run: the random split first (the headline), then every left-out file. */
export function trainingReportData(outcome: TrainingOutcome, generatedAt: string): ReportData {
  const evaluations = [summary('Random stratified split', outcome.randomSplit.evaluation)];
  for (const fold of outcome.leaveOneFileOut?.folds ?? []) {
    evaluations.push(summary(`Left out: ${fold.file}`, fold.evaluation));
  }
  const names = Object.keys(outcome.importance);
  const notes = [
    'The random split puts rows of every file on both sides: the optimistic figure. Leave-one-file-out trains ' +
      'on the other files and tests on the one left out: how the model does on a day, and attacks, it never saw.',
    'Features: Protocol and the 76 flow statistics; no timestamp, IP, port or Flow ID. Exact duplicate rows are ' +
      'dropped before any split, so no row is both trained and tested on.',
  ];
  if (outcome.featureSelection !== null) {
    const table = outcome.featureSelection.table
      .map(
        (row) =>
          `${row.feature}: ${row.errors} errors${row.kept && row.feature !== '(base)' ? ' (kept)' : ''}`,
      )
      .join('; ');
    notes.push(
      `Derived features were judged on ${outcome.featureSelection.validationRows} validation rows of the training side: ${table}.`,
    );
  }
  for (const skipped of outcome.leaveOneFileOut?.skipped ?? []) {
    notes.push(`Leave-one-file-out skipped ${skipped.file}: ${skipped.reason}.`);
  }
  notes.push(DATASET_CITATION);
  return {
    title: `Model ${outcome.metadata.version}`,
    subtitle: 'Random forest for network-attack detection, trained and evaluated by netattack train',
    generatedAt,
    model: modelSummary(outcome.metadata),
    evaluations,
    featureImportance: {
      names,
      importances: names.map((name) => outcome.importance[name]!),
      method: 'Mean decrease in Gini impurity over the final binary forest.',
    },
    cleaning: cleaningOf(outcome.cleaning),
    dataSummary: {
      perFile: outcome.data.rowsPerFileAndLabel,
      note: 'Rows kept for training, after cleaning and caps.',
    },
    notes,
  };
}

/** The report of `netattack evaluate` on new data. */
export function evaluationReportData(run: EvaluationRun, name: string, generatedAt: string): ReportData {
  return {
    title: `Model ${run.metadata.version} on ${name}`,
    generatedAt,
    model: modelSummary(run.metadata),
    evaluations: [summary(name, run.evaluation)],
    cleaning: cleaningOf(run.cleaning),
    notes: [DATASET_CITATION],
  };
}
