/**
 * The scorer alone, in-process, against scikit-learn's batch predict_proba on the same rows, with a
 * forest of the same size (100 trees) trained on the same rows, in the same run.
 *   - scoreStage: what the scorer service does per batch (scores, alerts, explanations), one core;
 *   - the binary forest alone (the score), one core, in 2,000-row batches; with the multiclass forest
 *     naming each flagged row's attack (ScoringModel.scoreBatch); ParallelForestScorer on both cores;
 *   - the peer: RandomForestClassifier(100 trees) predict_proba with n_jobs=1.
 * Rows are the bundled sample's real rows, repeated to reach volume (no values generated).
 *
 *   node --import tsx bench/pipeline/scorer.ts [--rows 300000]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isBenign, readFlowRows } from '@netattack/core/flow';
import { FlatForest, ParallelForestScorer, readModel, ScoringModel } from '@netattack/core/model';
import type { CleanFlow } from '@netattack/core/stages';
import { cleanStage, featuresStage, modelColumns, scoreStage } from '@netattack/core/stages';
import type { FeatureVector } from '@netattack/core/topology';
import { machineInfo } from '../forest/machine.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '300000' } } });
const ROWS = Number(args.rows);
const BATCH = 2000;

/** Milliseconds per run of `fn`: the median of `runs` runs after one warm-up run. */
function medianMs(runs: number, fn: () => void): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const modelDir = join(ROOT, 'models/default');
const model = await ScoringModel.load(modelDir);
const artifact = await readModel(modelDir);

const vectors: FeatureVector[] = [];
const raw = [];
for await (const result of readFlowRows([join(ROOT, 'data/sample/cic2018')]))
  if (result.ok) raw.push(result.record);
const clean = cleanStage(raw)
  .map((r) => (r.ok ? r.value : null))
  .filter((c): c is CleanFlow => c !== null);
for (const r of featuresStage(clean)) if (r.ok) vectors.push(r.value);
const real = vectors.length;
while (vectors.length < ROWS) vectors.push(vectors[vectors.length % real]!);

// The model's own columns, row-major, for the forest-only figures and for the peer.
const columns = modelColumns(model);
const width = columns.length;
const matrix = new Float64Array(ROWS * width);
vectors.forEach((v, r) => {
  for (let c = 0; c < width; c++) matrix[r * width + c] = v.values[columns[c]!]!;
});

const stageMs = medianMs(3, () => {
  for (let i = 0; i < ROWS; i += BATCH) scoreStage(vectors.slice(i, i + BATCH), model, { now: 0 });
});
// The score itself (the binary forest's vote share, what predict_proba computes), in service-size batches.
const binary = FlatForest.fromModel(artifact.binary, { nFeatures: width });
const scores = new Float64Array(ROWS);
const forestMs = medianMs(5, () => {
  for (let i = 0; i < ROWS; i += BATCH) binary.scoreRange(matrix, i, Math.min(ROWS, i + BATCH), 1, scores);
});
// The same plus naming the attack of every flagged row with the multiclass forest.
const modelMs = medianMs(5, () => {
  for (let i = 0; i < ROWS; i += BATCH) {
    const n = Math.min(BATCH, ROWS - i);
    model.scoreBatch(matrix.subarray(i * width, (i + n) * width), n);
  }
});
const parallel = await ParallelForestScorer.start(artifact.binary, { threads: 2 });
const out = new Float64Array(ROWS);
const parallelTimes: number[] = [];
for (let round = 0; round < 6; round++) {
  const t0 = performance.now();
  await parallel.scoreBatch(matrix, ROWS, 1, out);
  if (round > 0) parallelTimes.push(performance.now() - t0);
}
await parallel.close();
parallelTimes.sort((a, b) => a - b);
const parallelMs = parallelTimes[Math.floor(parallelTimes.length / 2)]!;

// The peer: same real rows (each once) to train, the same volume to predict.
const peerDir = join(ROOT, 'bench/.cache/scorer-peer');
mkdirSync(peerDir, { recursive: true });
const header = `${[...model.featureNames, 'y'].join(',')}\n`;
const lines = (from: number, to: number) => {
  let text = header;
  for (let r = from; r < to; r++) {
    const row = Array.from(matrix.subarray(r * width, (r + 1) * width));
    text += `${row.join(',')},${isBenign(vectors[r]!.label ?? 'Benign') ? 0 : 1}\n`;
  }
  return text;
};
writeFileSync(join(peerDir, 'train.csv'), lines(0, real));
writeFileSync(join(peerDir, 'test.csv'), lines(0, real));
const python = join(ROOT, 'bench/.venv/bin/python');
const setup = spawnSync('bash', [join(ROOT, 'bench/peer/setup.sh')], { encoding: 'utf8' });
if (setup.status !== 0) throw new Error(`peer setup failed: ${setup.stderr}`);
const peerRun = spawnSync(
  python,
  [join(ROOT, 'bench/peer/sklearn_forest.py'), peerDir, '--trees', '100', '--predict-rows', String(ROWS)],
  {
    encoding: 'utf8',
  },
);
if (peerRun.status !== 0) throw new Error(`peer failed: ${peerRun.stderr}`);
const peer = JSON.parse(peerRun.stdout.trim().split('\n').at(-1)!);

const perSecond = (ms: number) => Math.round((ROWS / ms) * 1000);
const result = {
  bench: 'scorer',
  command: `node --import tsx bench/pipeline/scorer.ts --rows ${ROWS}`,
  machine: machineInfo(),
  rows: `${ROWS} feature vectors: the ${real} real rows of data/sample/cic2018 repeated (no values generated)`,
  model: { version: model.version, trees: 100, features: width },
  ours: {
    scoreStageOneCore: perSecond(stageMs),
    forestOneCore: perSecond(forestMs),
    forestAndAttackNameOneCore: perSecond(modelMs),
    forestTwoThreads: perSecond(parallelMs),
  },
  peer: {
    what: `scikit-learn ${peer.sklearnVersion} RandomForestClassifier(100 trees) predict_proba, n_jobs=1, same rows`,
    rowsPerSecondOneCore: Math.round(peer.predictRowsPerSecondOneCore),
    meanNodes: peer.meanNodes,
  },
  ratioPerCore: perSecond(forestMs) / peer.predictRowsPerSecondOneCore,
  target: 'scorer alone >= 2x scikit-learn per core (about 540k flows/s here)',
};
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/scorer.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(
  JSON.stringify(result.ours),
  JSON.stringify(result.peer),
  `ratio per core ${result.ratioPerCore.toFixed(2)}`,
);
