import type {
  ConsumerGlobalConfig,
  ConsumerTopicConfig,
  GlobalConfig,
  ProducerGlobalConfig,
  ProducerTopicConfig,
} from '@confluentinc/kafka-javascript';
import type { Logger } from '../../log/logger.ts';
import type { ConsumerOptions } from '../bus.ts';
import { type KafkaSecurity, librdkafkaSecurity } from '../security.ts';

export interface ConfluentConnection {
  brokers: readonly string[];
  clientId: string;
  logger: Logger;
  /** Plaintext when absent. */
  security?: KafkaSecurity;
}

/** librdkafka's syslog levels: 6 (info) lets its notices through; debug contexts stay off. */
const LIBRDKAFKA_LOG_INFO = 6;

function common(connection: ConfluentConnection): GlobalConfig {
  return {
    'bootstrap.servers': connection.brokers.join(','),
    'client.id': connection.clientId,
    // Its log lines reach pino through 'event.log' (see confluent-log.ts), level for level.
    log_level: LIBRDKAFKA_LOG_INFO,
    // The broker closes idle connections (connections.max.idle.ms): normal, not worth a line each.
    'log.connection.close': false,
    // Produce requests and their acknowledgements are small and each send waits for them: Nagle's
    // delay would only add latency.
    'socket.nagle.disable': true,
    ...(connection.security ? librdkafkaSecurity(connection.security) : {}),
  };
}

/**
 * Throughput without loosening a guarantee: idempotence (acks=all, at most 5 requests in flight,
 * order kept across retries) stays; what is tuned is how messages are packed. Every `send` is
 * produced in one synchronous loop and then awaited, so the linger only delays the last partial
 * batch of each send: 2 ms instead of librdkafka's 5 packs as well at these send sizes.
 * `batch.size` stays at librdkafka's 1,000,000 bytes, under the broker's 1 MiB message.max.bytes,
 * so no request is refused and `send-chunks.ts` is not needed here. No compression: the broker and
 * the services share two cores on loopback, where CPU, not bytes, is what runs out.
 */
export function producerConfig(connection: ConfluentConnection): ProducerGlobalConfig {
  return {
    ...common(connection),
    'enable.idempotence': true,
    dr_cb: true,
    'linger.ms': 2,
    'batch.num.messages': 10_000,
    'queue.buffering.max.messages': 200_000,
  };
}

/**
 * acks=all (idempotence would force it anyway; stated so nobody lowers it by accident), and Java's
 * murmur2 partitioner, as the other two clients use, so a key lands on the same partition whichever
 * client produced it (librdkafka's default, consistent_random, is CRC32-based).
 */
export function producerTopicConfig(): ProducerTopicConfig {
  return {
    'request.required.acks': -1,
    partitioner: 'murmur2_random',
    // A message not acknowledged within a minute fails its send, rather than librdkafka's 5 minutes.
    'message.timeout.ms': 60_000,
  };
}

/**
 * Fetching keeps librdkafka's defaults on purpose: it prefetches in the background (up to 100,000
 * messages or 64 MiB per partition queue), a fetch answers as soon as one byte is there
 * (fetch.min.bytes 1), and 1 MiB per partition per fetch is already more than a batch of 1000 raw
 * flows (about 460 KB). No end-of-partition events: `consume` returns what is queued once the first
 * message is there (see the consumer), so nothing needs them to end a batch early.
 */
export function consumerConfig(
  connection: ConfluentConnection,
  options: ConsumerOptions,
): ConsumerGlobalConfig {
  return {
    ...common(connection),
    'group.id': options.groupId,
    'enable.auto.commit': false,
    'enable.auto.offset.store': false,
    'enable.partition.eof': false,
    'allow.auto.create.topics': false,
    rebalance_cb: true,
    offset_commit_cb: true,
    ...(options.sessionTimeoutMs ? { 'session.timeout.ms': options.sessionTimeoutMs } : {}),
  };
}

export function consumerTopicConfig(fromBeginning: boolean): ConsumerTopicConfig {
  return { 'auto.offset.reset': fromBeginning ? 'earliest' : 'latest' };
}

export function adminConfig(connection: ConfluentConnection): GlobalConfig {
  return common(connection);
}
