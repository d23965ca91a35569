import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cleanFlow } from '../../../packages/core/src/clean/clean-flow.ts';
import { buildFeatureSet } from '../../../packages/core/src/features/feature-set.ts';
import { featurize } from '../../../packages/core/src/features/featurize.ts';
import { readFlowRows } from '../../../packages/core/src/flow/csv-reader.ts';
import { ScoringModel } from '../../../packages/core/src/model/scoring-model.ts';
import { runTraining, type TrainingOutcome } from '../../../packages/core/src/train/training-run.ts';
import { REPO_ROOT } from '../../fixtures/paths.ts';

const FILES = ['label_SQL-Injection.csv', 'label_Brute-Force-XSS.csv'].map((f) =>
  join(REPO_ROOT, 'data/sample/cic2018', f),
);
const scratch = await mkdtemp(join(tmpdir(), 'netattack-train-'));
after(() => rm(scratch, { recursive: true, force: true }));

let outcome: TrainingOutcome;
before(async () => {
  outcome = await runTraining({
    paths: FILES,
    outDir: scratch,
    forest: { nEstimators: 15, seed: 5 },
    seed: 5,
    threshold: 0.5,
    capPerClass: 1_000_000,
    testFraction: 0.3,
    includeDstPort: false,
    derived: 'auto',
    leaveOneFileOut: true,
  });
});

describe('runTraining on two real slices', () => {
  it('evaluates a 70/30 split of the de-duplicated rows and learns the attacks', () => {
    const rows = Object.values(outcome.data.sampling).reduce((sum, s) => sum + s.kept, 0);
    const { randomSplit } = outcome;
    assert.equal(randomSplit.trainRows + randomSplit.testRows, rows);
    assert.ok(Math.abs(randomSplit.testRows / rows - 0.3) < 0.01);
    const binary = randomSplit.evaluation.binary;
    assert.equal(binary.tp + binary.fp + binary.tn + binary.fn, randomSplit.testRows);
    assert.ok(binary.accuracy > 0.9, `accuracy ${binary.accuracy}`);
    assert.ok(binary.rocAuc > 0.9, `ROC-AUC ${binary.rocAuc}`);
  });

  it('leaves each file out once and tests on exactly its rows', () => {
    const folds = outcome.leaveOneFileOut!.folds;
    assert.deepEqual(folds.map((f) => f.file).sort(), [
      'label_Brute-Force-XSS.csv',
      'label_SQL-Injection.csv',
    ]);
    for (const fold of folds) {
      const perLabel = outcome.data.rowsPerFileAndLabel[fold.file]!;
      const fileRows = Object.values(perLabel).reduce((a, b) => a + b, 0);
      assert.equal(fold.testRows, fileRows);
      // The attack of the left-out file was never seen in training: its label is reported as it fared.
      assert.deepEqual(Object.keys(fold.evaluation.perLabel).sort(), Object.keys(perLabel).sort());
    }
  });

  it('records the ablation that chose the derived features, judged on validation rows only', () => {
    const selection = outcome.featureSelection!;
    assert.equal(selection.table[0]!.feature, '(base)');
    assert.deepEqual(
      selection.kept,
      selection.table.filter((row) => row.kept && row.feature !== '(base)').map((row) => row.feature),
    );
    assert.deepEqual(outcome.featureSet.options.derived, selection.kept);
  });

  it('writes a model that loads and scores a real row the way the pipeline featurised it', async () => {
    const metadata = JSON.parse(await readFile(join(scratch, 'model.json'), 'utf8'));
    assert.equal(metadata.version, outcome.metadata.version);
    assert.deepEqual(metadata.featureSet.names, outcome.featureSet.names);
    assert.deepEqual(metadata.classes.multiclass, ['Brute Force -XSS', 'SQL Injection']);
    assert.ok(!metadata.featureSet.names.includes('dstPort'));

    const model = await ScoringModel.load(scratch);
    const set = buildFeatureSet(outcome.featureSet.options);
    let scored = 0;
    let correct = 0;
    for await (const result of readFlowRows([FILES[0]!])) {
      if (!result.ok) continue;
      const flow = cleanFlow(result.record);
      const scores = model.scoreBatch(featurize(flow, set), 1);
      const attack = scores.probability[0]! >= model.threshold;
      if (attack === (flow.label !== 'Benign')) correct++;
      if (attack) assert.notEqual(scores.predictedClass[0], 'Benign');
      scored++;
    }
    assert.equal(scored, 286);
    // The final model saw these rows: it must get nearly all of them right.
    assert.ok(correct / scored > 0.95, `${correct}/${scored}`);

    const evaluation = JSON.parse(await readFile(join(scratch, 'evaluation.json'), 'utf8'));
    assert.equal(evaluation.metadata.version, metadata.version);
  });
});
