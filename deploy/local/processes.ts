import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

export interface DetachedSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly logFile: string;
  readonly pidFile: string;
}

/**
 * Starts a process that outlives this one: its own process group, output appended to a log file, and
 * its pid written to a file so that `status` and `down` find it from another invocation.
 */
export function startDetached(spec: DetachedSpec): number {
  const log = openSync(spec.logFile, 'a');
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      detached: true,
      stdio: ['ignore', log, log],
    });
    if (child.pid === undefined) throw new Error(`could not start ${spec.command}`);
    child.unref();
    writeFileSync(spec.pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a live process, or undefined where /proc is not available. */
export function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
}

/**
 * The pid recorded in `pidFile` if that process still runs and is the one we started (pids are reused:
 * `marker` must appear in its command line where that can be read). A stale pid file is removed.
 */
export function runningPid(pidFile: string, marker: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    const commandLine = commandLineOf(pid);
    if (commandLine === undefined || commandLine.includes(marker)) return pid;
  }
  rmSync(pidFile, { force: true });
  return undefined;
}

export type StopOutcome = 'terminated' | 'killed' | 'not-running';

/** SIGTERM first so Kafka shuts down cleanly; SIGKILL only after the deadline. */
export async function stopProcess(pid: number, timeoutMs: number): Promise<StopOutcome> {
  if (!signal(pid, 'SIGTERM')) return 'not-running';
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'terminated';
    await delay(100);
  }
  signal(pid, 'SIGKILL');
  const killDeadline = Date.now() + 5000;
  while (isAlive(pid) && Date.now() < killDeadline) await delay(50);
  return 'killed';
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

export interface CommandResult {
  readonly code: number | null;
  readonly output: string;
}

/** Runs a command to completion, collecting stdout and stderr together (for logs and error messages). */
export function runCommand(command: string, args: readonly string[], cwd: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/** The last lines of a log file, for error messages that show why a start failed. */
export function tailOf(file: string, lines = 15): string {
  if (!existsSync(file)) return '(no log written)';
  const size = statSync(file).size;
  const length = Math.min(size, 64 * 1024);
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  // The JVM's class-data-sharing warnings, written as it exits, would push out the lines that say why.
  const useful = buffer
    .toString('utf8')
    .trimEnd()
    .split('\n')
    .filter((line) => !line.includes('][cds]'));
  return useful.slice(-lines).join('\n');
}
