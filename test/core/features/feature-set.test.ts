import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DERIVED_FEATURE_NAMES } from '../../../packages/core/src/features/derived.ts';
import { buildFeatureSet, verifyFeatureSet } from '../../../packages/core/src/features/feature-set.ts';
import { STAT_COLUMNS } from '../../../packages/core/src/flow/columns.ts';
import { REPO_ROOT } from '../../fixtures/paths.ts';

const IDENTIFIERS = [
  'flowId',
  'srcIp',
  'srcPort',
  'dstIp',
  'timestamp',
  'flowTime',
  'label',
  'recordId',
  'flowKey',
];

describe('buildFeatureSet', () => {
  it('is Protocol and the 76 statistics by default: no identifier, no time, no Dst Port', () => {
    const set = buildFeatureSet();
    assert.equal(set.names.length, 77);
    assert.deepEqual(set.names, ['protocol', ...STAT_COLUMNS.map((c) => c.field)]);
    assert.ok(!set.names.includes('dstPort'));
    for (const id of IDENTIFIERS) assert.ok(!set.names.includes(id), id);
    assert.deepEqual(set.options, { includeDstPort: false, derived: [] });
  });

  it('puts Dst Port in only when asked', () => {
    const set = buildFeatureSet({ includeDstPort: true });
    assert.equal(set.names[0], 'dstPort');
    assert.equal(set.names.length, 78);
    assert.notEqual(set.fingerprint, buildFeatureSet().fingerprint);
  });

  it('appends derived features one by one, in a fixed order, each changing the fingerprint', () => {
    const fingerprints = new Set([buildFeatureSet().fingerprint]);
    for (const name of DERIVED_FEATURE_NAMES) {
      const set = buildFeatureSet({ derived: [name] });
      assert.deepEqual(set.names.slice(77), [name]);
      fingerprints.add(set.fingerprint);
    }
    assert.equal(fingerprints.size, DERIVED_FEATURE_NAMES.length + 1);
    const reversed = buildFeatureSet({ derived: [...DERIVED_FEATURE_NAMES].reverse() });
    assert.deepEqual(reversed.names.slice(77), DERIVED_FEATURE_NAMES);
    assert.equal(reversed.fingerprint, buildFeatureSet({ derived: [...DERIVED_FEATURE_NAMES] }).fingerprint);
  });

  it('has a stable fingerprint that survives a JSON round trip', () => {
    const set = buildFeatureSet({ includeDstPort: true, derived: ['rateNonFinite'] });
    assert.match(set.fingerprint, /^[0-9a-f]{16}$/);
    const read = JSON.parse(JSON.stringify(set));
    verifyFeatureSet(read);
    assert.deepEqual(read, buildFeatureSet({ derived: ['rateNonFinite'], includeDstPort: true }));
  });

  it('refuses unknown derived names and a tampered set', () => {
    assert.throws(() => buildFeatureSet({ derived: ['bytesPerPkt', 'magic'] }), {
      code: 'CONFIG_INVALID',
      message: /magic/,
    });
    const set = buildFeatureSet();
    assert.throws(() => verifyFeatureSet({ ...set, fingerprint: '0000000000000000' }), {
      code: 'FEATURE_SET_MISMATCH',
    });
  });

  it('README.md documents every feature and every exclusion', () => {
    const readme = readFileSync(`${REPO_ROOT}/packages/core/src/features/README.md`, 'utf8');
    const all = buildFeatureSet({ includeDstPort: true, derived: [...DERIVED_FEATURE_NAMES] });
    for (const name of all.names) assert.match(readme, new RegExp(`\\|\\s*\`${name}\`\\s*\\|`), name);
    for (const excluded of ['Flow ID', 'Src IP', 'Src Port', 'Dst IP', 'Timestamp']) {
      assert.match(readme, new RegExp(excluded), excluded);
    }
  });
});
