import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { PipelineError } from '@netattack/core';
import type { ServiceName } from '@netattack/core/runtime';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ServiceProcess {
  readonly name: ServiceName;
  readonly healthPort: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code once the process ended. */
  readonly exited: Promise<number>;
  /** Polls /health/ready until 200, failing early if the process exits. */
  waitReady(timeoutMs: number): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. Idempotent. */
  stop(graceMs?: number): Promise<number>;
}

/** A free TCP port on 127.0.0.1, for a child's health endpoint. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Starts one of the services as its own process (`node --import tsx services/<name>/src/main.ts`),
 * the way a deployment runs it, with its logs appended to `logFile`. The demo, the end-to-end tests and
 * the pipeline bench all start the pipeline this way.
 */
export async function startServiceProcess(
  name: ServiceName,
  env: Record<string, string>,
  logFile: string,
  /** `pipe` gives the process a standard input to write to (`child.stdin`): a producer with DATA_PATHS=-. */
  options: { stdin?: 'ignore' | 'pipe' } = {},
): Promise<ServiceProcess> {
  const healthPort = env.HEALTH_PORT !== undefined ? Number(env.HEALTH_PORT) : await freePort();
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  // Extra Node flags for every service, for profiling (`--cpu-prof`) or heap limits.
  const nodeArgs = (process.env.NETATTACK_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', `services/${name}/src/main.ts`], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, HEALTH_PORT: String(healthPort) },
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => {
      log.end();
      resolve(code ?? (signal === 'SIGKILL' ? 137 : 143));
    });
  });
  let exitCode: number | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  let stopping: Promise<number> | undefined;

  return {
    name,
    healthPort,
    child,
    exited,
    async waitReady(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (exitCode !== undefined) {
          throw new PipelineError(
            'STAGE_FAILED',
            `${name} exited with code ${exitCode} before it was ready (see ${logFile})`,
          );
        }
        try {
          const response = await fetch(`http://127.0.0.1:${healthPort}/health/ready`);
          if (response.status === 200) return;
        } catch {
          // Not listening yet.
        }
        await delay(100);
      }
      throw new PipelineError(
        'STAGE_FAILED',
        `${name} was not ready within ${timeoutMs} ms (see ${logFile})`,
        {
          retriable: true,
        },
      );
    },
    stop(graceMs = 30_000) {
      stopping ??= (async () => {
        if (exitCode !== undefined) return exitCode;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        try {
          return await exited;
        } finally {
          clearTimeout(timer);
        }
      })();
      return stopping;
    },
  };
}
