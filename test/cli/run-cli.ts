import { join } from 'node:path';
import { REPO_ROOT } from '../fixtures/paths.ts';
import { type ProcessResult, runNode } from '../support/run-process.ts';

/** Runs `netattack <args>` through the package's bin, as a user's `npx netattack` would. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 300_000,
  stdinFile?: string,
): Promise<ProcessResult> {
  return runNode([join(REPO_ROOT, 'packages/cli/bin/netattack.js'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    timeoutMs,
    ...(stdinFile === undefined ? {} : { stdin: { file: stdinFile } }),
  });
}
