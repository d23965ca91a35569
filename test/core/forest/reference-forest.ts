/** ml-random-forest as the reference predictor in the forest tests. */
import { RandomForestClassifier } from 'ml-random-forest';
import type { RandomForestJson } from '../../../packages/core/src/forest/model-json.ts';
import { type RealRows, rowArray } from './real-rows.ts';

/**
 * RandomForestClassifier.load on a JSON model. The package's typings describe the loaded, in-memory model
 * (estimator class instances), not the JSON its load() actually takes, hence the cast.
 */
export function loadReference(model: RandomForestJson | object): RandomForestClassifier {
  return RandomForestClassifier.load(model as Parameters<typeof RandomForestClassifier.load>[0]);
}

/** Rows as ml-random-forest takes them: an array of plain arrays. */
export function matrix(rows: RealRows): number[][] {
  return Array.from({ length: rows.nRows }, (_, r) => rowArray(rows, r));
}
