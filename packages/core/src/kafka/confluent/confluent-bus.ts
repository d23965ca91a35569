import type { Logger } from '../../log/logger.ts';
import type { Bus, BusAdmin, BusConsumer, BusProducer, ConsumerOptions } from '../bus.ts';
import type { KafkaSecurity } from '../security.ts';
import { ConfluentAdmin } from './confluent-admin.ts';
import { ConfluentConsumer } from './confluent-consumer.ts';
import { ConfluentProducer } from './confluent-producer.ts';

export interface ConfluentBusOptions {
  brokers: readonly string[];
  clientId: string;
  logger: Logger;
  security?: KafkaSecurity;
}

export function createConfluentBus(options: ConfluentBusOptions): Bus {
  const connection = {
    brokers: options.brokers,
    clientId: options.clientId,
    logger: options.logger,
    security: options.security,
  };
  return {
    client: 'confluent',
    producer: (): BusProducer => new ConfluentProducer(connection),
    consumer: (consumerOptions: ConsumerOptions): BusConsumer =>
      new ConfluentConsumer(connection, consumerOptions),
    admin: (): BusAdmin => new ConfluentAdmin(connection),
  };
}
