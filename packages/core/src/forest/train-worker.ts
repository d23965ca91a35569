/**
 * Worker body of the trainer: takes tree indexes from a shared counter until none are left and posts each
 * grown tree back (its buffers transferred, not copied). Trees depend only on their index, so which worker
 * takes which tree does not change the forest.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { treeRng } from '../random/seeded-rng.ts';
import { type GrownTree, grownTreeBuffers } from './grown-tree.ts';
import type { TreeParams } from './options.ts';
import { type BinnedTrainingSet, TreeGrower } from './tree-grower.ts';

export interface TrainWorkerData {
  data: BinnedTrainingSet;
  params: TreeParams;
  seed: number;
  nTrees: number;
  /** Int32Array over a SharedArrayBuffer: [next tree index]. */
  nextTree: Int32Array;
}

export interface TreeMessage {
  index: number;
  tree: GrownTree;
}

const { data, params, seed, nTrees, nextTree } = workerData as TrainWorkerData;
const grower = new TreeGrower(data, params);
for (;;) {
  const index = Atomics.add(nextTree, 0, 1);
  if (index >= nTrees) break;
  const tree = grower.grow(treeRng(seed, index));
  const message: TreeMessage = { index, tree };
  parentPort!.postMessage(message, grownTreeBuffers(tree));
}
