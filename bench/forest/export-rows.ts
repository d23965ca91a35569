/**
 * Writes the forest benches' rows as CSV so a peer (scikit-learn) trains and scores exactly the same rows:
 * test.csv (the real 30% test split), train-<n>.csv for each size (the real 70% split, GENERATED rows beyond
 * it, see data.ts) and score-<n>.csv (the shuffled real rows predict.ts scores).
 *
 *   node --import tsx bench/forest/export-rows.ts --out <dir> [--sizes 10000,100000,1000000] [--score-rows 400000]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadRealRows } from '../../test/core/forest/real-rows.ts';
import { drawRows, realSplit, resampleWithJitter, writeRowsCsv } from './data.ts';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' },
    sizes: { type: 'string', default: '10000,100000,1000000' },
    'score-rows': { type: 'string', default: '400000' },
  },
});
if (args.out === undefined) throw new Error('--out <dir> is required');
mkdirSync(args.out, { recursive: true });
const { train, test } = realSplit();
await writeRowsCsv(join(args.out, 'test.csv'), test);
for (const size of args.sizes.split(',').map(Number)) {
  // Same seed as train-scale.ts, so these are the rows it trains on.
  await writeRowsCsv(join(args.out, `train-${size}.csv`), resampleWithJitter(train, size, 2018));
}
const all = loadRealRows();
const nScore = Number(args['score-rows']);
// Same seed as predict.ts.
const X = drawRows(all, nScore, 7);
await writeRowsCsv(join(args.out, `score-${nScore}.csv`), {
  ...all,
  nRows: nScore,
  X,
  y: new Int32Array(nScore),
  labels: new Array<string>(nScore).fill(''),
  files: new Array<string>(nScore).fill(''),
});
console.log(`wrote ${args.out}`);
