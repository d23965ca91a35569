import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPartitionKernel } from '../../../packages/core/src/forest/partition-kernel.ts';
import { sleb, uleb } from '../../../packages/core/src/forest/wasm-binary.ts';
import { CIC2018_DIR, loadRealRows } from './real-rows.ts';

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

describe('partition kernel', () => {
  it('splits real values stably by "value < threshold", NaN last, whatever the start and end', () => {
    const rows = loadRealRows([`${CIC2018_DIR}/label_Brute-Force-XSS.csv`]);
    const f = rows.featureNames.indexOf('Flow Duration');
    const n = rows.nRows;
    const kernel = createPartitionKernel(1024, 3);
    for (let i = 0; i < n; i++) kernel.columns[1 * kernel.capacity + i] = rows.X[i * rows.nFeatures + f]!;
    // A value the cleaner would have rejected, to pin down where NaN goes.
    kernel.columns[1 * kernel.capacity + 5] = Number.NaN;
    const sorted = Array.from(kernel.columns.subarray(kernel.capacity, kernel.capacity + n)).sort(
      (a, b) => a - b,
    );
    const threshold = sorted[Math.floor(n / 3)]!;
    for (const [start, end] of [
      [0, n],
      [17, 400],
      [n - 1, n],
      [3, 3],
    ] as const) {
      const ids = Array.from({ length: n }, (_, i) => (i * 7) % n);
      kernel.rows.set(ids);
      const value = (id: number): number => kernel.columns[kernel.capacity + id]!;
      const segment = ids.slice(start, end);
      const expectedLeft = segment.filter((id) => value(id) < threshold);
      const expectedRight = segment.filter((id) => !(value(id) < threshold));
      const mid = kernel.partition(1, threshold, start, end);
      assert.equal(mid, start + expectedLeft.length);
      assert.deepEqual(Array.from(kernel.rows.subarray(start, end)), [...expectedLeft, ...expectedRight]);
      assert.deepEqual(Array.from(kernel.rows.subarray(0, start)), ids.slice(0, start));
      assert.deepEqual(Array.from(kernel.rows.subarray(end, n)), ids.slice(end));
    }
    assert.ok(n > 500);
  });
});
