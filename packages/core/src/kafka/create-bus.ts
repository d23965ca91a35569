import type { Logger } from '../log/logger.ts';
import { type Bus, DEFAULT_KAFKA_CLIENT, type KafkaClientName } from './bus.ts';
import { createConfluentBus } from './confluent/confluent-bus.ts';
import { createKafkaJsBus } from './kafkajs/kafkajs-bus.ts';
import { createRdKafkaBus } from './rdkafka/rdkafka-bus.ts';
import type { KafkaSecurity } from './security.ts';

export interface CreateBusOptions {
  /** kafkajs unless said otherwise. */
  client?: KafkaClientName;
  brokers: readonly string[];
  clientId: string;
  logger: Logger;
  /** Plaintext when absent. */
  security?: KafkaSecurity;
}

/** The one place a service picks its Kafka client; everything after this sees only the interface. */
export function createBus(options: CreateBusOptions): Bus {
  const settings = {
    brokers: options.brokers,
    clientId: options.clientId,
    logger: options.logger,
    security: options.security,
  };
  switch (options.client ?? DEFAULT_KAFKA_CLIENT) {
    case 'rdkafka':
      return createRdKafkaBus(settings);
    case 'confluent':
      return createConfluentBus(settings);
    default:
      return createKafkaJsBus(settings);
  }
}
