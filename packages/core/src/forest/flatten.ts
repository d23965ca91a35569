/**
 * Compiles ml-random-forest's RFClassifier JSON into flat typed arrays, once: nodes of all trees in
 * depth-first preorder, so a split node's left child is the next node and only the right child is stored.
 */
import { PipelineError } from '../errors.ts';
import { isLeaf, type RandomForestJson, type TreeNodeJson } from './model-json.ts';

export interface FlatTrees {
  nTrees: number;
  nNodes: number;
  nClasses: number;
  /** Width of an input row: the highest input column any tree uses, plus one, unless the model says more. */
  nFeatures: number;
  /** Node id of each tree's root. */
  roots: Int32Array;
  /** Input column a split node tests (the tree's `indexes` already applied), -1 at a leaf. */
  feature: Int32Array;
  threshold: Float64Array;
  /** Split node: id of the right child. Leaf: the class the tree votes for. */
  next: Int32Array;
  /** nNodes x nClasses class fractions, or null when the model does not carry them on split nodes. */
  fractions: Float64Array | null;
}

function invalid(message: string): PipelineError {
  return new PipelineError('MODEL_INVALID', message);
}

/** ml-cart's vote at a leaf: the first index of the largest fraction (ml-matrix maxRowIndex keeps the first). */
export function leafVote(distribution: readonly number[]): number {
  let best = 0;
  for (let c = 1; c < distribution.length; c++) if (distribution[c]! > distribution[best]!) best = c;
  return best;
}

export function flattenForest(model: unknown, nFeaturesHint?: number): FlatTrees {
  const json = model as RandomForestJson;
  if (json === null || typeof json !== 'object' || json.name !== 'RFClassifier') {
    throw invalid(
      `not an ml-random-forest classifier model (name: ${String((json as { name?: unknown })?.name)})`,
    );
  }
  const base = json.baseModel;
  if (!base || !Array.isArray(base.estimators) || !Array.isArray(base.indexes)) {
    throw invalid('model has no baseModel.estimators / baseModel.indexes');
  }
  if (base.estimators.length === 0) throw invalid('model has no trees');
  if (base.indexes.length < base.estimators.length) throw invalid('model has fewer `indexes` than trees');

  // First pass: sizes, class count, whether fractions are present on every split node.
  let nNodes = 0;
  let nClasses = 1;
  let maxColumn = -1;
  let hasFractions = true;
  const countNodes = (node: TreeNodeJson, indexes: number[], where: string): void => {
    if (node === null || typeof node !== 'object') throw invalid(`${where}: node is not an object`);
    nNodes++;
    if (isLeaf(node)) {
      const row = node.distribution[0];
      if (!Array.isArray(row) || row.length === 0 || !row.every((v) => typeof v === 'number')) {
        throw invalid(`${where}: leaf distribution is not a 1 x k array of numbers`);
      }
      nClasses = Math.max(nClasses, row.length);
      return;
    }
    const column = indexes[node.splitColumn];
    if (
      !Number.isInteger(node.splitColumn) ||
      column === undefined ||
      !Number.isInteger(column) ||
      column < 0
    ) {
      throw invalid(`${where}: splitColumn ${node.splitColumn} is not a column of this tree`);
    }
    if (typeof node.splitValue !== 'number') throw invalid(`${where}: splitValue is not a number`);
    if (!node.left || !node.right) throw invalid(`${where}: split node without both children`);
    maxColumn = Math.max(maxColumn, column);
    if (!Array.isArray(node.classFractions)) hasFractions = false;
    countNodes(node.left, indexes, where);
    countNodes(node.right, indexes, where);
  };
  base.estimators.forEach((tree, t) => {
    if (tree?.name !== 'DTClassifier' || !tree.root) throw invalid(`tree ${t} is not a DTClassifier`);
    countNodes(tree.root, base.indexes[t]!, `tree ${t}`);
  });

  const declared = (value: unknown): number =>
    Number.isInteger(value) && (value as number) > 0 ? (value as number) : 0;
  const nFeatures = Math.max(maxColumn + 1, declared(base.netattack?.nFeatures), declared(nFeaturesHint));
  // A class no leaf favours still counts when the trainer recorded how many there were.
  nClasses = Math.max(nClasses, declared(base.netattack?.nClasses));
  const roots = new Int32Array(base.estimators.length);
  const feature = new Int32Array(nNodes);
  const threshold = new Float64Array(nNodes);
  const next = new Int32Array(nNodes);
  const fractions = hasFractions ? new Float64Array(nNodes * nClasses) : null;
  let id = 0;
  const place = (node: TreeNodeJson, indexes: number[]): number => {
    const at = id++;
    if (isLeaf(node)) {
      const distribution = node.distribution[0]!;
      feature[at] = -1;
      next[at] = leafVote(distribution);
      fractions?.set(distribution, at * nClasses);
      return at;
    }
    feature[at] = indexes[node.splitColumn]!;
    threshold[at] = node.splitValue;
    if (fractions) {
      if (node.classFractions!.length > nClasses)
        throw invalid(`classFractions wider than ${nClasses} classes`);
      fractions.set(node.classFractions!, at * nClasses);
    }
    place(node.left, indexes);
    next[at] = place(node.right, indexes);
    return at;
  };
  base.estimators.forEach((tree, t) => {
    roots[t] = place(tree.root, base.indexes[t]!);
  });
  return { nTrees: roots.length, nNodes, nClasses, nFeatures, roots, feature, threshold, next, fractions };
}
