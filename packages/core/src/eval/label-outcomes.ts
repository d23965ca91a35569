/**
 * How each original label fared against the binary alert: the per-label view that shows which attack
 * kinds slip through and which benign sources raise false alarms.
 */
import { checkBinaryLabels, checkSameLength } from './check-inputs.ts';

export interface LabelOutcome {
  support: number;
  flaggedAsAttack: number;
}

/** Keyed by label, largest support first (ties by name) so the JSON reads top-down. */
export function labelOutcomes(
  labels: readonly string[],
  flagged: ArrayLike<number>,
): Record<string, LabelOutcome> {
  checkSameLength('labelOutcomes', labels, flagged);
  checkBinaryLabels('labelOutcomes (flags)', flagged);
  const byLabel = new Map<string, LabelOutcome>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    let outcome = byLabel.get(label);
    if (outcome === undefined) {
      outcome = { support: 0, flaggedAsAttack: 0 };
      byLabel.set(label, outcome);
    }
    outcome.support++;
    outcome.flaggedAsAttack += flagged[i]!;
  }
  const ordered = [...byLabel].sort(
    ([a, x], [b, y]) => y.support - x.support || (a < b ? -1 : a > b ? 1 : 0),
  );
  // fromEntries defines own properties, so a label such as "__proto__" stays an ordinary key.
  return Object.fromEntries(ordered);
}
