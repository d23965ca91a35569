import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { hostPortListVar, intVar, PipelineError, readEnv, stringVar, urlVar } from '@netattack/core';

/** Versions are pinned here, in one place: the cache folder names carry them, so a bump fetches afresh. */
export const KAFKA_VERSION = '4.1.1';
export const APICURIO_VERSION = '3.0.9';

/** The stack binds to loopback only: a development stack (its secured listener is for trying and testing a secured cluster). */
export const STACK_HOST = '127.0.0.1';

export interface StackConfig {
  readonly stateDir: string;
  /**
   * Where the fetched runtimes (Kafka jars, the registry app) and class-data archives live; the state
   * folder unless NETATTACK_STACK_CACHE_DIR says otherwise, so a second instance (a test's private
   * broker) can share the download cache and keep its data, logs and pid files apart.
   */
  readonly cacheDir: string;
  readonly host: string;
  readonly kafkaPort: number;
  readonly controllerPort: number;
  /** The SASL_SSL listener (SCRAM-SHA-512, ACLs); 0 leaves it closed. */
  readonly securePort: number;
  readonly registryPort: number;
  readonly kafkaHeap: string;
  readonly registryHeap: string;
  /** Extra JVM options, e.g. -XX:TieredStopAtLevel=1 for a faster-starting (but slower-running) Kafka. */
  readonly kafkaJvmOptions: string[];
  readonly registryJvmOptions: string[];
  readonly startTimeoutMs: number;
  readonly stopTimeoutMs: number;
  /** Passed to Maven as -Dmaven.repo.local when set, e.g. for a cold run that must not reuse ~/.m2. */
  readonly mavenRepoLocal: string | undefined;
  /** Set when KAFKA_BROKERS points at another cluster: the local broker is then never started. */
  readonly externalBrokers: string[] | undefined;
  /** Set when SCHEMA_REGISTRY_URL points at another registry: the local one is then never started. */
  readonly externalRegistryUrl: string | undefined;
}

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const cacheHome = env.XDG_CACHE_HOME?.trim() ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(cacheHome, 'netattack-stack');
}

const port = (fallback: number, description: string) =>
  intVar({ default: fallback, min: 1, max: 65535, description });
const HEAP_FORM = /^[1-9]\d*[kmg]$/i;

/**
 * Reads and validates the stack settings from the environment. Every problem is reported at once, each
 * naming the variable and the form it expects, before anything is fetched or started.
 */
