import { createLogger, readEnv } from '@netattack/core';
import type { KafkaClientName } from '@netattack/core/kafka';
import { commonServiceEnv, connectKafka, type KafkaConnection } from '@netattack/core/runtime';

/** The commands that talk to Kafka read the same variables as the services (see README). */
export async function connectFromEnv(
  command: string,
  client?: KafkaClientName,
  env: NodeJS.ProcessEnv = process.env,
): Promise<KafkaConnection> {
  const { KAFKA_BROKERS, SCHEMA_REGISTRY_URL, KAFKA_CLIENT, TOPIC_PREFIX } = commonServiceEnv(0);
  const config = readEnv({ KAFKA_BROKERS, SCHEMA_REGISTRY_URL, KAFKA_CLIENT, TOPIC_PREFIX }, env);
  return connectKafka({
    brokers: config.KAFKA_BROKERS,
    registryUrl: config.SCHEMA_REGISTRY_URL,
    client: client ?? config.KAFKA_CLIENT,
    topicPrefix: config.TOPIC_PREFIX,
    clientId: `netattack-cli-${command}`,
    logger: createLogger(`netattack-${command}`, env.LOG_LEVEL ?? 'warn', { stream: 'stderr' }),
  });
}
