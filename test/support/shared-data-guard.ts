/**
 * The rule that keeps `npm test` passing on a plain clone, where `../shared/data` does not exist: a
 * test file that reads the shared slices, itself or through a helper under test/, skips with
 * `{ skip: SHARED_DATA_MISSING }` (test/fixtures/paths.ts), and nothing but paths.ts spells the
 * folder's path, so every use goes through `sharedData()` / `SHARED_DATA` and is seen here. Tests that
 * only need real rows use the slices the repository ships (data/sample, test/fixtures).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The one module that names the shared folder. */
export const PATHS_MODULE = 'test/fixtures/paths.ts';

/** This rule and its test name the folder in their own text and examples. */
const SELF = ['test/support/shared-data-guard.ts', 'test/support/shared-data-guard.test.ts'];

/** Source without comments, so a comment that mentions ../shared/data is not a use. */
export function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** What in the source reaches the shared folder, or null when nothing does. */
export function sharedDataUse(source: string): string | null {
  const code = stripComments(source);
  if (/\bsharedData\s*\(/.test(code)) return 'calls sharedData()';
  if (/\bSHARED_DATA\b(?!_MISSING)/.test(code)) return 'uses SHARED_DATA';
  const path = spelledSharedPath(code);
  return path === null ? null : `spells the shared folder's path (${path})`;
}

/** A literal path to ../shared or shared/data (a string without spaces), or null. */
export function spelledSharedPath(source: string): string | null {
  const code = stripComments(source);
  const match =
    /['"`][^'"`\s]*(?:\.\.\/shared\b|\bshared\/data\b)[^'"`\s]*['"`]/.exec(code) ??
    /['"`]shared['"`]\s*,\s*['"`]data['"`]/.exec(code);
  return match === null ? null : match[0];
}

/** Whether the file guards its shared-data tests with the skip option. */
export function hasSkipGuard(source: string): boolean {
  return /\bskip\s*:\s*SHARED_DATA_MISSING\b/.test(stripComments(source));
}

/**
 * Local modules a file loads: relative imports, and `.ts` / `.mjs` files it names relative to itself
 * (a script a test runs in a child process), resolved to paths under the repository.
 */
export function localModules(file: string, source: string): string[] {
  const code = stripComments(source);
  const found = new Set<string>();
  const specifiers = [
    ...code.matchAll(/\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/g),
    ...code.matchAll(/\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g),
    ...code.matchAll(/['"`](\.{1,2}\/[^'"`\n]+\.(?:ts|mjs))['"`]/g),
  ].map((m) => m[1]!);
  for (const specifier of specifiers) {
    const path = resolve(dirname(file), specifier);
    if (existsSync(path)) found.add(path);
  }
  return [...found];
}

export interface GuardViolation {
  file: string;
  problem: string;
}

/**
 * Checks every test file (paths relative to `root`) against the rule, following local imports under
 * test/ transitively. Helpers outside test/ (packages) never read the shared folder by themselves.
 */
export function checkSharedDataGuards(root: string, testFiles: readonly string[]): GuardViolation[] {
  const testDir = join(root, 'test');
  const paths = join(root, PATHS_MODULE);
  const sources = new Map<string, string>();
  const read = (path: string) => {
    let source = sources.get(path);
    if (source === undefined) {
      source = readFileSync(path, 'utf8');
      sources.set(path, source);
    }
    return source;
  };
  const violations: GuardViolation[] = [];

  for (const testFile of testFiles) {
    const start = join(root, testFile);
    const uses: string[] = [];
    const seen = new Set<string>();
    const queue = [start];
    while (queue.length > 0) {
      const path = queue.pop()!;
      if (seen.has(path) || path === paths || !path.startsWith(`${testDir}/`)) continue;
      if (SELF.includes(relative(root, path))) continue;
      seen.add(path);
      const source = read(path);
      const use = sharedDataUse(source);
      if (use !== null) uses.push(`${relative(root, path)} ${use}`);
      queue.push(...localModules(path, source));
    }
    if (uses.length > 0 && !hasSkipGuard(read(start))) {
      violations.push({
        file: testFile,
        problem: `reads ../shared/data (${uses.join('; ')}) without { skip: SHARED_DATA_MISSING }`,
      });
    }
  }

  for (const path of sources.keys()) {
    if (path === paths) continue;
    const spelled = spelledSharedPath(read(path));
    if (spelled !== null) {
      violations.push({
        file: relative(root, path),
        problem: `spells the shared folder's path ${spelled}: use sharedData() from ${PATHS_MODULE}`,
      });
    }
  }
  return violations;
}
