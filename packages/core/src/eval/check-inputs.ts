/**
 * Input checks shared by the metric functions. A metric over misaligned or non-numeric arrays would
 * still produce a plausible-looking number, so every entry point checks before it counts.
 */
import { PipelineError } from '../errors.ts';

function invalid(message: string, details: Record<string, unknown> = {}): PipelineError {
  return new PipelineError('EVAL_INPUT_INVALID', message, { details });
}

export function checkSameLength(what: string, a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) {
    throw invalid(`${what}: arrays differ in length (${a.length} vs ${b.length})`, {
      lengths: [a.length, b.length],
    });
  }
}

/** Binary labels must be exactly 0 (benign) or 1 (attack). */
export function checkBinaryLabels(what: string, yTrue: ArrayLike<number>): void {
  for (let i = 0; i < yTrue.length; i++) {
    const v = yTrue[i];
    if (v !== 0 && v !== 1) {
      throw invalid(`${what}: label at index ${i} is ${String(v)}, expected 0 or 1`, { index: i, value: v });
    }
  }
}

/** Scores are compared and sorted; NaN would sort arbitrarily and Infinity has no place on a curve. */
export function checkFiniteScores(what: string, scores: ArrayLike<number>): void {
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]!;
    if (!Number.isFinite(v)) {
      throw invalid(`${what}: score at index ${i} is ${String(v)}, expected a finite number`, {
        index: i,
        value: String(v),
      });
    }
  }
}

export function checkClassIndices(what: string, classes: ArrayLike<number>, classCount: number): void {
  for (let i = 0; i < classes.length; i++) {
    const v = classes[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= classCount) {
      throw invalid(
        `${what}: class index at ${i} is ${String(v)}, expected an integer in [0, ${classCount})`,
        {
          index: i,
          value: v,
        },
      );
    }
  }
}

export function checkThreshold(what: string, threshold: number): void {
  if (Number.isNaN(threshold)) throw invalid(`${what}: threshold is NaN`);
}

export function invalidInput(message: string, details?: Record<string, unknown>): PipelineError {
  return invalid(message, details);
}
