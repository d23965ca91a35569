/**
 * A tree as the grower produces it: parallel typed arrays indexed by node id, in depth-first preorder
 * (a split node's left child is the next node). Compact enough to post from a worker without copying.
 */
export interface GrownTree {
  nNodes: number;
  nClasses: number;
  /** Split feature, or -1 for a leaf. */
  feature: Int32Array;
  /** Training rows go left when their bin code < splitBin; the raw threshold is thresholds[feature][splitBin - 1]. */
  splitBin: Int32Array;
  /** Child ids, -1 for a leaf. */
  left: Int32Array;
  right: Int32Array;
  /** Distinct training rows that reached the node. */
  samples: Int32Array;
  /** Gini impurity of the node minus the weighted impurity of its children; 0 for a leaf. */
  gain: Float64Array;
  /** nNodes x nClasses weighted class fractions (bootstrap counts x class weights) of the node's rows. */
  fractions: Float64Array;
  /** Per feature, the weighted impurity decrease of this tree's splits on it (not normalised). */
  importance: Float64Array;
  /** Deepest leaf (root = 0). */
  depth: number;
}

/** The typed arrays of a tree, for postMessage's transfer list. */
export function grownTreeBuffers(tree: GrownTree): ArrayBuffer[] {
  return [
    tree.feature,
    tree.splitBin,
    tree.left,
    tree.right,
    tree.samples,
    tree.gain,
    tree.fractions,
    tree.importance,
  ].map((a) => a.buffer as ArrayBuffer);
}
