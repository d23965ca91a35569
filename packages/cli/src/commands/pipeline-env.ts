import { readEnv } from '@netattack/core/config/env';
import type { KafkaClientName } from '@netattack/core/kafka/bus';
import { createLogger } from '@netattack/core/log/logger';
import { connectPipeline, type PipelineConnection } from '@netattack/core/service/pipeline-connection';
import { commonServiceEnv } from '@netattack/core/service/service-config';

/** The commands that talk to Kafka read the same variables as the services (see README). */
export async function connectFromEnv(
  command: string,
  client?: KafkaClientName,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PipelineConnection> {
  const { KAFKA_BROKERS, SCHEMA_REGISTRY_URL, KAFKA_CLIENT, TOPIC_PREFIX } = commonServiceEnv(0);
  const config = readEnv({ KAFKA_BROKERS, SCHEMA_REGISTRY_URL, KAFKA_CLIENT, TOPIC_PREFIX }, env);
  return connectPipeline({
    brokers: config.KAFKA_BROKERS,
    registryUrl: config.SCHEMA_REGISTRY_URL,
    client: client ?? config.KAFKA_CLIENT,
    topicPrefix: config.TOPIC_PREFIX,
    clientId: `netattack-cli-${command}`,
    logger: createLogger(`netattack-${command}`, env.LOG_LEVEL ?? 'warn', { stream: 'stderr' }),
  });
}
