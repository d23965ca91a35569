import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { PipelineError } from '@netattack/core';
import { classDataArchive, classDataOptions, discardArchives } from './class-data.ts';
import { ensureKafkaRuntime, ensureRegistryRuntime, type Report } from './fetch-runtimes.ts';
import { renderLog4j2Config, renderServerProperties } from './kafka-config-files.ts';
import { ensureFormatted } from './kafka-storage.ts';
import { javaCommand, requireJava } from './prerequisites.ts';
import { type Probe, portInUse, probeKafka, probeRegistry } from './probes.ts';
import { isAlive, runningPid, startDetached, stopProcess, tailOf } from './processes.ts';
import { grantStackAcls, planSecureListener } from './secure-listener.ts';
import {
  APICURIO_VERSION,
  KAFKA_VERSION,
  localBrokers,
  localRegistryUrl,
  localSecureBrokers,
  type StackConfig,
} from './stack-config.ts';
import { withStackLock } from './stack-lock.ts';
import { type StackPaths, stackPaths } from './stack-paths.ts';

export type { Report } from './fetch-runtimes.ts';

export type ComponentName = 'kafka' | 'registry';
export const COMPONENTS: readonly ComponentName[] = ['kafka', 'registry'];

/**
 * running: started by this manager from this state folder; found: something else answers on the
 * configured port (a hand-started broker, another state folder); external: KAFKA_BROKERS or
 * SCHEMA_REGISTRY_URL point elsewhere; stopped: nothing answers.
 */
export type ComponentState = 'running' | 'found' | 'external' | 'stopped';

export interface ComponentStatus {
  readonly name: ComponentName;
  readonly state: ComponentState;
  readonly pid: number | undefined;
  readonly answers: boolean;
  /** The probe's summary when it answers, or why it does not. */
  readonly detail: string;
  readonly logFile: string | undefined;
}

export interface StackStatus {
  readonly brokers: string[];
  readonly registryUrl: string;
  readonly stateDir: string;
  readonly kafka: ComponentStatus;
  readonly registry: ComponentStatus;
}

export interface UpResult {
  readonly status: StackStatus;
  /** What this call started; a caller that wants to leave things as it found them stops only these. */
  readonly started: ComponentName[];
  /** True when this call had to fetch from Maven Central (a cold start). */
  readonly fetched: boolean;
  readonly elapsedMs: number;
}

const LOCK_TIMEOUT_MS = 15 * 60 * 1000;

/** Where the stack's clients connect: the external cluster when configured, else the local one. */
export function stackEndpoints(config: StackConfig): { brokers: string[]; registryUrl: string } {
  return {
    brokers: config.externalBrokers ?? localBrokers(config),
    registryUrl: config.externalRegistryUrl ?? localRegistryUrl(config),
  };
}

export async function stackStatus(config: StackConfig): Promise<StackStatus> {
  const paths = stackPaths(config);
  const { brokers, registryUrl } = stackEndpoints(config);
  const [kafka, registry] = await Promise.all([
    componentStatus('kafka', config, paths, () => probeKafka(brokers)),
    componentStatus('registry', config, paths, () => probeRegistry(registryUrl)),
  ]);
  return { brokers, registryUrl, stateDir: config.stateDir, kafka, registry };
}

/**
 * Brings both components up: uses what already answers, fetches what is missing (Maven, first time
 * only), formats Kafka's storage once, starts the rest as detached processes and waits until each
 * answers a real request. If a start fails, whatever this call started is stopped again.
 */
