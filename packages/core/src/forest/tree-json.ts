/** Turns a grown tree into ml-cart's DTClassifier JSON, with raw-value thresholds in place of bin numbers. */
import type { GrownTree } from './grown-tree.ts';
import type { DecisionTreeJson, TreeNodeJson, TreeOptionsJson } from './model-json.ts';

export function treeToJson(
  tree: GrownTree,
  thresholds: readonly Float64Array[],
  options: TreeOptionsJson,
): DecisionTreeJson {
  const { nClasses, feature, splitBin, left, right, samples, gain, fractions } = tree;
  const fractionsOf = (id: number): number[] =>
    Array.from(fractions.subarray(id * nClasses, (id + 1) * nClasses));
  const build = (id: number): TreeNodeJson => {
    const f = feature[id]!;
    if (f < 0) return { distribution: [fractionsOf(id)], numberSamples: samples[id]! };
    return {
      splitColumn: f,
      // Codes below splitBin hold exactly the training values below this threshold (see binning.ts).
      splitValue: thresholds[f]![splitBin[id]! - 1]!,
      gain: gain[id]!,
      numberSamples: samples[id]!,
      classFractions: fractionsOf(id),
      left: build(left[id]!),
      right: build(right[id]!),
    };
  };
  return { options, root: build(0), name: 'DTClassifier' };
}
