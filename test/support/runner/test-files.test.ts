import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { listTestFiles, selectTestFiles } from './test-files.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('test file discovery', () => {
  const files = listTestFiles(root);

  it('lists every *.test.ts under test/, sorted, including this one, and nothing else', () => {
    assert.ok(files.includes('test/support/runner/test-files.test.ts'));
    assert.ok(files.includes('test/deploy/compose.test.ts'));
    assert.ok(files.every((file) => file.startsWith('test/') && file.endsWith('.test.ts')));
    assert.ok(!files.some((file) => file.endsWith('/block-yaml.ts') || file.includes('/fixtures/')));
    assert.deepEqual(files, [...files].sort());
    assert.equal(new Set(files).size, files.length);
  });

  it('selects by directory, by file name, or several filters at once', () => {
    const deploy = selectTestFiles(files, ['test/deploy']);
    assert.ok(deploy.length >= 3);
    assert.ok(deploy.every((file) => file.startsWith('test/deploy/')));
    assert.deepEqual(selectTestFiles(files, ['compose.test']), ['test/deploy/compose.test.ts']);
    const both = selectTestFiles(files, ['compose.test', 'run-args']);
    assert.deepEqual(both, ['test/deploy/compose.test.ts', 'test/support/runner/run-args.test.ts']);
    assert.deepEqual(selectTestFiles(files, ['no-such-test']), []);
    assert.deepEqual(selectTestFiles(files, []), files);
  });
});
