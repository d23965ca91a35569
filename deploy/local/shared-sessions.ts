import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from './processes.ts';
import {
  type ComponentName,
  type Report,
  stackUp,
  stopComponents,
  type UpResult,
  withLockedStack,
} from './stack.ts';
import type { StackConfig } from './stack-config.ts';
import { stackPaths } from './stack-paths.ts';

/**
 * Several test runs may share one local stack (two engineers, two terminals). Each run holds a session
 * for as long as it uses the stack; what a session started is recorded, and the last session to end
 * stops exactly that. A stack someone started by hand (`npm run stack:up`) is never stopped here.
 */
export async function beginSession(config: StackConfig, report: Report): Promise<UpResult> {
  const paths = stackPaths(config);
  mkdirSync(paths.sessionsDir, { recursive: true });
  // Registered before stackUp, so a session ending meanwhile sees this one and leaves the stack running.
  writeFileSync(join(paths.sessionsDir, String(process.pid)), `${new Date().toISOString()}\n`);
  try {
    const result = await stackUp(config, report);
    if (result.started.length > 0) {
      await withLockedStack(config, report, async () => {
        const owned = new Set([...readOwned(paths.sessionOwned), ...result.started]);
        writeFileSync(paths.sessionOwned, `${JSON.stringify([...owned])}\n`);
      });
    }
    return result;
  } catch (error) {
    rmSync(join(paths.sessionsDir, String(process.pid)), { force: true });
    throw error;
  }
}

/** Ends this process's session; if no other live session remains, stops what sessions started. */
export function endSession(config: StackConfig, report: Report): Promise<ComponentName[]> {
  const paths = stackPaths(config);
  return withLockedStack(config, report, async () => {
    rmSync(join(paths.sessionsDir, String(process.pid)), { force: true });
    const others = liveSessions(paths.sessionsDir);
    const owned = readOwned(paths.sessionOwned);
    if (others.length > 0) {
      if (owned.length > 0)
        report(`leaving ${owned.join(' and ')} running for test run(s) ${others.join(', ')}`);
      return [];
    }
    const stopped = await stopComponents(config, report, owned);
    rmSync(paths.sessionOwned, { force: true });
    return stopped;
  });
}

/** Pids of sessions whose process still runs; files left by killed runs are removed. */
function liveSessions(dir: string): number[] {
  if (!existsSync(dir)) return [];
  const live: number[] = [];
  for (const name of readdirSync(dir)) {
    const pid = Number(name);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) live.push(pid);
    else rmSync(join(dir, name), { force: true });
  }
  return live;
}

function readOwned(file: string): ComponentName[] {
  if (!existsSync(file)) return [];
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(parsed)
      ? parsed.filter((item): item is ComponentName => item === 'kafka' || item === 'registry')
      : [];
  } catch {
    return [];
  }
}

/**
 * A stack brought up by hand belongs to the user: forget that test sessions started any of it, so the
 * last test run out leaves it running.
 */
export function claimForUser(config: StackConfig, report: Report): Promise<void> {
  return withLockedStack(config, report, async () => {
    rmSync(stackPaths(config).sessionOwned, { force: true });
  });
}
