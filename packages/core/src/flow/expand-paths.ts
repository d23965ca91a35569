import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PipelineError } from '../errors.ts';

/** What a directory contributes: day files, and packet captures for the flow meter. */
const DATA_FILE = /\.(csv|pcap|pcapng|cap)$/i;

/**
 * Turns the paths a user gave into the files to read, in a stable order: a file stays as given, a
 * directory becomes the `.csv` files and packet captures (`.pcap`, `.pcapng`, `.cap`) in it and in
 * its sub-directories, sorted by path (a dataset is often one folder per day or per source), and
 * `-` (standard input) stays as it is. A path that does not exist is an error naming it; a directory
 * without such files is one too, since reading nothing is never intended.
 */
export async function expandPaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if (path === '-') {
      files.push(path);
      continue;
    }
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
      .filter((e) => e.isFile() && DATA_FILE.test(e.name))
      .map((e) => join(e.parentPath, e.name))
      .sort();
    if (csvs.length === 0) {
      throw new PipelineError('FILE_NOT_FOUND', `no .csv, .pcap or .pcapng files in directory ${path}`, {
        details: { path },
      });
    }
    files.push(...csvs);
  }
  return [...new Set(files)];
}
