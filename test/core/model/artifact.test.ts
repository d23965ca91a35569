import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  readMetadata,
  readModel,
  type UnversionedMetadata,
  writeModel,
} from '../../../packages/core/src/model/artifact.ts';

const scratch = await mkdtemp(join(tmpdir(), 'netattack-model-'));
after(() => rm(scratch, { recursive: true, force: true }));

function metadata(): UnversionedMetadata {
  return {
    createdAt: '2026-11-24T10:00:00.000Z',
    featureSet: { id: 'test', names: ['a', 'b'], options: {}, fingerprint: 'f1' },
    schemaFingerprints: {},
    threshold: 0.5,
    classes: { binary: ['Benign', 'Attack'], multiclass: ['X', 'Y'] },
    hyperParameters: { nTrees: 2 },
    seed: 7,
    training: {},
    metrics: {},
  };
}

describe('model artifact', () => {
  it('reads back what it wrote, with a version derived from date and content', async () => {
    const dir = join(scratch, 'roundtrip');
    const written = await writeModel(
      dir,
      metadata(),
      { name: 'RFClassifier', n: 1 },
      { name: 'RFClassifier', n: 2 },
    );
    assert.match(written.version, /^20261124-[0-9a-f]{10}$/);
    const read = await readModel(dir);
    assert.deepEqual(read.metadata, written);
    assert.deepEqual(read.binary, { name: 'RFClassifier', n: 1 });
    assert.deepEqual(read.multiclass, { name: 'RFClassifier', n: 2 });
  });

  it('gives another version for other forests and removes the forests of the old one', async () => {
    const dir = join(scratch, 'replace');
    const first = await writeModel(dir, metadata(), { n: 1 }, { n: 1 });
    const second = await writeModel(dir, metadata(), { n: 2 }, { n: 1 });
    assert.notEqual(first.version, second.version);
    const files = (await readdir(dir)).sort();
    assert.deepEqual(files, [second.forests.binary, 'model.json', second.forests.multiclass].sort());
  });

  it('says clearly when a directory holds no model or another format', async () => {
    await assert.rejects(readMetadata(join(scratch, 'missing')), {
      code: 'MODEL_INVALID',
      message: /no model at/,
    });
    const dir = join(scratch, 'other');
    await writeModel(dir, metadata(), {}, {});
    await writeFile(join(dir, 'model.json'), JSON.stringify({ format: 'something-else', formatVersion: 3 }));
    await assert.rejects(readMetadata(dir), {
      code: 'MODEL_INVALID',
      message: /not a netattack-model v1 model/,
    });
  });
});
