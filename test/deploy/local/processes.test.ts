import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  isAlive,
  runCommand,
  runningPid,
  startDetached,
  stopProcess,
  tailOf,
} from '../../../deploy/local/processes.ts';
import { waitFor } from '../../support/wait-for.ts';

const dir = mkdtempSync(join(tmpdir(), 'netattack-processes-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A detached node process that announces itself in its log, optionally ignoring SIGTERM. */
function startSleeper(name: string, ignoreTerm: boolean) {
  const marker = `netattack-test-${name}-${process.pid}`;
  const script = `${ignoreTerm ? "process.on('SIGTERM', () => {});" : ''} console.log('ready'); setInterval(() => {}, 1000);`;
  const spec = {
    command: process.execPath,
    args: ['-e', script, marker],
    cwd: dir,
    logFile: join(dir, `${name}.log`),
    pidFile: join(dir, `${name}.pid`),
  };
  const pid = startDetached(spec);
  return { pid, marker, spec };
}

describe('detached processes', () => {
  it('starts a process with a pid file and a log, finds it, and stops it with SIGTERM', async () => {
    const { pid, marker, spec } = startSleeper('polite', false);
    assert.equal(readFileSync(spec.pidFile, 'utf8').trim(), String(pid));
    await waitFor(() => existsSync(spec.logFile) && readFileSync(spec.logFile, 'utf8').includes('ready'), {
      timeoutMs: 10_000,
      description: 'the detached process to write its log',
    });
    assert.equal(runningPid(spec.pidFile, marker), pid);
    assert.equal(await stopProcess(pid, 10_000), 'terminated');
    assert.equal(isAlive(pid), false);
    assert.equal(runningPid(spec.pidFile, marker), undefined);
    assert.equal(existsSync(spec.pidFile), false, 'a stale pid file is removed');
    assert.equal(await stopProcess(pid, 1000), 'not-running');
  });

  it('kills a process that ignores SIGTERM once the deadline passes', async () => {
    const { pid, spec } = startSleeper('stubborn', true);
    await waitFor(() => existsSync(spec.logFile) && readFileSync(spec.logFile, 'utf8').includes('ready'), {
      timeoutMs: 10_000,
      description: 'the SIGTERM handler to be installed',
    });
    assert.equal(await stopProcess(pid, 300), 'killed');
    assert.equal(isAlive(pid), false);
  });

  it('does not claim a live pid whose command line lacks the marker (a reused pid)', () => {
    const pidFile = join(dir, 'reused.pid');
    writeFileSync(pidFile, `${process.pid}\n`);
    assert.equal(runningPid(pidFile, 'kafka.Kafka /nowhere/server.properties'), undefined);
    assert.equal(existsSync(pidFile), false);
  });

  it('treats the pid of a finished process as not running', () => {
    const finished = spawnSync(process.execPath, ['-e', '']);
    const pidFile = join(dir, 'finished.pid');
    writeFileSync(pidFile, `${finished.pid}\n`);
    assert.equal(runningPid(pidFile, ''), undefined);
  });
});

describe('command helpers', () => {
  it('collects output and the exit code', async () => {
    const result = await runCommand(
      process.execPath,
      ['-e', "console.log('out'); console.error('err'); process.exit(3)"],
      dir,
    );
    assert.equal(result.code, 3);
    assert.match(result.output, /out/);
    assert.match(result.output, /err/);
  });

  it('shows the last lines of a log, and says when there is none', () => {
    const log = join(dir, 'long.log');
    writeFileSync(log, `${Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n')}\n`);
    const tail = tailOf(log, 3);
    assert.equal(tail, 'line 98\nline 99\nline 100');
    assert.equal(tailOf(join(dir, 'absent.log')), '(no log written)');
  });
});
