/**
 * Bounded-size curves for plotting. A ROC curve over 1M rows has up to 1M points, almost all of them on
 * straight runs (a stretch of benign-only or attack-only scores). Step one drops points that lie on the
 * straight line between their neighbours, which changes nothing visible; if more than `maxPoints` remain,
 * step two keeps, per bucket of consecutive points, the one spanning the largest triangle with the point
 * kept before it and the mean of the next bucket (largest-triangle-three-buckets), so corners survive.
 * The first and last points are always kept. Returns indices, so thresholds can follow their points.
 */
import { checkSameLength, invalidInput } from './check-inputs.ts';

/** Cross products this small relative to the segment lengths are rounding noise, not a bend. */
const COLLINEAR_TOLERANCE = 1e-12;

function collinearFree(x: ArrayLike<number>, y: ArrayLike<number>): number[] {
  const n = x.length;
  if (n <= 2) return Array.from({ length: n }, (_, i) => i);
  const kept: number[] = [0];
  for (let i = 1; i < n - 1; i++) {
    const a = kept[kept.length - 1]!;
    const ax = x[i]! - x[a]!;
    const ay = y[i]! - y[a]!;
    const bx = x[i + 1]! - x[i]!;
    const by = y[i + 1]! - y[i]!;
    const cross = ax * by - ay * bx;
    // Squared lengths instead of Math.hypot: this loop runs once per point of a 1M-point curve.
    const scaleSquared = (ax * ax + ay * ay) * (bx * bx + by * by);
    // A duplicate point (zero-length segment) is redundant too; NaN coordinates are kept as they come.
    const redundant =
      scaleSquared === 0
        ? ax === 0 && ay === 0
        : cross * cross <= COLLINEAR_TOLERANCE * COLLINEAR_TOLERANCE * scaleSquared;
    const sameDirection = ax * bx + ay * by >= 0;
    if (!(redundant && sameDirection)) kept.push(i);
  }
  kept.push(n - 1);
  return kept;
}

function largestTriangles(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  points: number[],
  maxPoints: number,
): number[] {
  const n = points.length;
  const bucketSize = (n - 2) / (maxPoints - 2);
  const kept: number[] = [points[0]!];
  let previous = points[0]!;
  for (let b = 0; b < maxPoints - 2; b++) {
    const start = 1 + Math.floor(b * bucketSize);
    const end = Math.min(1 + Math.floor((b + 1) * bucketSize), n - 1);
    const nextStart = end;
    const nextEnd = Math.min(1 + Math.floor((b + 2) * bucketSize), n - 1);
    let meanX = 0;
    let meanY = 0;
    if (nextEnd > nextStart) {
      for (let j = nextStart; j < nextEnd; j++) {
        meanX += x[points[j]!]!;
        meanY += y[points[j]!]!;
      }
      meanX /= nextEnd - nextStart;
      meanY /= nextEnd - nextStart;
    } else {
      meanX = x[points[n - 1]!]!;
      meanY = y[points[n - 1]!]!;
    }
    let best = points[start]!;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      const p = points[j]!;
      const area = Math.abs(
        (x[previous]! - meanX) * (y[p]! - y[previous]!) - (x[previous]! - x[p]!) * (meanY - y[previous]!),
      );
      if (area > bestArea) {
        bestArea = area;
        best = p;
      }
    }
    kept.push(best);
    previous = best;
  }
  kept.push(points[n - 1]!);
  return kept;
}

export function downsampleCurve(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number): Uint32Array {
  checkSameLength('downsampleCurve', x, y);
  if (!Number.isInteger(maxPoints) || maxPoints < 3) {
    throw invalidInput(`downsampleCurve: maxPoints must be an integer >= 3, got ${maxPoints}`);
  }
  const points = collinearFree(x, y);
  return Uint32Array.from(points.length <= maxPoints ? points : largestTriangles(x, y, points, maxPoints));
}

/** The values of `values` at `indices`, as a plain array (JSON-friendly). */
export function pick(values: ArrayLike<number>, indices: ArrayLike<number>): number[] {
  const out = new Array<number>(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = values[indices[i]!]!;
  return out;
}
