import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { downsampleCurve, pick } from '../../../packages/core/src/eval/downsample-curve.ts';
import { rocAuc, rocCurve } from '../../../packages/core/src/eval/roc.ts';
import { thresholdCounts } from '../../../packages/core/src/eval/threshold-counts.ts';
import { attackFlags, readRealColumns } from './real-columns.ts';
import { assertClose } from './sklearn-reference.ts';

function trapezoid(x: number[], y: number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2;
  return area;
}

const real = readRealColumns(['Flow IAT Mean', 'Init Fwd Win Byts']);
const y = attackFlags(real.labels);

describe('downsampleCurve', () => {
  it('drops only points on straight runs, so the area under a real ROC curve is unchanged', () => {
    for (const [name, scores] of Object.entries(real.columns)) {
      const counts = thresholdCounts(y, scores);
      const curve = rocCurve(counts);
      const kept = downsampleCurve(curve.fpr, curve.tpr, curve.fpr.length);
      assert.ok(kept.length < curve.fpr.length, `${name}: some points are collinear`);
      assertClose(trapezoid(pick(curve.fpr, kept), pick(curve.tpr, kept)), rocAuc(counts), name, 1e-12);
    }
  });

  it('bounds the points of a real 10k-point curve, keeps both ends and the area close', () => {
    const counts = thresholdCounts(y, real.columns['Flow IAT Mean']!);
    const curve = rocCurve(counts);
    assert.ok(curve.fpr.length > 5000);
    for (const maxPoints of [40, 200]) {
      const kept = downsampleCurve(curve.fpr, curve.tpr, maxPoints);
      assert.ok(kept.length <= maxPoints && kept.length >= maxPoints - 1, `${kept.length} for ${maxPoints}`);
      assert.equal(kept[0], 0);
      assert.equal(kept[kept.length - 1], curve.fpr.length - 1);
      for (let i = 1; i < kept.length; i++) assert.ok(kept[i]! > kept[i - 1]!, 'indices ascend');
      const area = trapezoid(pick(curve.fpr, kept), pick(curve.tpr, kept));
      assertClose(area, rocAuc(counts), `area with ${maxPoints} points`, maxPoints === 40 ? 0.01 : 0.002);
    }
  });

  it('keeps the corner of a sharp curve when reducing hard', () => {
    // A near-perfect classifier: straight up to (0.001, 0.99) through many small steps, then across.
    const x: number[] = [];
    const yy: number[] = [];
    for (let i = 0; i <= 1000; i++) {
      x.push((i / 1000) * 0.001 + (i % 2) * 1e-7);
      yy.push((i / 1000) * 0.99);
    }
    for (let i = 1; i <= 1000; i++) {
      x.push(0.001 + (i / 1000) * 0.999);
      yy.push(0.99 + (i / 1000) * 0.01 - (i % 2) * 1e-7);
    }
    const kept = downsampleCurve(x, yy, 10);
    assert.ok(kept.length <= 10);
    const corner = Math.max(...pick(yy, kept).filter((_, i) => pick(x, kept)[i]! <= 0.0011));
    assert.ok(corner > 0.98, `the (0.001, 0.99) corner survives, got ${corner}`);
  });

  it('passes short curves through and rejects a bound under 3', () => {
    assert.deepEqual(Array.from(downsampleCurve([0, 1], [0, 1], 3)), [0, 1]);
    assert.deepEqual(Array.from(downsampleCurve([], [], 3)), []);
    assert.deepEqual(Array.from(downsampleCurve([0, 0.5, 1], [0, 0.5, 1], 3)), [0, 2]);
    assert.throws(() => downsampleCurve([0, 1], [0, 1], 2), /maxPoints/);
  });
});
