import type { Logger } from '../../log/logger.ts';
import type { Bus, BusAdmin, BusConsumer, BusProducer, ConsumerOptions } from '../bus.ts';
import type { KafkaSecurity } from '../security.ts';
import { RdKafkaAdmin } from './rdkafka-admin.ts';
import { RdKafkaConsumer } from './rdkafka-consumer.ts';
import { RdKafkaProducer } from './rdkafka-producer.ts';

export interface RdKafkaBusOptions {
  brokers: readonly string[];
  clientId: string;
  logger: Logger;
  security?: KafkaSecurity;
}

export function createRdKafkaBus(options: RdKafkaBusOptions): Bus {
  const connection = {
    brokers: options.brokers,
    clientId: options.clientId,
    logger: options.logger,
    security: options.security,
  };
  return {
    client: 'rdkafka',
    producer: (): BusProducer => new RdKafkaProducer(connection),
    consumer: (consumerOptions: ConsumerOptions): BusConsumer =>
      new RdKafkaConsumer(connection, consumerOptions),
    admin: (): BusAdmin => new RdKafkaAdmin(connection),
  };
}
