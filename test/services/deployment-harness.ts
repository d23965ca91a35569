import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@netattack/core';
import { DEFAULT_KAFKA_CLIENT, type KafkaClientName } from '@netattack/core/kafka';
import {
  connectKafka,
  type KafkaConnection,
  type SecurityConfig,
  type ServiceName,
} from '@netattack/core/runtime';
import type { Alert, DeadLetter, FlowScore } from '@netattack/core/topology';
import {
  type Deployment,
  type DeploymentTopology,
  readTopic,
  startDeployment,
  startServiceProcess,
  waitUntilScored,
} from '@netattack/orchestration';
import { REPO_ROOT } from '../fixtures/paths.ts';
import { stackEnv } from '../support/stack-env.ts';
import { uniqueName } from '../support/unique-name.ts';

export const DEFAULT_MODEL = join(REPO_ROOT, 'models/default');
export const SAMPLE = join(REPO_ROOT, 'data/sample/cic2018');

/** A pipeline of real service processes on the test broker, on topics of its own. */
export interface TestDeployment {
  connection: KafkaConnection;
  processes: Deployment;
  env: Record<string, string>;
  logDir: string;
  /** Runs the producer over `paths` and waits until it exits (0 expected). */
  replay(paths: string[], extraEnv?: Record<string, string>): Promise<number>;
  waitUntilScored(timeoutMs?: number): Promise<void>;
  read<T>(topic: string): Promise<T[]>;
  /** Stops the services, deletes the topics. Idempotent. */
  close(): Promise<void>;
}

export async function startTestDeployment(options: {
  name: string;
  client?: KafkaClientName;
  modelDir?: string;
  scorers?: number;
  /** separate (the default: cleaner, features, scorer) or fused (one process runs the three stages). */
  topology?: DeploymentTopology;
  /** Partitions of every topic (default 6). */
  partitions?: number;
  env?: Record<string, string>;
  /** Another broker and registry than the shared test stack (a private stack a fault test kills). */
  stack?: { brokers: string[]; registryUrl: string };
  /** The harness's own login (an admin's) on a secured cluster; the services get theirs from serviceEnv. */
  security?: SecurityConfig;
  /** One service's settings over `env` (the producer's too): its own login on a secured cluster. */
  serviceEnv?: (service: ServiceName) => Record<string, string>;
  /** TOPIC_PREFIX, when the test provisioned it (and its ACLs) already; default a unique one. */
  prefix?: string;
}): Promise<TestDeployment> {
  const { brokers, registryUrl } = options.stack ?? stackEnv();
  const prefix = options.prefix ?? `${uniqueName(options.name)}.`;
  const logDir = await mkdtemp(join(tmpdir(), `netattack-${options.name}-`));
  const connection = await connectKafka({
    brokers,
    registryUrl,
    client: options.client ?? DEFAULT_KAFKA_CLIENT,
    topicPrefix: prefix,
    partitions: options.partitions,
    clientId: `test-${options.name}`,
    logger: createLogger(`test-${options.name}`, 'warn', { stream: 'stderr' }),
    security: options.security,
  });
  const env = {
    KAFKA_BROKERS: brokers.join(','),
    SCHEMA_REGISTRY_URL: registryUrl,
    TOPIC_PREFIX: prefix,
    KAFKA_CLIENT: options.client ?? DEFAULT_KAFKA_CLIENT,
    MODEL_DIR: options.modelDir ?? DEFAULT_MODEL,
    LOG_LEVEL: 'info',
    ...(options.partitions === undefined ? {} : { TOPIC_PARTITIONS: String(options.partitions) }),
    ...options.env,
  };
  let processes: Deployment;
  try {
    processes = await startDeployment({
      env,
      logDir,
      scorers: options.scorers,
      topology: options.topology,
      serviceEnv: options.serviceEnv,
    });
  } catch (error) {
    await connection.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    connection,
    processes,
    env,
    logDir,
    async replay(paths, extraEnv = {}) {
      const producer = await startServiceProcess(
        'producer',
        { ...env, ...options.serviceEnv?.('producer'), DATA_PATHS: paths.join(','), ...extraEnv },
        join(logDir, 'producer.log'),
      );
      return producer.exited;
    },
    waitUntilScored: (timeoutMs = 120_000) =>
      waitUntilScored(connection, timeoutMs, { exactlyOnce: options.env?.DELIVERY === 'exactly-once' }),
    async read<T>(topic: string) {
      const values: T[] = [];
      await readTopic<T>(connection, topic, {
        fromBeginning: true,
        follow: false,
        onRecords(records) {
          for (const { outcome } of records) {
            if (!outcome.ok) throw outcome.error;
            values.push(outcome.value);
          }
        },
      });
      return values;
    },
    close() {
      closing ??= (async () => {
        await processes.stop();
        await connection.admin.deleteTopics(Object.values(connection.topics));
        await connection.close();
      })();
      return closing;
    },
  };
}

export type { Alert, DeadLetter, FlowScore };
