import type {
  ConsumerGlobalConfig,
  ConsumerTopicConfig,
  GlobalConfig,
  ProducerGlobalConfig,
  ProducerTopicConfig,
} from 'node-rdkafka';
import type { Logger } from '../../log/logger.ts';
import type { ConsumerOptions } from '../bus.ts';
import { type KafkaSecurity, librdkafkaSecurity } from '../security.ts';

export interface RdKafkaConnection {
  brokers: readonly string[];
  clientId: string;
  logger: Logger;
  /** Plaintext when absent. */
  security?: KafkaSecurity;
}

function common(connection: RdKafkaConnection): GlobalConfig {
  return {
    'bootstrap.servers': connection.brokers.join(','),
    'client.id': connection.clientId,
    // librdkafka's own log lines stay off; errors reach pino through 'event.error'.
    log_level: 3,
    ...(connection.security ? librdkafkaSecurity(connection.security) : {}),
  };
}

export function producerConfig(connection: RdKafkaConnection): ProducerGlobalConfig {
  return {
    ...common(connection),
    'enable.idempotence': true,
    dr_cb: true,
    'linger.ms': 5,
    'batch.num.messages': 10_000,
    'queue.buffering.max.messages': 200_000,
  };
}

/**
 * acks=all (idempotence would force it anyway; stated so nobody lowers it by accident), and Java's
 * murmur2 partitioner, as the kafkajs implementation uses, so a key maps to the same partition
 * whichever client produced it (librdkafka's default, consistent_random, is CRC32-based).
 */
export function producerTopicConfig(): ProducerTopicConfig {
  return {
    'request.required.acks': -1,
    partitioner: 'murmur2_random',
    // A message not acknowledged within a minute fails its send, rather than librdkafka's 5 minutes.
    'message.timeout.ms': 60_000,
  };
}

export function consumerConfig(
  connection: RdKafkaConnection,
  options: ConsumerOptions,
): ConsumerGlobalConfig {
  return {
    ...common(connection),
    'group.id': options.groupId,
    'enable.auto.commit': false,
    'enable.auto.offset.store': false,
    // An end-of-partition event lets a batch return at once when the consumer has caught up, instead
    // of waiting out the consume timeout for more messages.
    'enable.partition.eof': true,
    'allow.auto.create.topics': false,
    rebalance_cb: true,
    offset_commit_cb: true,
    ...(options.sessionTimeoutMs ? { 'session.timeout.ms': options.sessionTimeoutMs } : {}),
  };
}

export function consumerTopicConfig(fromBeginning: boolean): ConsumerTopicConfig {
  return { 'auto.offset.reset': fromBeginning ? 'earliest' : 'latest' };
}

export function adminConfig(connection: RdKafkaConnection): GlobalConfig {
  return common(connection);
}
