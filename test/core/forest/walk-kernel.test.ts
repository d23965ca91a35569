import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { FlatForest } from '../../../packages/core/src/forest/flat-forest.ts';
import type { RandomForestJson } from '../../../packages/core/src/forest/model-json.ts';
import { trainForest } from '../../../packages/core/src/forest/train-forest.ts';
import { sleb, uleb } from '../../../packages/core/src/forest/wasm-binary.ts';
import { CIC2018_DIR, loadRealRows, type RealRows } from './real-rows.ts';
import { loadReference, matrix } from './reference-forest.ts';

describe('wasm binary numbers', () => {
  it('encodes LEB128 as the WebAssembly spec examples do', () => {
    assert.deepEqual(uleb(0), [0]);
    assert.deepEqual(uleb(624485), [0xe5, 0x8e, 0x26]);
    assert.deepEqual(sleb(-123456), [0xc0, 0xbb, 0x78]);
    assert.deepEqual(sleb(63), [0x3f]);
    assert.deepEqual(sleb(64), [0xc0, 0x00]);
    assert.deepEqual(sleb(-64), [0x40]);
  });
});

describe('walk kernel (batch path) on values the cleaner should have removed', () => {
  let rows: RealRows;
  let model: RandomForestJson;
  before(async () => {
    rows = loadRealRows([`${CIC2018_DIR}/label_DDOS-attack-LOIC-UDP.csv`]);
    model = (await trainForest(rows.X, rows.y, { nEstimators: 15, seed: 12 })).model;
  });

  it('sends NaN right and compares ±Infinity like ml-cart, on every row', () => {
    // Real rows with every 7th value replaced: NaN, +Infinity or -Infinity in turn.
    const X = rows.X.slice();
    const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (let i = 0, k = 0; i < X.length; i += 7, k++) X[i] = specials[k % 3]!;
    const damaged = { ...rows, X };
    const votes = loadReference(model).predictionValues(matrix(damaged)).to2DArray();
    const batch = FlatForest.fromModel(model, { partitionMinRows: 1 });
    const rowByRow = FlatForest.fromModel(model, { partitionMinRows: Number.POSITIVE_INFINITY });
    const a = batch.scoreBatch(X, rows.nRows, 1, new Float64Array(rows.nRows));
    const b = rowByRow.scoreBatch(X, rows.nRows, 1, new Float64Array(rows.nRows));
    for (const [r, v] of votes.entries()) {
      const share = v.filter((c) => c === 1).length / v.length;
      assert.equal(a[r], share, `row ${r}`);
      assert.equal(b[r], share, `row ${r}`);
    }
    assert.ok(rows.nRows > 4096, 'more rows than one chunk, so chunks follow each other');
  });
});
