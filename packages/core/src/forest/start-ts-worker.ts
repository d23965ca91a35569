/**
 * Starts a worker thread running a TypeScript module, whether this process was started with
 * `node --import tsx`, through a bin shim that called tsx's register(), or from any cwd.
 */
import { Worker } from 'node:worker_threads';

/** Options that would make the worker resolve a loader on its own (relative to the cwd); ts-worker.mjs does it. */
const LOADER_FLAGS = new Set(['--import', '--loader', '--experimental-loader', '--require', '-r']);

export function workerExecArgv(parent: readonly string[] = process.execArgv): string[] {
  const kept: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const arg = parent[i]!;
    if (LOADER_FLAGS.has(arg)) {
      i++;
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0 && LOADER_FLAGS.has(arg.slice(0, eq))) continue;
    kept.push(arg);
  }
  return kept;
}

export function startTsWorker(moduleUrl: URL, workerData: Record<string, unknown>): Worker {
  return new Worker(new URL('./ts-worker.mjs', import.meta.url), {
    workerData: { ...workerData, moduleUrl: moduleUrl.href },
    execArgv: workerExecArgv(),
  });
}