export async function stackUp(config: StackConfig, report: Report): Promise<UpResult> {
  const began = Date.now();
  const paths = stackPaths(config);
  return withStackLock(paths.lockFile, LOCK_TIMEOUT_MS, waitingFor(report), async () => {
    const before = await stackStatus(config);
    for (const component of [before.kafka, before.registry]) {
      if (component.state === 'external' && !component.answers) {
        throw new PipelineError(
          component.name === 'kafka' ? 'KAFKA_UNAVAILABLE' : 'REGISTRY_UNAVAILABLE',
          `${component.name === 'kafka' ? `KAFKA_BROKERS=${before.brokers.join(',')}` : `SCHEMA_REGISTRY_URL=${before.registryUrl}`} does not answer: ${component.detail}`,
          { retriable: true },
        );
      }
    }
    const toStart = [before.kafka, before.registry].filter((c) => c.state === 'stopped').map((c) => c.name);
    const pending = [before.kafka, before.registry].filter((c) => c.state === 'running' && !c.answers);
    if (toStart.length === 0 && pending.length === 0) {
      return { status: before, started: [], fetched: false, elapsedMs: Date.now() - began };
    }

    await refuseTakenPorts(config, toStart);
    const java = javaCommand();
    const javaVersion = toStart.length > 0 ? requireJava(java) : '';
    mkdirSync(paths.logDir, { recursive: true });
    mkdirSync(paths.runDir, { recursive: true });
    mkdirSync(paths.configDir, { recursive: true });

    let fetched = false;
    if (toStart.includes('kafka')) fetched = (await ensureKafkaRuntime(config, paths, report)) || fetched;
    if (toStart.includes('registry'))
      fetched = (await ensureRegistryRuntime(config, paths, report)) || fetched;

    const started: ComponentName[] = [];
    let securedListener = false;
    try {
      if (toStart.includes('kafka')) {
        const secure = await planSecureListener(config, report);
        securedListener = secure.listener !== undefined;
        writeFileSync(
          paths.serverProperties,
          renderServerProperties({
            ...config,
            port: config.kafkaPort,
            dataDir: paths.kafkaData,
            secure: secure.listener,
          }),
        );
        writeFileSync(paths.log4jConfig, renderLog4j2Config(paths.kafkaServerLog));
        await ensureFormatted(config, paths, java, report, secure.scramUsers);
        startDetached(kafkaProcess(config, paths, java, javaVersion));
        started.push('kafka');
        report(`started Kafka on ${localBrokers(config).join(',')} (log ${paths.kafkaServerLog})`);
      }
      if (toStart.includes('registry')) {
        startDetached(registryProcess(config, paths, java, javaVersion));
        started.push('registry');
        report(`started Apicurio Registry on ${localRegistryUrl(config)} (log ${paths.registryLog})`);
      }
      await Promise.all(
        [...started, ...pending.map((c) => c.name)].map((name) =>
          waitUntilAnswers(name, config, paths, report),
        ),
      );
      if (securedListener) {
        const granted = await grantStackAcls(config);
        report(
          `SASL_SSL listener on ${localSecureBrokers(config).join(',')} (SCRAM-SHA-512, ${granted} ACLs for the services' principals)`,
        );
      }
    } catch (error) {
      for (const name of started) await stopComponent(name, config, paths, report);
      throw error;
    }
    return { status: await stackStatus(config), started, fetched, elapsedMs: Date.now() - began };
  });
}

/** Stops what this manager started (all of it, or only `only`); idempotent: stopping nothing is fine. */
export function stackDown(
  config: StackConfig,
  report: Report,
  only: readonly ComponentName[] = COMPONENTS,
): Promise<ComponentName[]> {
  return withLockedStack(config, report, () => stopComponents(config, report, only));
}

/** Runs `action` while holding the stack's lock, for callers that must check and stop atomically. */
export function withLockedStack<T>(
  config: StackConfig,
  report: Report,
  action: () => Promise<T>,
): Promise<T> {
  return withStackLock(stackPaths(config).lockFile, LOCK_TIMEOUT_MS, waitingFor(report), action);
}

/** Stops the named components if this manager started them; for a caller that holds the lock. */
export async function stopComponents(
  config: StackConfig,
  report: Report,
  names: readonly ComponentName[],
): Promise<ComponentName[]> {
  const paths = stackPaths(config);
  // In parallel: each may spend seconds writing its class-data archive on the way out.
  const wanted = COMPONENTS.filter((name) => names.includes(name));
  const outcomes = await Promise.all(wanted.map((name) => stopComponent(name, config, paths, report)));
  return wanted.filter((_, index) => outcomes[index]);
}

async function componentStatus(
  name: ComponentName,
  config: StackConfig,
  paths: StackPaths,
  probe: () => Promise<Probe>,
): Promise<ComponentStatus> {
  const external = name === 'kafka' ? config.externalBrokers : config.externalRegistryUrl;
  const pid = external ? undefined : runningPid(pidFile(name, paths), processMarker(name, paths));
  const result = await probe();
  const state: ComponentState = external ? 'external' : pid ? 'running' : result.ok ? 'found' : 'stopped';
  return {
    name,
    state,
    pid,
    answers: result.ok,
    detail: result.ok ? result.detail : result.reason,
    logFile: pid ? logFile(name, paths) : undefined,
  };
}

async function refuseTakenPorts(config: StackConfig, toStart: readonly ComponentName[]): Promise<void> {
  const wanted: [string, number][] = [];
  if (toStart.includes('kafka')) {
    wanted.push(
      ['NETATTACK_KAFKA_PORT', config.kafkaPort],
      ['NETATTACK_KAFKA_CONTROLLER_PORT', config.controllerPort],
      ...(config.securePort === 0
        ? []
        : ([['NETATTACK_KAFKA_SECURE_PORT', config.securePort]] as [string, number][])),
    );
  }
  if (toStart.includes('registry')) wanted.push(['NETATTACK_REGISTRY_PORT', config.registryPort]);
  for (const [variable, port] of wanted) {
    if (await portInUse(config.host, port)) {
      throw new PipelineError(
        'STACK_FAILED',
        `Port ${port} on ${config.host} is already taken by another program that is not a working ${variable.includes('REGISTRY') ? 'schema registry' : 'Kafka broker'}: stop it, or choose another port with ${variable}.`,
      );
    }
  }
}

function kafkaProcess(config: StackConfig, paths: StackPaths, java: string, javaVersion: string) {
  return {
    command: java,
    args: [
      `-Xmx${config.kafkaHeap}`,
      ...classDataOptions(classDataArchive(paths.cdsDir, 'kafka', KAFKA_VERSION, javaVersion)),
      ...config.kafkaJvmOptions,
      `-Dlog4j2.configurationFile=${paths.log4jConfig}`,
      `-Dkafka.logs.dir=${paths.logDir}`,
      '-cp',
      join(paths.kafkaLib, '*'),
      'kafka.Kafka',
      paths.serverProperties,
    ],
    cwd: paths.kafkaHome,
    logFile: paths.kafkaConsoleLog,
    pidFile: paths.kafkaPid,
  };
}

