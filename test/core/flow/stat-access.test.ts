import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STAT_COLUMNS } from '../../../packages/core/src/flow/columns.ts';
import { blankFlowRecord } from '../../../packages/core/src/flow/flow-record.ts';
import { firstNonNumberStat, readStats, writeStats } from '../../../packages/core/src/flow/stat-access.ts';

describe('stat access', () => {
  it('reads and writes every statistic at its STAT_COLUMNS index', () => {
    const record = blankFlowRecord('x:2', { file: 'x', line: 2 });
    STAT_COLUMNS.forEach((c, i) => {
      record[c.field] = 1000 + i;
    });
    const values = new Float64Array(STAT_COLUMNS.length + 3);
    readStats(record, values, 3);
    assert.deepEqual(
      [...values.subarray(3)],
      STAT_COLUMNS.map((_, i) => 1000 + i),
    );

    const copy = blankFlowRecord('x:3', { file: 'x', line: 3 });
    writeStats(values, copy, 3);
    for (const c of STAT_COLUMNS) assert.equal(copy[c.field], record[c.field], c.field);
  });

  it('finds the first statistic that is not a number', () => {
    const record = blankFlowRecord('x:2', { file: 'x', line: 2 });
    assert.equal(firstNonNumberStat(record), -1);
    STAT_COLUMNS.forEach((c, i) => {
      const broken = { ...record, [c.field]: String(i) };
      assert.equal(firstNonNumberStat(broken), i, c.field);
    });
  });
});
