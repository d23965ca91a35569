/**
 * bench/train: our binned trainer against the peers on the same rows and the same split.
 *   - ours: bench/forest/train-scale.ts (100 trees, both cores, time and peak RSS per size);
 *   - scikit-learn RandomForestClassifier (100 trees, defaults, n_jobs=2) on exactly those rows, written to
 *     CSV by bench/forest/export-rows.ts (bench-only virtual environment, bench/peer/setup.sh);
 *   - ml-random-forest's own trainer, for the record, on the sizes it can manage (it is about quadratic).
 * Rows: the real 70% split of the 2018 slices, GENERATED beyond it by resampling with ±1% jitter; the test
 * rows are the real 30% split. Prints a table and writes bench/results/train-against-peers.json.
 *
 *   node --import tsx bench/train/against-peers.ts [--sizes 10000,100000,1000000] [--mlrf-sizes 1000,2000]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RandomForestClassifier } from 'ml-random-forest';
import { realSplit, resampleWithJitter } from '../forest/data.ts';
import { machineInfo } from '../forest/machine.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    'mlrf-sizes': { type: 'string', default: '1000,2000' },
    'mlrf-trees': { type: 'string', default: '10' },
  },
});
const sizes = args.sizes.split(',').map(Number);
const cache = join(ROOT, 'bench/.cache/train-peers');
mkdirSync(cache, { recursive: true });

function run(command: string, argv: string[]): string {
  const result = spawnSync(command, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`${command} ${argv.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

// Ours, then the same rows exported for the peer.
run(process.execPath, [
  '--import',
  'tsx',
  'bench/forest/train-scale.ts',
  '--sizes',
  args.sizes,
  '--trees',
  '100',
]);
const ours = JSON.parse(readFileSync(join(ROOT, 'bench/results/forest-train-scale.json'), 'utf8'));
run(process.execPath, [
  '--import',
  'tsx',
  'bench/forest/export-rows.ts',
  '--out',
  cache,
  '--sizes',
  args.sizes,
  '--score-rows',
  '1000',
]);
run('bash', ['bench/peer/setup.sh']);
const python = join(ROOT, 'bench/.venv/bin/python');
// The peer's figures per size are kept in the cache: a 1M-row fit takes minutes and its rows never change.
const peer = sizes.map((size) => {
  const cached = join(cache, `sklearn-${size}.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8'));
  const out = run(python, [
    'bench/peer/sklearn_forest.py',
    '--train',
    join(cache, `train-${size}.csv`),
    '--test',
    join(cache, 'test.csv'),
    '--trees',
    '100',
    '--jobs',
    '2',
    '--predict-rows',
    '0',
  ]);
  const figures = JSON.parse(out.trim().split('\n').at(-1)!);
  writeFileSync(cached, JSON.stringify(figures));
  return figures;
});

// ml-random-forest's own trainer on small real samples of the same training split.
const { train, test } = realSplit();
const nF = test.nFeatures;
const rowsOf = (X: Float64Array, n: number) =>
  Array.from({ length: n }, (_, r) => Array.from(X.subarray(r * nF, (r + 1) * nF)));
const testRows = rowsOf(test.X, test.nRows);
const mlrf = args['mlrf-sizes']
  .split(',')
  .map(Number)
  .map((size) => {
    const sample = resampleWithJitter(train, size, 2018);
    const forest = new RandomForestClassifier({
      nEstimators: Number(args['mlrf-trees']),
      seed: 42,
      noOOB: true,
    });
    const started = performance.now();
    forest.train(rowsOf(sample.X, size), Array.from(sample.y));
    const seconds = (performance.now() - started) / 1000;
    const predicted = forest.predict(testRows) as number[];
    let correct = 0;
    predicted.forEach((p, i) => {
      if (p === test.y[i]) correct++;
    });
    return { rows: size, trees: Number(args['mlrf-trees']), seconds, testAccuracy: correct / test.nRows };
  });

const table = sizes.map((size, i) => {
  const o = ours.results.find((r: { rows: number }) => r.rows === size);
  return {
    rows: size,
    generatedRows: o.generatedRows,
    ours: { seconds: o.totalSeconds, peakRssMiB: o.peakRssMiB, testAccuracy: o.testAccuracy },
    sklearn: {
      seconds: peer[i].fitSeconds,
      peakRssMiB: Math.round(peer[i].peakRssMb),
      testAccuracy: peer[i].accuracy,
    },
    accuracyGapPoints: (o.testAccuracy - peer[i].accuracy) * 100,
  };
});
const output = {
  bench: 'train-against-peers',
  command: `node --import tsx bench/train/against-peers.ts --sizes ${args.sizes} --mlrf-sizes ${args['mlrf-sizes']}`,
  machine: machineInfo(),
  rows: ours.rows,
  testRows: test.nRows,
  peer: `scikit-learn ${peer[0]?.sklearnVersion} RandomForestClassifier(n_estimators=100, n_jobs=2, defaults otherwise)`,
  targets: { oneMillionRowsSeconds: 300, accuracyWithinPoints: 0.2 },
  table,
  mlRandomForestOwnTrainer: mlrf,
};
writeFileSync(join(ROOT, 'bench/results/train-against-peers.json'), `${JSON.stringify(output, null, 2)}\n`);
for (const row of table) {
  console.log(
    `${String(row.rows).padStart(8)} rows: ours ${row.ours.seconds.toFixed(1)} s, ${row.ours.peakRssMiB} MiB, ${(row.ours.testAccuracy * 100).toFixed(2)}% | ` +
      `scikit-learn ${row.sklearn.seconds.toFixed(1)} s, ${row.sklearn.peakRssMiB} MiB, ${(row.sklearn.testAccuracy * 100).toFixed(2)}%`,
  );
}
for (const row of mlrf) {
  console.log(
    `ml-random-forest own trainer: ${row.rows} rows, ${row.trees} trees: ${row.seconds.toFixed(1)} s, ${(row.testAccuracy * 100).toFixed(2)}%`,
  );
}
