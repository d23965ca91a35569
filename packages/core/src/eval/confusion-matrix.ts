/**
 * Multiclass confusion matrix in scikit-learn's orientation: rows are true classes, columns predicted
 * classes, both in the order of `classes`.
 */
import { checkClassIndices, checkSameLength, invalidInput } from './check-inputs.ts';

export interface ConfusionMatrix {
  classes: string[];
  /** matrix[trueClass][predictedClass] = count. */
  matrix: number[][];
}

export function confusionMatrix(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  classes: readonly string[],
): ConfusionMatrix {
  checkSameLength('confusionMatrix', yTrue, yPred);
  const k = classes.length;
  if (k === 0) throw invalidInput('confusionMatrix: no classes given');
  checkClassIndices('confusionMatrix (true classes)', yTrue, k);
  checkClassIndices('confusionMatrix (predicted classes)', yPred, k);
  const cells = new Float64Array(k * k);
  for (let i = 0; i < yTrue.length; i++) cells[yTrue[i]! * k + yPred[i]!]!++;
  const matrix: number[][] = [];
  for (let r = 0; r < k; r++) matrix.push(Array.from(cells.subarray(r * k, (r + 1) * k)));
  return { classes: [...classes], matrix };
}

/**
 * Maps label strings to indices into `classes`. Without `classes`, the distinct labels sorted by name
 * become the classes. A label outside a given class list is an error, never silently dropped.
 */
export function encodeLabels(
  labels: readonly string[],
  classes?: readonly string[],
): { classes: string[]; indices: Int32Array } {
  const order = classes === undefined ? [...new Set(labels)].sort() : [...classes];
  const position = new Map<string, number>();
  order.forEach((name, i) => {
    if (position.has(name)) throw invalidInput(`encodeLabels: class "${name}" is listed twice`);
    position.set(name, i);
  });
  const indices = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const at = position.get(labels[i]!);
    if (at === undefined) {
      throw invalidInput(`encodeLabels: label "${labels[i]}" at index ${i} is not one of the classes`, {
        index: i,
        label: labels[i],
      });
    }
    indices[i] = at;
  }
  return { classes: order, indices };
}
