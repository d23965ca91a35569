import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linearScale, niceTicks } from '../../../../packages/core/src/report/charts/scale.ts';

describe('chart scales', () => {
  it('maps a domain onto a range, inverted for SVG y', () => {
    const y = linearScale([0, 1], [400, 20]);
    assert.equal(y(0), 400);
    assert.equal(y(1), 20);
    assert.equal(y(0.5), 210);
    assert.equal(linearScale([3, 3], [0, 10])(3), 5, 'an empty domain maps to the middle');
  });

  it('picks round ticks inside the domain', () => {
    assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(niceTicks(0, 0.05, 5), [0, 0.01, 0.02, 0.03, 0.04, 0.05]);
    assert.deepEqual(niceTicks(0.75, 1, 5), [0.75, 0.8, 0.85, 0.9, 0.95, 1]);
    assert.deepEqual(niceTicks(0, 0.0823, 4), [0, 0.02, 0.04, 0.06, 0.08]);
    assert.deepEqual(niceTicks(1, 1), [1]);
  });
});
