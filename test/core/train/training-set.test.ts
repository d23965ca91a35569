import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildFeatureSet } from '../../../packages/core/src/features/feature-set.ts';
import { loadTrainingSet, selectColumns, selectRows } from '../../../packages/core/src/train/training-set.ts';
import { REPO_ROOT } from '../../fixtures/paths.ts';

const XSS = join(REPO_ROOT, 'data/sample/cic2018/label_Brute-Force-XSS.csv');
const featureSet = buildFeatureSet();

describe('loadTrainingSet', () => {
  it('keeps every row of a class under its cap, and exactly the cap of a larger one', async () => {
    const whole = await loadTrainingSet([XSS], { featureSet, capPerClass: 1_000_000, seed: 1 });
    const capped = await loadTrainingSet([XSS], { featureSet, capPerClass: 100, seed: 1 });
    // The cleaning report counts rows after de-duplication per label; sampling must agree with it.
    for (const [label, counts] of Object.entries(whole.report.perLabel)) {
      assert.equal(whole.sampling[label]?.available, counts.rowsIn - counts.duplicates);
      assert.equal(whole.sampling[label]?.kept, counts.rowsIn - counts.duplicates);
      assert.equal(capped.sampling[label]?.kept, Math.min(100, counts.rowsIn - counts.duplicates));
    }
    assert.equal(capped.labels.length, capped.X.length / capped.nFeatures);
    assert.equal(capped.labels.filter((l) => l === 'Benign').length, 100);
  });

  it('draws the same sample for the same seed and another for another seed', async () => {
    const a = await loadTrainingSet([XSS], { featureSet, capPerClass: 50, seed: 7 });
    const b = await loadTrainingSet([XSS], { featureSet, capPerClass: 50, seed: 7 });
    const c = await loadTrainingSet([XSS], { featureSet, capPerClass: 50, seed: 8 });
    assert.deepEqual(a.recordIds, b.recordIds);
    assert.deepEqual(a.X, b.X);
    assert.notDeepEqual(a.recordIds, c.recordIds);
  });

  it('holds, for each kept row, the features of the line it names', async () => {
    const set = await loadTrainingSet([XSS], { featureSet, capPerClass: 1_000_000, seed: 1 });
    const row = set.recordIds.indexOf('label_Brute-Force-XSS.csv:2');
    assert.ok(row >= 0, 'line 2 is kept');
    // Line 2 of the file: Dst Port 443, Protocol 6, Flow Duration 117744692, Tot Fwd Pkts 17, Tot Bwd Pkts 18.
    const values = set.X.subarray(row * set.nFeatures, (row + 1) * set.nFeatures);
    assert.equal(values[featureSet.names.indexOf('protocol')], 6);
    assert.equal(values[featureSet.names.indexOf('flowDuration')], 117744692);
    assert.equal(values[featureSet.names.indexOf('totFwdPkts')], 17);
    assert.equal(values[featureSet.names.indexOf('totBwdPkts')], 18);
    assert.equal(set.files[set.fileOf[row]!], 'label_Brute-Force-XSS.csv');
  });

  it('refuses a file without labelled rows', async () => {
    await assert.rejects(
      loadTrainingSet([join(REPO_ROOT, 'test/fixtures/cicflowmeter-v4.csv')], {
        featureSet,
        capPerClass: 10,
        seed: 1,
      }),
      /no labelled rows/,
    );
  });
});

describe('selectRows and selectColumns', () => {
  it('copy the rows and columns asked for, in the order asked', () => {
    const X = Float64Array.from([1, 2, 3, 4, 5, 6]); // 3 rows x 2
    assert.deepEqual(Array.from(selectRows(X, 2, [2, 0])), [5, 6, 1, 2]);
    assert.deepEqual(Array.from(selectColumns(X, 2, [1])), [2, 4, 6]);
  });
});
