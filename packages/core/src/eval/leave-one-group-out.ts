/**
 * Leave-one-group-out folds (group = source file in our protocol): train on every other group, test on
 * the one left out. It measures how a model does on a capture it has never seen, which a random split
 * over rows of the same captures cannot.
 */
import { invalidInput } from './check-inputs.ts';
import { rowsByClass } from './sampling.ts';

export interface GroupFold {
  group: string;
  /** Ascending row indices. */
  train: Uint32Array;
  test: Uint32Array;
}

/** One fold per distinct group, groups sorted by name. Needs at least two groups. */
export function leaveOneGroupOut(groups: ArrayLike<string>): GroupFold[] {
  const byGroup = rowsByClass(groups);
  if (byGroup.size < 2) {
    throw invalidInput(`leaveOneGroupOut: needs at least two groups, got ${byGroup.size}`);
  }
  const folds: GroupFold[] = [];
  for (const [group, test] of byGroup) {
    const inTest = new Uint8Array(groups.length);
    for (const row of test) inTest[row] = 1;
    const train = new Uint32Array(groups.length - test.length);
    let at = 0;
    for (let i = 0; i < groups.length; i++) if (inTest[i] === 0) train[at++] = i;
    folds.push({ group: String(group), train, test });
  }
  return folds;
}
