/**
 * Scoring speed of the flattened forest against ml-random-forest's own predict, on the same model:
 * 100 trees trained by our trainer on the real 2018 training split. Scored rows are real rows drawn at
 * random with replacement (a shuffled stream: the hardest order for branch prediction) and, for
 * comparison, the real rows in file order. Prints a table and writes bench/results/forest-predict.json.
 *
 *   node --import tsx bench/forest/predict.ts [--rows 400000] [--trees 100]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FlatForest } from '@netattack/core/forest/flat-forest';
import { ParallelForestScorer } from '@netattack/core/forest/parallel-scorer';
import { trainForest } from '@netattack/core/forest/train-forest';
import { RandomForestClassifier } from 'ml-random-forest';
import { loadRealRows } from '../../test/core/forest/real-rows.ts';
import { drawRows, realSplit } from './data.ts';
import { machineInfo, medianMs, medianMsAsync } from './machine.ts';

const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '400000' }, trees: { type: 'string', default: '100' } },
});
const nRows = Number(args.rows);
const nTrees = Number(args.trees);

const { train } = realSplit();
const all = loadRealRows();
console.log(`training ${nTrees} trees on ${train.nRows} real rows ...`);
const trained = await trainForest(train.X, train.y, { nEstimators: nTrees, seed: 2018 });
const model = JSON.parse(JSON.stringify(trained.model));
const nF = all.nFeatures;

const shuffled = drawRows(all, nRows, 7);
const fileOrder = new Float64Array(nRows * nF);
for (let i = 0; i < nRows; i++)
  fileOrder.set(all.X.subarray((i % all.nRows) * nF, ((i % all.nRows) + 1) * nF), i * nF);
const out = new Float64Array(nRows);

interface Figure {
  what: string;
  rows: number;
  threads: number;
  rowsPerSecond: number;
}
const figures: Figure[] = [];
function record(what: string, rows: number, threads: number, ms: number): void {
  const rowsPerSecond = Math.round((rows / ms) * 1000);
  figures.push({ what, rows, threads, rowsPerSecond });
  console.log(
    `${what.padEnd(58)} ${threads} thread(s) ${rowsPerSecond.toLocaleString('en').padStart(12)} rows/s`,
  );
}

const generated = FlatForest.fromModel(model);
const walking = FlatForest.fromModel(model, { codegen: false });
record(
  'FlatForest, generated code, shuffled real rows',
  nRows,
  1,
  medianMs(5, () => generated.scoreBatch(shuffled, nRows, 1, out)),
);
record(
  'FlatForest, generated code, real rows in file order',
  nRows,
  1,
  medianMs(5, () => generated.scoreBatch(fileOrder, nRows, 1, out)),
);
record(
  'FlatForest, typed-array walk, shuffled real rows',
  nRows,
  1,
  medianMs(5, () => walking.scoreBatch(shuffled, nRows, 1, out)),
);
const classes = new Int32Array(nRows);
record(
  'FlatForest predictClassBatch, shuffled real rows',
  nRows,
  1,
  medianMs(5, () => generated.predictClassBatch(shuffled, nRows, classes)),
);

const scorer = await ParallelForestScorer.start(model, { threads: 2 });
for (const batch of [nRows, 8192, 2048]) {
  const ms = await medianMsAsync(5, async () => {
    for (let start = 0; start < nRows; start += batch) {
      const n = Math.min(batch, nRows - start);
      await scorer.scoreBatch(shuffled.subarray(start * nF), n, 1, out.subarray(start, start + n));
    }
  });
  record(`ParallelForestScorer, batches of ${batch} shuffled real rows`, nRows, 2, ms);
}
await scorer.close();

// ml-random-forest is far slower: a smaller sample of the same shuffled rows is enough.
const refRows = Math.min(nRows, 20_000);
const refX = Array.from({ length: refRows }, (_, i) => Array.from(shuffled.subarray(i * nF, (i + 1) * nF)));
const reference = RandomForestClassifier.load(model);
record(
  'ml-random-forest predict, shuffled real rows',
  refRows,
  1,
  medianMs(3, () => reference.predict(refX)),
);
record(
  'ml-random-forest predictProbability, shuffled real rows',
  refRows,
  1,
  medianMs(3, () => reference.predictProbability(refX, 1)),
);

const result = {
  bench: 'forest-predict',
  command: `node --import tsx bench/forest/predict.ts --rows ${nRows} --trees ${nTrees}`,
  machine: machineInfo(),
  model: {
    trees: generated.nTrees,
    nodes: generated.nNodes,
    meanDepth: trained.stats.meanDepth,
    maxDepth: trained.stats.maxDepth,
    trainedOn: `${train.nRows} real rows (70% stratified split of the 2018 slices)`,
  },
  rows: 'real 2018 rows drawn with replacement (shuffled), or repeated in file order; nothing generated',
  figures,
};
mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('../results/forest-predict.json', import.meta.url),
  `${JSON.stringify(result, null, 2)}\n`,
);
console.log('wrote bench/results/forest-predict.json');
