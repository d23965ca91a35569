import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PipelineError } from '@netattack/core';
import { withStackLock } from '../../../deploy/local/stack-lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'netattack-lock-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const yieldTurns = async (turns: number) => {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('stack lock', () => {
  it('runs two holders one after the other, never interleaved', async () => {
    const lockFile = join(dir, 'serial.lock');
    const events: string[] = [];
    const holder = (name: string) =>
      withStackLock(
        lockFile,
        10_000,
        () => undefined,
        async () => {
          events.push(`${name} in`);
          await yieldTurns(20);
          events.push(`${name} out`);
          return name;
        },
      );
    const results = await Promise.all([holder('a'), holder('b')]);
    assert.deepEqual(results, ['a', 'b']);
    assert.deepEqual(events, ['a in', 'a out', 'b in', 'b out']);
    assert.equal(existsSync(lockFile), false, 'the lock is released');
  });

  it('takes over a lock whose owner has died', async () => {
    const lockFile = join(dir, 'stale.lock');
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(lockFile, `${dead}\n`);
    const waited: number[] = [];
    const result = await withStackLock(
      lockFile,
      5000,
      (owner) => waited.push(owner),
      async () => 'ran',
    );
    assert.equal(result, 'ran');
    assert.deepEqual(waited, []);
  });

  it('gives up with a clear error when a live owner holds it past the deadline', async () => {
    const lockFile = join(dir, 'held.lock');
    const owner = process.ppid;
    writeFileSync(lockFile, `${owner}\n`);
    const waited: number[] = [];
    await assert.rejects(
      withStackLock(
        lockFile,
        300,
        (pid) => waited.push(pid),
        async () => 'never',
      ),
      (error: unknown) =>
        error instanceof PipelineError &&
        error.code === 'STACK_FAILED' &&
        error.message.includes(`Another stack command (pid ${owner})`),
    );
    assert.deepEqual(waited, [owner]);
    assert.equal(existsSync(lockFile), true, "another owner's lock is left alone");
  });
});