/**
 * The registry runs with the client compiler only and the serial collector: it serves a few schema
 * requests per test (clients cache schemas), so starting fast matters more than peak speed. Kafka keeps
 * the JVM's defaults, since benchmarks measure throughput through it.
 */
function registryProcess(config: StackConfig, paths: StackPaths, java: string, javaVersion: string) {
  return {
    command: java,
    args: [
      `-Xmx${config.registryHeap}`,
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      ...classDataOptions(classDataArchive(paths.cdsDir, 'registry', APICURIO_VERSION, javaVersion)),
      ...config.registryJvmOptions,
      `-Dquarkus.http.port=${config.registryPort}`,
      `-Dquarkus.http.host=${config.host}`,
      ...registryStorageOptions(paths.registryData),
      '-jar',
      paths.registryJar,
    ],
    cwd: paths.registryHome,
    logFile: paths.registryLog,
    pidFile: paths.registryPid,
  };
}

/**
 * Durable storage: Apicurio 3's SQL storage on an H2 file database in the state folder instead of its
 * default in-memory H2 (`jdbc:h2:mem:`), so schemas and their ids survive a restart and records on the
 * topics keep decoding. WRITE_DELAY=0 writes each commit at once (H2 would otherwise hold commits for
 * up to a second, which a kill -9 loses).
 */
export function registryStorageOptions(dataDir: string): string[] {
  mkdirSync(dataDir, { recursive: true });
  return [
    '-Dapicurio.storage.kind=sql',
    '-Dapicurio.storage.sql.kind=h2',
    `-Dapicurio.datasource.url=jdbc:h2:file:${join(dataDir, 'registry')};WRITE_DELAY=0`,
  ];
}

async function waitUntilAnswers(
  name: ComponentName,
  config: StackConfig,
  paths: StackPaths,
  report: Report,
): Promise<void> {
  const began = Date.now();
  const deadline = began + config.startTimeoutMs;
  const probe =
    name === 'kafka' ? () => probeKafka(localBrokers(config)) : () => probeRegistry(localRegistryUrl(config));
  const log = name === 'kafka' ? paths.kafkaServerLog : paths.registryLog;
  const label = name === 'kafka' ? 'Kafka' : 'The schema registry';
  const code = name === 'kafka' ? 'KAFKA_UNAVAILABLE' : 'REGISTRY_UNAVAILABLE';
  let last: Probe = { ok: false, reason: 'not probed yet' };
  while (Date.now() < deadline) {
    const pid = runningPid(pidFile(name, paths), processMarker(name, paths));
    if (pid === undefined || !isAlive(pid)) {
      const console = name === 'kafka' ? `\n(console output: ${paths.kafkaConsoleLog})` : '';
      throw new PipelineError(
        code,
        `${label} exited during start-up; last lines of ${log}:\n${tailOf(log)}${console}`,
      );
    }
    last = await probe();
    if (last.ok) {
      report(`${name} answers after ${((Date.now() - began) / 1000).toFixed(1)} s (${last.detail})`);
      return;
    }
    await delay(300);
  }
  throw new PipelineError(
    code,
    `${label} did not answer within ${config.startTimeoutMs / 1000} s (last error: ${last.reason}). Its log is ${log}; raise NETATTACK_STACK_START_TIMEOUT_S on a slow machine.\n${tailOf(log)}`,
    { retriable: true },
  );
}

async function stopComponent(
  name: ComponentName,
  config: StackConfig,
  paths: StackPaths,
  report: Report,
): Promise<boolean> {
  const file = pidFile(name, paths);
  const pid = runningPid(file, processMarker(name, paths));
  if (pid === undefined) return false;
  const outcome = await stopProcess(pid, config.stopTimeoutMs);
  rmSync(file, { force: true });
  if (outcome === 'killed') {
    discardArchives(paths.cdsDir, name);
    report(`${name} (pid ${pid}) did not stop within ${config.stopTimeoutMs / 1000} s of SIGTERM: killed`);
  } else {
    report(`stopped ${name} (pid ${pid})`);
  }
  return outcome !== 'not-running';
}

function pidFile(name: ComponentName, paths: StackPaths): string {
  return name === 'kafka' ? paths.kafkaPid : paths.registryPid;
}

function logFile(name: ComponentName, paths: StackPaths): string {
  return name === 'kafka' ? paths.kafkaServerLog : paths.registryLog;
}

/** Part of the command line that identifies our process, so a reused pid is never signalled. */
function processMarker(name: ComponentName, paths: StackPaths): string {
  return name === 'kafka' ? paths.serverProperties : paths.registryJar;
}

function waitingFor(report: Report): (ownerPid: number) => void {
  return (owner) => report(`waiting for another stack command (pid ${owner}) to finish`);
}
