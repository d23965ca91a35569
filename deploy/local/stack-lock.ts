import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { PipelineError } from '@netattack/core';
import { isAlive } from './processes.ts';

/**
 * Serialises stack commands on one state folder: two test runs starting at once must not both fetch,
 * format or start Kafka. The lock file holds the owner's pid; a lock whose owner died is taken over.
 */
export async function withStackLock<T>(
  lockFile: string,
  timeoutMs: number,
  onWait: (ownerPid: number) => void,
  action: () => Promise<T>,
): Promise<T> {
  mkdirSync(dirname(lockFile), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(lockFile);
    // An empty lock file is one being written right now, unless it has been empty for a while.
    if (owner === undefined ? ageMs(lockFile) > 5000 : !isAlive(owner)) {
      rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new PipelineError(
        'STACK_FAILED',
        `Another stack command (pid ${owner ?? 'unknown'}) has held ${lockFile} for over ${Math.round(timeoutMs / 1000)} s; if it is stuck, stop it and run again.`,
      );
    }
    if (!announced && owner !== undefined) onWait(owner);
    if (owner !== undefined) announced = true;
    await delay(250);
  }
  try {
    return await action();
  } finally {
    if (readOwner(lockFile) === process.pid) rmSync(lockFile, { force: true });
  }
}

function readOwner(lockFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
