import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '../fixtures/paths.ts';
import { listTestFiles } from './runner/test-files.ts';
import {
  checkSharedDataGuards,
  hasSkipGuard,
  PATHS_MODULE,
  sharedDataUse,
  spelledSharedPath,
} from './shared-data-guard.ts';

const scratch = await mkdtemp(join(tmpdir(), 'netattack-guard-'));
after(() => rm(scratch, { recursive: true, force: true }));

async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(scratch, 'repo-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

describe('the shared-data guard', () => {
  it('every test file of the suite that reads ../shared/data skips without it (a plain clone passes)', () => {
    const files = listTestFiles(REPO_ROOT);
    assert.ok(files.length > 50, `${files.length} test files`);
    assert.ok(files.includes('test/support/shared-data-guard.test.ts'), 'the list is the runner’s');
    assert.deepEqual(checkSharedDataGuards(REPO_ROOT, files), []);
  });

  it('sees a use in the file, in a helper it imports, or in a script it runs, and the guard', async () => {
    const paths = `export const SHARED_DATA = '/x'; export const sharedData = (...p: string[]) => p.join('/');`;
    const root = await tree({
      [PATHS_MODULE]: paths,
      'test/a/direct.test.ts': `import { sharedData } from '../fixtures/paths.ts';\nit('x', () => read(sharedData('cic2018')));`,
      'test/a/guarded.test.ts': `import { SHARED_DATA_MISSING, sharedData } from '../fixtures/paths.ts';\nit('x', { skip: SHARED_DATA_MISSING }, () => read(sharedData('cic2018')));`,
      'test/a/helper.ts': `import { sharedData } from '../fixtures/paths.ts';\nexport const rows = () => read(sharedData('cic2017'));`,
      'test/a/via-helper.test.ts': `import { rows } from './helper.ts';\nit('x', () => rows());`,
      'test/a/child.ts': `import { rows } from './helper.ts';\nrows();`,
      'test/a/via-child.test.ts': `const script = new URL('./child.ts', import.meta.url);\nit('x', () => spawn(script));`,
      'test/a/hardcoded.test.ts': `const dir = resolve(here, '../../../../shared/data/cic2018');\nit('x', () => read(dir));`,
      'test/a/fixtures-only.test.ts': `import { fixture } from '../fixtures/paths.ts';\n// reads no ../shared/data at all\nit('x', () => read(fixture('a.csv')));`,
    });
    const files = [
      'test/a/direct.test.ts',
      'test/a/guarded.test.ts',
      'test/a/via-helper.test.ts',
      'test/a/via-child.test.ts',
      'test/a/hardcoded.test.ts',
      'test/a/fixtures-only.test.ts',
    ];
    const violations = checkSharedDataGuards(root, files);
    assert.deepEqual(
      violations.map((v) => v.file),
      [
        'test/a/direct.test.ts',
        'test/a/via-helper.test.ts',
        'test/a/via-child.test.ts',
        'test/a/hardcoded.test.ts',
        'test/a/hardcoded.test.ts',
      ],
    );
    assert.match(violations[1]!.problem, /test\/a\/helper\.ts calls sharedData\(\)/);
    assert.match(
      violations[4]!.problem,
      /spells the shared folder's path '\.\.\/\.\.\/\.\.\/\.\.\/shared\/data\/cic2018'/,
    );
  });

  it('reads the source, not its comments', () => {
    assert.equal(sharedDataUse('/** Rows as ../shared/data/README.md states them */\nconst x = 1;'), null);
    assert.equal(sharedDataUse("if (SHARED_DATA_MISSING) return; // not sharedData('x')"), null);
    assert.equal(sharedDataUse("const p = join(SHARED_DATA, 'cic2018');"), 'uses SHARED_DATA');
    assert.equal(spelledSharedPath("resolve(root, '..', 'shared', 'data')"), "'shared', 'data'");
    assert.equal(spelledSharedPath("fetch('http://host/shared/datasets')"), null);
    assert.ok(hasSkipGuard("describe('x', { skip: SHARED_DATA_MISSING }, () => {})"));
    assert.ok(!hasSkipGuard('// { skip: SHARED_DATA_MISSING }'));
  });
});
