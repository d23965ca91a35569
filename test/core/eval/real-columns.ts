/**
 * Real CSE-CIC-IDS2018 rows for the metric tests: labels, source files and a few numeric columns of the
 * 2018 slices the repository ships in data/sample/cic2018 (byte for byte the shared cic2018 folder, as
 * test/core/flow/csv-reader.test.ts checks where that folder exists), so they run on a plain clone.
 * Deliberately tiny (these slices have no quoted cells) so the metric tests do not wait on the
 * loader; non-finite cells become -1.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { REPO_ROOT } from '../../fixtures/paths.ts';

export const CIC2018_DIR = join(REPO_ROOT, 'data', 'sample', 'cic2018');

export interface RealColumns {
  labels: string[];
  files: string[];
  columns: Record<string, Float64Array>;
}

export function readRealColumns(names: readonly string[]): RealColumns {
  const labels: string[] = [];
  const files: string[] = [];
  const values: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const paths = readdirSync(CIC2018_DIR)
    .filter((name) => name.endsWith('.csv'))
    .sort()
    .map((name) => join(CIC2018_DIR, name));
  for (const path of paths) {
    const lines = readFileSync(path, 'utf8').split(/\r?\n/);
    const header = lines[0]!.split(',').map((cell) => cell.trim());
    const labelAt = header.indexOf('Label');
    const at = names.map((name) => {
      const index = header.indexOf(name);
      if (index < 0) throw new Error(`${path} has no column ${name}`);
      return index;
    });
    for (let l = 1; l < lines.length; l++) {
      if (lines[l] === '') continue;
      const cells = lines[l]!.split(',');
      labels.push(cells[labelAt]!.trim());
      files.push(basename(path));
      names.forEach((name, i) => {
        const value = Number(cells[at[i]!]);
        values[name]!.push(Number.isFinite(value) ? value : -1);
      });
    }
  }
  const columns = Object.fromEntries(names.map((name) => [name, Float64Array.from(values[name]!)]));
  return { labels, files, columns };
}

/** 1 for every label but Benign. */
export function attackFlags(labels: readonly string[]): Uint8Array {
  return Uint8Array.from(labels, (label) => (label === 'Benign' ? 0 : 1));
}
