import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { type CleanFlow, cleanFlow } from '../../../packages/core/src/clean/clean-flow.ts';
import { DERIVED_FEATURE_NAMES } from '../../../packages/core/src/features/derived.ts';
import { buildFeatureSet } from '../../../packages/core/src/features/feature-set.ts';
import { featurize } from '../../../packages/core/src/features/featurize.ts';
import { STAT_COLUMNS } from '../../../packages/core/src/flow/columns.ts';
import { detectLayout } from '../../../packages/core/src/flow/layouts.ts';
import { compileRowParser } from '../../../packages/core/src/flow/parse-row.ts';
import { fixture } from '../../fixtures/paths.ts';

function cleanRows(name: string): CleanFlow[] {
  const lines = readFileSync(fixture(name), 'utf8').split('\n');
  const parser = compileRowParser(detectLayout(lines[0]!, name));
  const rows: CleanFlow[] = [];
  lines.forEach((line, i) => {
    if (i === 0 || line.length === 0) return;
    const result = parser.parse(line.replace(/\r$/, ''), i + 1);
    if (result.ok) rows.push(cleanFlow(result.record));
  });
  return rows;
}

const ALL_DERIVED = buildFeatureSet({ includeDstPort: true, derived: [...DERIVED_FEATURE_NAMES] });

describe('featurize', () => {
  it('equals hand-computed values for line 3 of cic2018-79.csv', () => {
    // 80,6,791,3,4,161,488,... Fwd Header Len 72, Bwd Header Len 92, Fwd Act Data Pkts 1, Label Benign
    const flow = cleanRows('cic2018-79.csv')[1]!;
    const values = featurize(flow, ALL_DERIVED);
    const get = (name: string) => values[ALL_DERIVED.names.indexOf(name)];
    assert.equal(get('dstPort'), 80);
    assert.equal(get('protocol'), 6);
    assert.equal(get('flowDuration'), 791);
    assert.equal(get('totFwdPkts'), 3);
    assert.equal(get('totLenBwdPkts'), 488);
    assert.equal(get('fwdPktsPerS'), 3792.6675094816705);
    assert.equal(get('initBwdWinByts'), 149);
    assert.equal(get('bytesPerPkt'), (161 + 488) / 7);
    assert.equal(get('fwdBwdPktRatio'), 3 / 5);
    assert.equal(get('fwdBwdByteRatio'), 161 / 489);
    assert.equal(get('fwdPayloadShare'), 1 / 3);
    assert.equal(get('headerByteShare'), (72 + 92) / (72 + 92 + 161 + 488));
    assert.equal(get('rateNonFinite'), 0);
  });

  it('writes the statistics in the set order, equal to the clean flow', () => {
    const set = buildFeatureSet();
    for (const flow of cleanRows('cic2018-80.csv')) {
      const values = featurize(flow, set);
      assert.equal(values.length, 77);
      assert.equal(values[0], flow.protocol);
      STAT_COLUMNS.forEach((c, i) => {
        assert.equal(values[i + 1], flow[c.field], c.field);
      });
    }
  });

  it('marks a rate replaced by cleaning, and -1 for an identifier the layout lacks', () => {
    const traps = cleanRows('traps.csv');
    const infinite = traps.find((f) => f.recordId === 'traps.csv:3')!;
    const values = featurize(infinite, ALL_DERIVED);
    assert.equal(values[ALL_DERIVED.names.indexOf('rateNonFinite')], 1);
    assert.equal(values[ALL_DERIVED.names.indexOf('flowBytsPerS')], -1);
    const [ml] = cleanRows('cic2017-machinelearningcve.csv');
    assert.equal(ml!.protocol, null);
    assert.equal(featurize(ml!, ALL_DERIVED)[ALL_DERIVED.names.indexOf('protocol')], -1);
  });

  it('fills rows of a caller matrix in place, and every value is finite', () => {
    const rows = [
      ...cleanRows('traps.csv'),
      ...cleanRows('cic2017-machinelearningcve.csv'),
      ...cleanRows('cic2018-84.csv'),
    ];
    const width = ALL_DERIVED.names.length;
    const matrix = new Float64Array(rows.length * width);
    rows.forEach((flow, r) => {
      assert.equal(featurize(flow, ALL_DERIVED, matrix, r * width), matrix);
    });
    assert.ok(matrix.every(Number.isFinite));
    const last = rows.length - 1;
    assert.deepEqual(matrix.subarray(last * width), featurize(rows[last]!, ALL_DERIVED));
    assert.throws(() => featurize(rows[0]!, ALL_DERIVED, matrix, matrix.length - 1), {
      code: 'FEATURE_SET_MISMATCH',
    });
  });
});
