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
import { FlatForest, ParallelForestScorer, trainForest } from '@netattack/core/model';
import { RandomForestClassifier } from 'ml-random-forest';
import { loadRealRows } from '../../test/core/forest/real-rows.ts';
import { drawRows, realSplit } from './data.ts';
import { machineInfo } from './machine.ts';

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

interface Case {
  what: string;
  rows: number;
  threads: number;
  run: () => Promise<unknown> | unknown;
}

const partitioned = FlatForest.fromModel(model);
const generated = FlatForest.fromModel(model, { partitionMinRows: Number.POSITIVE_INFINITY });
const walking = FlatForest.fromModel(model, { codegen: false, partitionMinRows: Number.POSITIVE_INFINITY });
const scorer = await ParallelForestScorer.start(model, { threads: 2 });
const classes = new Int32Array(nRows);

function inCalls(batch: number, score: (start: number, n: number) => unknown): () => Promise<void> {
  return async () => {
    for (let start = 0; start < nRows; start += batch) await score(start, Math.min(batch, nRows - start));
  };
}

// ml-random-forest is far slower: a smaller sample of the same shuffled rows is enough.
const refRows = Math.min(nRows, 20_000);
const refX = Array.from({ length: refRows }, (_, i) => Array.from(shuffled.subarray(i * nF, (i + 1) * nF)));
const reference = RandomForestClassifier.load(model);

const cases: Case[] = [
  {
    what: 'FlatForest default (partitioned, WebAssembly), shuffled',
    rows: nRows,
    threads: 1,
    run: () => partitioned.scoreBatch(shuffled, nRows, 1, out),
  },
  {
    what: 'FlatForest default, real rows in file order',
    rows: nRows,
    threads: 1,
    run: () => partitioned.scoreBatch(fileOrder, nRows, 1, out),
  },
  {
    what: 'FlatForest generated code row by row, shuffled',
    rows: nRows,
    threads: 1,
    run: () => generated.scoreBatch(shuffled, nRows, 1, out),
  },
  {
    what: 'FlatForest generated code row by row, file order',
    rows: nRows,
    threads: 1,
    run: () => generated.scoreBatch(fileOrder, nRows, 1, out),
  },
  {
    what: 'FlatForest typed-array walk row by row, shuffled',
    rows: nRows,
    threads: 1,
    run: () => walking.scoreBatch(shuffled, nRows, 1, out),
  },
  {
    what: 'FlatForest predictClassBatch, shuffled',
    rows: nRows,
    threads: 1,
    run: () => partitioned.predictClassBatch(shuffled, nRows, classes),
  },
  ...[1000, 100, 10].map((batch) => ({
    what: `FlatForest default, calls of ${batch} shuffled rows`,
    rows: nRows,
    threads: 1,
    run: inCalls(batch, (start, n) =>
      partitioned.scoreBatch(shuffled.subarray(start * nF), n, 1, out.subarray(start, start + n)),
    ),
  })),
  ...[nRows, 8192, 2048].map((batch) => ({
    what: `ParallelForestScorer, calls of ${batch} shuffled rows`,
    rows: nRows,
    threads: 2,
    run: inCalls(batch, (start, n) =>
      scorer.scoreBatch(shuffled.subarray(start * nF), n, 1, out.subarray(start, start + n)),
    ),
  })),
  {
    what: 'ml-random-forest predict, shuffled',
    rows: refRows,
    threads: 1,
    run: () => reference.predict(refX),
  },
  {
    what: 'ml-random-forest predictProbability, shuffled',
    rows: refRows,
    threads: 1,
    run: () => reference.predictProbability(refX, 1),
  },
];

// Other work shares this machine: every case runs once per round, and the best round is reported beside
// the median, the best being the closest to what the code does on an otherwise idle machine.
const rounds = 7;
const times = cases.map(() => [] as number[]);
for (let round = 0; round <= rounds; round++) {
  for (const [i, c] of cases.entries()) {
    const t0 = performance.now();
    await c.run();
    if (round > 0) times[i]!.push(performance.now() - t0);
  }
}
await scorer.close();
const figures = cases.map((c, i) => {
  const sorted = times[i]!.sort((a, b) => a - b);
  const rate = (ms: number): number => Math.round((c.rows / ms) * 1000);
  return {
    what: c.what,
    rows: c.rows,
    threads: c.threads,
    bestRowsPerSecond: rate(sorted[0]!),
    medianRowsPerSecond: rate(sorted[Math.floor(sorted.length / 2)]!),
  };
});
for (const f of figures) {
  console.log(
    `${f.what.padEnd(58)} ${f.threads} thread(s) best ${f.bestRowsPerSecond.toLocaleString('en').padStart(10)}  median ${f.medianRowsPerSecond.toLocaleString('en').padStart(10)} rows/s`,
  );
}

const result = {
  bench: 'forest-predict',
  command: `node --import tsx bench/forest/predict.ts --rows ${nRows} --trees ${nTrees}`,
  machine: machineInfo(),
  model: {
    trees: partitioned.nTrees,
    nodes: partitioned.nNodes,
    meanDepth: trained.stats.meanDepth,
    maxDepth: trained.stats.maxDepth,
    trainedOn: `${train.nRows} real rows (70% stratified split of the 2018 slices)`,
  },
  rows: 'real 2018 rows drawn with replacement (shuffled), or repeated in file order; nothing generated',
  timing: `each case once per round, ${rounds} rounds after a warm-up round; best and median round`,
  figures,
};
mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('../results/forest-predict.json', import.meta.url),
  `${JSON.stringify(result, null, 2)}\n`,
);
console.log('wrote bench/results/forest-predict.json');
