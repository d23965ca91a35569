/**
 * Division with scikit-learn's `zero_division=0` convention: a ratio whose denominator is zero (precision
 * with no predicted attacks, recall with no attacks, ...) is reported as 0 rather than NaN, so metric
 * objects stay JSON-serialisable and comparable with scikit-learn's defaults.
 */
export function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}
