/** @netattack/core/model: the versioned model artifact, the flattened forest scorer and the trainer. */

export * from '../forest/flat-forest.ts';
export * from '../forest/parallel-scorer.ts';
export * from '../forest/train-forest.ts';
export * from './artifact.ts';
export * from './model-watcher.ts';
export * from './scoring-model.ts';
