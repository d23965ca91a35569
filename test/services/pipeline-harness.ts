import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KafkaClientName } from '../../packages/core/src/kafka/bus.ts';
import { createLogger } from '../../packages/core/src/log/logger.ts';
import {
  connectPipeline,
  type PipelineConnection,
} from '../../packages/core/src/service/pipeline-connection.ts';
import {
  type PipelineProcesses,
  startPipelineProcesses,
  waitUntilScored,
} from '../../packages/core/src/service/pipeline-run.ts';
import { startServiceProcess } from '../../packages/core/src/service/service-processes.ts';
import { readTopic } from '../../packages/core/src/service/topic-reader.ts';
import type { Alert, DeadLetter, FlowScore } from '../../packages/core/src/stages/pipeline-records.ts';
import { REPO_ROOT } from '../fixtures/paths.ts';
import { stackEnv } from '../support/stack-env.ts';
import { uniqueName } from '../support/unique-name.ts';

export const DEFAULT_MODEL = join(REPO_ROOT, 'models/default');
export const SAMPLE = join(REPO_ROOT, 'data/sample/cic2018');

/** A pipeline of real service processes on the test broker, on topics of its own. */
export interface TestPipeline {
  connection: PipelineConnection;
  processes: PipelineProcesses;
  env: Record<string, string>;
  logDir: string;
  /** Runs the producer over `paths` and waits until it exits (0 expected). */
  replay(paths: string[], extraEnv?: Record<string, string>): Promise<number>;
  waitUntilScored(timeoutMs?: number): Promise<void>;
  read<T>(topic: string): Promise<T[]>;
  /** Stops the services, deletes the topics. Idempotent. */
  close(): Promise<void>;
}

export async function startTestPipeline(options: {
  name: string;
  client?: KafkaClientName;
  modelDir?: string;
  scorers?: number;
  env?: Record<string, string>;
}): Promise<TestPipeline> {
  const { brokers, registryUrl } = stackEnv();
  const prefix = `${uniqueName(options.name)}.`;
  const logDir = await mkdtemp(join(tmpdir(), `netattack-${options.name}-`));
  const connection = await connectPipeline({
    brokers,
    registryUrl,
    client: options.client ?? 'kafkajs',
    topicPrefix: prefix,
    clientId: `test-${options.name}`,
    logger: createLogger(`test-${options.name}`, 'warn', { stream: 'stderr' }),
  });
  const env = {
    KAFKA_BROKERS: brokers.join(','),
    SCHEMA_REGISTRY_URL: registryUrl,
    TOPIC_PREFIX: prefix,
    KAFKA_CLIENT: options.client ?? 'kafkajs',
    MODEL_DIR: options.modelDir ?? DEFAULT_MODEL,
    LOG_LEVEL: 'info',
    ...options.env,
  };
  let processes: PipelineProcesses;
  try {
    processes = await startPipelineProcesses({ env, logDir, scorers: options.scorers });
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
        { ...env, DATA_PATHS: paths.join(','), ...extraEnv },
        join(logDir, 'producer.log'),
      );
      return producer.exited;
    },
    waitUntilScored: (timeoutMs = 120_000) => waitUntilScored(connection, timeoutMs),
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
