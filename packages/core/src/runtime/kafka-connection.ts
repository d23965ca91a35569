import { AvroSerde, type AvroSerdeOptions } from '../avro/avro-serde.ts';
import { RegistryClient } from '../avro/registry-client.ts';
import type { Bus, BusAdmin, KafkaClientName } from '../kafka/bus.ts';
import { createBus } from '../kafka/create-bus.ts';
import type { Logger } from '../log/logger.ts';
import { checkTopology } from '../topology/check-topology.ts';
import { provisionTopics } from '../topology/provision.ts';
import { scopedTopics, TOPICS, type TopicRole } from '../topology/topics.ts';
import type { SecurityConfig } from './security-config.ts';

export interface KafkaConnectionOptions {
  brokers: readonly string[];
  registryUrl: string;
  client: KafkaClientName;
  topicPrefix: string;
  /** Partitions of every topic provisioned (at least DEFAULT_PARTITIONS, 6); existing topics grow to it. */
  partitions?: number;
  clientId: string;
  logger: Logger;
  /** The services wait for schema ids the registry does not know yet (SCHEMA_WAIT_TIMEOUT_S). */
  serdeOptions?: AvroSerdeOptions;
  /** Login and TLS for Kafka and the registry; plaintext without. */
  security?: SecurityConfig;
  /**
   * create: create the topics and register the schemas (idempotent; the default). check: only check
   * that they exist, for a principal that may not create them (a secured cluster).
   */
  topology?: 'create' | 'check';
  /** The topics this process uses, checked in `check` mode (default: all). */
  roles?: readonly TopicRole[];
}

export interface KafkaConnection {
  bus: Bus;
  admin: BusAdmin;
  serde: AvroSerde;
  topics: Record<TopicRole, string>;
  close(): Promise<void>;
}

/**
 * What every service and CLI command that touches the pipeline starts with: a bus on the chosen
 * client, the registry serde, and every pipeline topic created with its schema registered (both
 * idempotent, so whichever process starts first provisions and the others find it done).
 */
export async function connectKafka(options: KafkaConnectionOptions): Promise<KafkaConnection> {
  const bus = createBus({
    client: options.client,
    brokers: options.brokers,
    clientId: options.clientId,
    logger: options.logger,
    security: options.security?.kafka,
  });
  const admin = bus.admin();
  await admin.connect();
  const serde = new AvroSerde(
    new RegistryClient({
      url: options.registryUrl,
      clientId: options.clientId,
      auth: options.security?.registry,
    }),
    options.serdeOptions,
  );
  try {
    if (options.topology === 'check') {
      const roles = options.roles ?? (Object.keys(TOPICS) as TopicRole[]);
      await checkTopology({ admin, serde, prefix: options.topicPrefix, roles });
    } else {
      await provisionTopics({ admin, serde, prefix: options.topicPrefix, partitions: options.partitions });
    }
  } catch (error) {
    await admin.disconnect();
    throw error;
  }
  let closed = false;
  return {
    bus,
    admin,
    serde,
    topics: scopedTopics({ prefix: options.topicPrefix }),
    async close() {
      if (closed) return;
      closed = true;
      await admin.disconnect();
    },
  };
}
