/**
 * Worker body of ParallelForestScorer: compiles its own FlatForest from the flat arrays (generated kernels
 * cannot cross threads), then scores the row ranges it is sent, reading and writing shared buffers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FlatForest } from './flat-forest.ts';
import type { FlatTrees } from './flatten.ts';

export interface ScoreWorkerData {
  flat: FlatTrees;
  codegen: boolean;
  /** Row-major rows to score, on a SharedArrayBuffer. */
  input: Float64Array;
  /** Scores, row-aligned with `input`, on a SharedArrayBuffer. */
  output: Float64Array;
}

export interface ScoreRequest {
  start: number;
  end: number;
  positiveClass: number;
}

const { flat, codegen, input, output } = workerData as ScoreWorkerData;
const forest = FlatForest.fromFlat(flat, { codegen });
const port = parentPort!;
port.on('message', (request: ScoreRequest) => {
  forest.scoreRange(input, request.start, request.end, request.positiveClass, output);
  port.postMessage('done');
});
port.postMessage('ready');
