import { averagePrecision } from '../eval/precision-recall.ts';
import { stratifiedSplit } from '../eval/sampling.ts';
import { thresholdCounts } from '../eval/threshold-counts.ts';
import { isBenign } from '../flow/labels.ts';
import { fitForests } from './fit-forests.ts';
import type { LabelledRows, ProtocolOptions } from './protocols.ts';
import { scoreRows, scoringModelOf } from './protocols.ts';
import { selectColumns } from './training-set.ts';

export interface AblationRow {
  /** `(base)` for the base set, else the derived feature added to it. */
  feature: string;
  errors: number;
  falsePositives: number;
  falseNegatives: number;
  prAuc: number;
  kept: boolean;
}

export interface FeatureSelection {
  kept: string[];
  validationRows: number;
  table: AblationRow[];
}

/**
 * Decides which derived features earn their place: each is added alone to the base set and kept only
 * if it lowers the errors on a validation split carved from the training rows, so the test rows of
 * the evaluation protocols never influence the choice.
 */
export async function selectDerivedFeatures(
  rows: LabelledRows,
  trainIndices: ArrayLike<number>,
  baseNames: readonly string[],
  candidates: readonly string[],
  options: ProtocolOptions,
): Promise<FeatureSelection> {
  const trainLabels = Array.from(trainIndices, (i) => rows.labels[i]!);
  const inner = stratifiedSplit(trainLabels, { testFraction: 0.25, seed: options.seed + 1 });
  const fit = Array.from(inner.train, (i) => trainIndices[i]!);
  const validate = Array.from(inner.test, (i) => trainIndices[i]!);
  const column = new Map(rows.featureNames.map((name, i) => [name, i]));

  const measure = async (names: readonly string[], feature: string): Promise<AblationRow> => {
    const columns = names.map((name) => column.get(name)!);
    const view: LabelledRows = {
      X: selectColumns(rows.X, rows.width, columns),
      width: columns.length,
      labels: rows.labels,
      featureNames: names,
    };
    const fitted = await fitForests(view.X, view.width, view.labels, fit, names, {
      forest: options.forest,
      onProgress: (part, done, total) =>
        options.onProgress?.(`feature selection: ${feature} (${part})`, done, total),
    });
    const model = scoringModelOf(fitted, names, options.threshold, `ablation ${feature}`);
    const scores = scoreRows(model, view, validate);
    let fp = 0;
    let fn = 0;
    const positives: number[] = [];
    validate.forEach((row, i) => {
      const attack = !isBenign(view.labels[row]!);
      const flagged = scores.probability[i]! >= options.threshold;
      if (flagged && !attack) fp++;
      if (!flagged && attack) fn++;
      positives.push(attack ? 1 : 0);
    });
    return {
      feature,
      errors: fp + fn,
      falsePositives: fp,
      falseNegatives: fn,
      prAuc: averagePrecision(thresholdCounts(positives, scores.probability)),
      kept: false,
    };
  };

  const base = await measure(baseNames, '(base)');
  base.kept = true;
  const table: AblationRow[] = [base];
  const kept: string[] = [];
  for (const candidate of candidates) {
    const row = await measure([...baseNames, candidate], candidate);
    row.kept = row.errors < base.errors;
    if (row.kept) kept.push(candidate);
    table.push(row);
  }
  return { kept, validationRows: validate.length, table };
}
