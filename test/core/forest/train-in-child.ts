/**
 * Run as a separate process by train-forest.test.ts (from another cwd, with or without `--import tsx`):
 * trains on one real slice with two workers and prints the SHA-256 of the model JSON.
 */
import { createHash } from 'node:crypto';
import { trainForest } from '../../../packages/core/src/forest/train-forest.ts';
import { CIC2018_DIR, loadRealRows } from './real-rows.ts';

const rows = loadRealRows([`${CIC2018_DIR}/label_SQL-Injection.csv`]);
const { model, stats } = await trainForest(rows.X, rows.y, { nEstimators: 6, threads: 2, seed: 17 });
const digest = createHash('sha256').update(JSON.stringify(model)).digest('hex');
process.stdout.write(`${JSON.stringify({ digest, threads: stats.threads, cwd: process.cwd() })}\n`);