export function readStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const raw = readEnv(
    {
      NETATTACK_STACK_DIR: stringVar({
        default: defaultStateDir(env),
        description: 'cache and state folder',
      }),
      NETATTACK_STACK_CACHE_DIR: stringVar({
        default: '',
        description: 'folder of the fetched runtimes (default: the state folder)',
      }),
      NETATTACK_KAFKA_PORT: port(9092, 'Kafka client port'),
      NETATTACK_KAFKA_CONTROLLER_PORT: port(9094, 'KRaft controller port'),
      NETATTACK_KAFKA_SECURE_PORT: intVar({
        default: 9093,
        min: 0,
        max: 65535,
        description: 'SASL_SSL listener port (0: no secured listener)',
      }),
      NETATTACK_REGISTRY_PORT: port(8081, 'schema registry HTTP port'),
      NETATTACK_KAFKA_HEAP: stringVar({ default: '768m', description: 'Kafka JVM -Xmx' }),
      NETATTACK_REGISTRY_HEAP: stringVar({ default: '512m', description: 'registry JVM -Xmx' }),
      NETATTACK_KAFKA_JVM_OPTS: stringVar({ default: '', description: 'extra Kafka JVM options' }),
      NETATTACK_REGISTRY_JVM_OPTS: stringVar({ default: '', description: 'extra registry JVM options' }),
      NETATTACK_STACK_START_TIMEOUT_S: intVar({ default: 120, min: 5, max: 3600 }),
      NETATTACK_STACK_STOP_TIMEOUT_S: intVar({ default: 30, min: 1, max: 600 }),
      NETATTACK_MAVEN_REPO: stringVar({ default: '', description: 'Maven local repository' }),
      KAFKA_BROKERS: hostPortListVar({ default: [] }),
      SCHEMA_REGISTRY_URL: urlVar({ default: '' }),
    },
    env,
  );

  const problems: string[] = [];
  for (const name of ['NETATTACK_KAFKA_HEAP', 'NETATTACK_REGISTRY_HEAP'] as const) {
    if (!HEAP_FORM.test(raw[name])) {
      problems.push(
        `${name} must be a JVM heap size (expected a number with k, m or g, such as 768m; got ${JSON.stringify(raw[name])})`,
      );
    }
  }
  const ports = {
    NETATTACK_KAFKA_PORT: raw.NETATTACK_KAFKA_PORT,
    NETATTACK_KAFKA_CONTROLLER_PORT: raw.NETATTACK_KAFKA_CONTROLLER_PORT,
    ...(raw.NETATTACK_KAFKA_SECURE_PORT === 0
      ? {}
      : { NETATTACK_KAFKA_SECURE_PORT: raw.NETATTACK_KAFKA_SECURE_PORT }),
    NETATTACK_REGISTRY_PORT: raw.NETATTACK_REGISTRY_PORT,
  };
  const seen = new Map<number, string>();
  for (const [name, value] of Object.entries(ports)) {
    const other = seen.get(value);
    if (other !== undefined) problems.push(`${name} and ${other} must differ (both are ${value})`);
    seen.set(value, name);
  }
  if (problems.length > 0) {
    throw new PipelineError('CONFIG_INVALID', `Invalid configuration:\n  - ${problems.join('\n  - ')}`, {
      details: { problems },
    });
  }

  return {
    stateDir: resolve(raw.NETATTACK_STACK_DIR),
    cacheDir: resolve(raw.NETATTACK_STACK_CACHE_DIR || raw.NETATTACK_STACK_DIR),
    host: STACK_HOST,
    kafkaPort: raw.NETATTACK_KAFKA_PORT,
    controllerPort: raw.NETATTACK_KAFKA_CONTROLLER_PORT,
    securePort: raw.NETATTACK_KAFKA_SECURE_PORT,
    registryPort: raw.NETATTACK_REGISTRY_PORT,
    kafkaHeap: raw.NETATTACK_KAFKA_HEAP,
    registryHeap: raw.NETATTACK_REGISTRY_HEAP,
    kafkaJvmOptions: splitOptions(raw.NETATTACK_KAFKA_JVM_OPTS),
    registryJvmOptions: splitOptions(raw.NETATTACK_REGISTRY_JVM_OPTS),
    startTimeoutMs: raw.NETATTACK_STACK_START_TIMEOUT_S * 1000,
    stopTimeoutMs: raw.NETATTACK_STACK_STOP_TIMEOUT_S * 1000,
    mavenRepoLocal: raw.NETATTACK_MAVEN_REPO === '' ? undefined : resolve(raw.NETATTACK_MAVEN_REPO),
    externalBrokers: raw.KAFKA_BROKERS.length > 0 ? raw.KAFKA_BROKERS : undefined,
    externalRegistryUrl: raw.SCHEMA_REGISTRY_URL === '' ? undefined : raw.SCHEMA_REGISTRY_URL,
  };
}

function splitOptions(text: string): string[] {
  return text.split(/\s+/).filter((option) => option !== '');
}

/** The bootstrap address clients use for the local broker. */
export function localBrokers(config: StackConfig): string[] {
  return [`${config.host}:${config.kafkaPort}`];
}

/** The bootstrap address of the SASL_SSL listener, when the stack opens one. */
export function localSecureBrokers(config: StackConfig): string[] {
  return config.securePort === 0 ? [] : [`${config.host}:${config.securePort}`];
}

/** The Confluent-compatible API of the local registry; clients take this as their registry URL. */
export function localRegistryUrl(config: StackConfig): string {
  return `http://${config.host}:${config.registryPort}/apis/ccompat/v7`;
}
