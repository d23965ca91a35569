/**
 * ml-random-forest 2.1.0's JSON model format (RandomForestClassifier.toJSON / .load), as our trainer writes
 * it and FlatForest reads it. Checked against ml-random-forest/src and ml-cart/src: the loaders read only the
 * fields typed here without a "netattack" note, and ignore the rest, so `classFractions` on split nodes and
 * the `netattack` block travel with the model without disturbing ml-random-forest.
 */

/** A leaf: ml-cart predicts the first index of the largest value of distribution[0]. */
export interface LeafNodeJson {
  /** 1 x nClasses class fractions (ml-cart loads it as a Matrix). */
  distribution: number[][];
  /** netattack: distinct training rows that reached the leaf. */
  numberSamples?: number;
}

/** A split: rows with row[splitColumn] < splitValue go left. splitColumn indexes the tree's `indexes` view. */
export interface SplitNodeJson {
  splitColumn: number;
  splitValue: number;
  /** Gini impurity decrease of the split (ml-cart's `gain`). */
  gain?: number;
  /** Distinct training rows that reached the node (ml-cart's `numberSamples`). */
  numberSamples?: number;
  /** netattack: weighted class fractions of the node's training rows, for Saabas-style explanations. */
  classFractions?: number[];
  left: TreeNodeJson;
  right: TreeNodeJson;
}

export type TreeNodeJson = LeafNodeJson | SplitNodeJson;

export interface TreeOptionsJson {
  gainFunction: 'gini';
  splitFunction: 'mean';
  minNumSamples: number;
  /** null stands for unlimited (JSON has no Infinity). */
  maxDepth: number | null;
  gainThreshold: number;
  kind: 'classifier';
}

export interface DecisionTreeJson {
  options: TreeOptionsJson;
  root: TreeNodeJson;
  name: 'DTClassifier';
}

/** How our trainer made the forest; ml-random-forest ignores it. */
export interface TrainerNoteJson {
  trainer: 'netattack-binned-histogram';
  nClasses: number;
  nFeatures: number;
  maxFeaturesPerSplit: number;
  bootstrap: boolean;
  drawsPerTree: number;
  maxDepth: number | null;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  classWeight: number[];
  maxBins: number;
}

export interface RandomForestBaseJson {
  /** Per tree, the input columns its splitColumn indexes into. */
  indexes: number[][];
  n: number;
  replacement: boolean;
  maxFeatures: number;
  nEstimators: number;
  treeOptions: Partial<TreeOptionsJson>;
  isClassifier: true;
  seed: number;
  estimators: DecisionTreeJson[];
  useSampleBagging: boolean;
  maxSamples?: number;
  netattack?: TrainerNoteJson;
}

export interface RandomForestJson {
  name: 'RFClassifier';
  baseModel: RandomForestBaseJson;
}

export function isLeaf(node: TreeNodeJson): node is LeafNodeJson {
  // ml-cart's own test: a node is a leaf exactly when it carries a distribution.
  return (node as LeafNodeJson).distribution !== undefined;
}
