import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every *.test.ts under `dir`, as sorted forward-slash paths relative to `root` (Node 20's --test does
 * not expand globs, so the runner lists the files itself).
 */
export function listTestFiles(root: string, dir = 'test'): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(root, relative), { withFileTypes: true })) {
      const path = `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(path);
      } else if (entry.isFile() && entry.name.endsWith('.test.ts')) {
        found.push(path);
      }
    }
  };
  walk(dir);
  return found.sort();
}

/** The files whose path contains at least one filter; all of them when there is no filter. */
export function selectTestFiles(files: readonly string[], filters: readonly string[]): string[] {
  if (filters.length === 0) return [...files];
  return files.filter((file) => filters.some((filter) => file.includes(filter)));
}
