import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from '@netattack/orchestration';
import { isAlive, runningPid } from '../../deploy/local/processes.ts';
import { type ComponentName, stackDown, stackEndpoints, stackUp } from '../../deploy/local/stack.ts';
import { defaultStateDir, readStackConfig, type StackConfig } from '../../deploy/local/stack-config.ts';
import { stackPaths } from '../../deploy/local/stack-paths.ts';

/**
 * A broker and registry of a test's own, for tests that kill them: its own state folder (Kafka data,
 * registry database, logs, pid files) and free ports, sharing the download cache of the shared stack
 * (NETATTACK_STACK_CACHE_DIR), so a warm start fetches nothing. Never touches the shared stack.
 */
export interface PrivateStack {
  readonly config: StackConfig;
  readonly brokers: string[];
  readonly registryUrl: string;
  /** Environment for services and commands: KAFKA_BROKERS and SCHEMA_REGISTRY_URL of this stack. */
  readonly env: Record<string, string>;
  readonly logDir: string;
  /** kill -9 of one component (no shutdown, no archive written); resolves once the process is gone. */
  kill(component: ComponentName): Promise<number>;
  /** Starts what is not running (after a kill) and waits until it answers; resolves with the ms it took. */
  restart(): Promise<number>;
  /** Stops this stack and removes its state folder. Idempotent. */
  close(): Promise<void>;
}

const quiet = () => undefined;

export async function startPrivateStack(name: string, report: (line: string) => void = quiet) {
  const stateDir = mkdtempSync(join(tmpdir(), `netattack-${name}-stack-`));
  const shared =
    process.env.NETATTACK_STACK_CACHE_DIR || process.env.NETATTACK_STACK_DIR || defaultStateDir();
  const [kafkaPort, controllerPort, registryPort] = [await freePort(), await freePort(), await freePort()];
  // Only the stack's own variables: KAFKA_BROKERS and SCHEMA_REGISTRY_URL (set by npm test for the
  // shared stack) would make this an external cluster.
  const config = readStackConfig({
    HOME: process.env.HOME,
    NETATTACK_STACK_DIR: stateDir,
    NETATTACK_STACK_CACHE_DIR: shared,
    NETATTACK_KAFKA_PORT: String(kafkaPort),
    NETATTACK_KAFKA_CONTROLLER_PORT: String(controllerPort),
    NETATTACK_REGISTRY_PORT: String(registryPort),
    // The secured listener is the shared stack's concern; a stack for fault tests opens none.
    NETATTACK_KAFKA_SECURE_PORT: '0',
    NETATTACK_KAFKA_HEAP: '512m',
    NETATTACK_REGISTRY_HEAP: '384m',
    NETATTACK_STACK_STOP_TIMEOUT_S: '20',
    ...(process.env.NETATTACK_MAVEN_REPO ? { NETATTACK_MAVEN_REPO: process.env.NETATTACK_MAVEN_REPO } : {}),
  });
  const paths = stackPaths(config);
  try {
    await stackUp(config, report);
  } catch (error) {
    await stackDown(config, report).catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
  const { brokers, registryUrl } = stackEndpoints(config);
  let closing: Promise<void> | undefined;
  const stack: PrivateStack = {
    config,
    brokers,
    registryUrl,
    env: { KAFKA_BROKERS: brokers.join(','), SCHEMA_REGISTRY_URL: registryUrl },
    logDir: paths.logDir,
    async kill(component) {
      const file = component === 'kafka' ? paths.kafkaPid : paths.registryPid;
      const pid = runningPid(file, component === 'kafka' ? paths.serverProperties : paths.registryJar);
      if (pid === undefined) throw new Error(`${component} of ${stateDir} is not running`);
      process.kill(pid, 'SIGKILL');
      while (isAlive(pid)) await delay(20);
      return pid;
    },
    async restart() {
      const began = Date.now();
      await stackUp(config, report);
      return Date.now() - began;
    },
    close() {
      closing ??= (async () => {
        // SIGKILL, not a graceful stop: the data is thrown away, and a stop that outlasted its deadline
        // would make the manager discard the class-data archives, which this stack shares.
        for (const component of ['kafka', 'registry'] as const)
          await stack.kill(component).catch(() => undefined);
        await stackDown(config, report).catch(() => undefined);
        rmSync(stateDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
  return stack;
}
