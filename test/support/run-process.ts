import { type ChildProcess, spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';

/** What the child reads: nothing (the default), a pipe the test writes to, or a file's bytes. */
export type StdinSource = 'ignore' | 'pipe' | { file: string };

export interface ProcessResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface NodeRun {
  readonly child: ChildProcess;
  /** Its output so far, while it runs. */
  stderr(): string;
  /** Settles when it has ended: its exit status (null when a signal ended it) and all its output. */
  readonly result: Promise<ProcessResult>;
}

/** Starts `node <args>`, collecting its output; killed after `timeoutMs` when one is given. */
export function startNode(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number; stdin?: StdinSource },
): NodeRun {
  const stdin = options.stdin ?? 'ignore';
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: [stdin === 'ignore' ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (typeof stdin === 'object') createReadStream(stdin.file).pipe(child.stdin!);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const timer =
    options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  const result = new Promise<ProcessResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
  return { child, stderr: () => stderr, result };
}

/** Runs `node <args>` to its end and collects its output; killed after `timeoutMs` (default 5 min). */
export function runNode(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number; stdin?: StdinSource },
): Promise<ProcessResult> {
  return startNode(args, { ...options, timeoutMs: options.timeoutMs ?? 300_000 }).result;
}
