import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  coord,
  formatCount,
  formatPercent,
  formatScore,
  formatValue,
} from '../../../packages/core/src/report/format.ts';

describe('report number formatting', () => {
  it('groups counts by thousands without the host locale', () => {
    assert.equal(formatCount(16_233_002), '16,233,002');
    assert.equal(formatCount(999), '999');
    assert.equal(formatCount(-1234.5), '-1,234.5');
    assert.equal(formatCount(0), '0');
  });

  it('prints rates and scores with fixed digits and "n/a" for undefined values', () => {
    assert.equal(formatPercent(0.99534), '99.53%');
    assert.equal(formatPercent(0.0018, 3), '0.180%');
    assert.equal(formatScore(0.998123456), '0.9981');
    assert.equal(formatPercent(null), 'n/a');
    assert.equal(formatScore(Number.NaN), 'n/a');
    assert.equal(formatCount(undefined), 'n/a');
  });

  it('formats any JSON value for a table cell', () => {
    assert.equal(formatValue(100), '100');
    assert.equal(formatValue(0.123456789), '0.123457');
    assert.equal(formatValue(['Benign', 'Attack']), 'Benign, Attack');
    assert.equal(formatValue(true), 'yes');
    assert.equal(formatValue(null), 'n/a');
    assert.equal(formatValue({ a: 1 }), '{"a":1}');
  });

  it('rounds SVG coordinates to two decimals', () => {
    assert.equal(coord(12.3456), '12.35');
    assert.equal(coord(40), '40');
  });
});
