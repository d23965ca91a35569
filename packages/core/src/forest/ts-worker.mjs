// Worker entry that loads a TypeScript module through tsx's scoped loader. Plain JavaScript on purpose:
// a worker starts with the parent's loader flags at best (none when the CLI registered tsx from its bin
// shim, a cwd-relative `--import tsx` at worst), so it must be able to load TypeScript on its own.
// tsx is resolved from this file's location, hence from any cwd.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.moduleUrl, import.meta.url);
