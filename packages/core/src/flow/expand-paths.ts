import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PipelineError } from '../errors.ts';

/**
 * Turns the paths a user gave into the files to read, in a stable order: a file stays as given, a
 * directory becomes the `.csv` files in it and in its sub-directories, sorted by path (a dataset is
 * often one folder per day or per source). A path that does not exist is an error naming it; a
 * directory without CSV files is one too, since reading nothing is never intended.
 */
export async function expandPaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') {
        throw new PipelineError('FILE_NOT_FOUND', `no such file or directory: ${path}`, {
          cause: error,
          details: { path },
        });
      }
      throw error;
    });
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    const entries = await readdir(path, { withFileTypes: true, recursive: true });
    const csvs = entries
      .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.csv'))
      .map((e) => join(e.parentPath, e.name))
      .sort();
    if (csvs.length === 0) {
      throw new PipelineError('FILE_NOT_FOUND', `no .csv files in directory ${path}`, { details: { path } });
    }
    files.push(...csvs);
  }
  return [...new Set(files)];
}
