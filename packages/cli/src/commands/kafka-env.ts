import { createLogger, readEnv } from '@netattack/core';
import type { KafkaClientName } from '@netattack/core/kafka';
import {
  commonServiceEnv,
  connectKafka,
  type KafkaConnection,
  readSecurityConfig,
  type SecurityConfig,
  topologyMode,
} from '@netattack/core/runtime';

/** What the commands that talk to Kafka read: the same variables as the services (see README). */
export function readKafkaEnv(env: NodeJS.ProcessEnv = process.env) {
  const { KAFKA_BROKERS, SCHEMA_REGISTRY_URL, KAFKA_CLIENT, TOPIC_PREFIX, TOPIC_PARTITIONS, TOPOLOGY } =
    commonServiceEnv(0);
  const config = readEnv(
    { KAFKA_BROKERS, SCHEMA_REGISTRY_URL, KAFKA_CLIENT, TOPIC_PREFIX, TOPIC_PARTITIONS, TOPOLOGY },
    env,
  );
  const security: SecurityConfig = readSecurityConfig(env);
  return { ...config, security, topology: topologyMode(config.TOPOLOGY, security) };
}

export interface ConnectFromEnvOptions {
  client?: KafkaClientName;
  /** Overrides TOPOLOGY: `netattack provision` always creates. */
  topology?: 'create' | 'check';
  env?: NodeJS.ProcessEnv;
}

export async function connectFromEnv(
  command: string,
  options: ConnectFromEnvOptions = {},
): Promise<KafkaConnection> {
  const env = options.env ?? process.env;
  const config = readKafkaEnv(env);
  return connectKafka({
    brokers: config.KAFKA_BROKERS,
    registryUrl: config.SCHEMA_REGISTRY_URL,
    client: options.client ?? config.KAFKA_CLIENT,
    topicPrefix: config.TOPIC_PREFIX,
    partitions: config.TOPIC_PARTITIONS,
    clientId: `netattack-cli-${command}`,
    logger: createLogger(`netattack-${command}`, env.LOG_LEVEL ?? 'warn', { stream: 'stderr' }),
    security: config.security,
    topology: options.topology ?? config.topology,
  });
}
