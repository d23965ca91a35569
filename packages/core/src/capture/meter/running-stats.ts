/**
 * Running summary statistics held in six slots of a Float64Array, with the update rules of Apache
 * Commons Math's SummaryStatistics, which CICFlowMeter keeps one of per statistic (BasicFlow.java:
 * fwdPktStats, flowIAT, flowActive, ...). Same formulas, so the same doubles come out: the mean is the
 * incremental first moment (not sum / n, which differs in the last bits: CICFlowMeter prints
 * 3.7187499999999996 for 714 / 192), the variance is m2 / (n - 1), the deviation its square root,
 * both 0 for one value. Nothing is kept per value, so a flow's memory does not grow with its packets.
 */

/** Slot offsets inside one statistic. */
const N = 0;
const SUM = 1;
const MEAN = 2;
const M2 = 3;
const MIN = 4;
const MAX = 5;

/** Slots one statistic takes. */
export const STAT_SLOTS = 6;

export function statAdd(s: Float64Array, at: number, value: number): void {
  const n = s[at + N]! + 1;
  s[at + N] = n;
  s[at + SUM] = s[at + SUM]! + value;
  // FirstMoment.increment and SecondMoment.increment, in that order.
  const dev = value - s[at + MEAN]!;
  const nDev = dev / n;
  s[at + MEAN] = s[at + MEAN]! + nDev;
  s[at + M2] = s[at + M2]! + (n - 1) * dev * nDev;
  if (n === 1) {
    s[at + MIN] = value;
    s[at + MAX] = value;
  } else {
    if (value < s[at + MIN]!) s[at + MIN] = value;
    if (value > s[at + MAX]!) s[at + MAX] = value;
  }
}

export function statCount(s: Float64Array, at: number): number {
  return s[at + N]!;
}

export function statSum(s: Float64Array, at: number): number {
  return s[at + SUM]!;
}

/** The following read NaN for no values, as SummaryStatistics does; callers decide what 0 stands for. */
export function statMean(s: Float64Array, at: number): number {
  return s[at + N]! === 0 ? Number.NaN : s[at + MEAN]!;
}

export function statVariance(s: Float64Array, at: number): number {
  const n = s[at + N]!;
  if (n === 0) return Number.NaN;
  return n === 1 ? 0 : s[at + M2]! / (n - 1);
}

export function statStd(s: Float64Array, at: number): number {
  const n = s[at + N]!;
  if (n === 0) return Number.NaN;
  return n === 1 ? 0 : Math.sqrt(s[at + M2]! / (n - 1));
}

export function statMin(s: Float64Array, at: number): number {
  return s[at + N]! === 0 ? Number.NaN : s[at + MIN]!;
}

export function statMax(s: Float64Array, at: number): number {
  return s[at + N]! === 0 ? Number.NaN : s[at + MAX]!;
}
