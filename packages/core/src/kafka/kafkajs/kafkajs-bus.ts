import { Kafka } from 'kafkajs';
import type { Logger } from '../../log/logger.ts';
import type { Bus, BusAdmin, BusConsumer, BusProducer, ConsumerOptions } from '../bus.ts';
import { KafkaJsAdmin } from './kafkajs-admin.ts';
import { KafkaJsConsumer } from './kafkajs-consumer.ts';
import { KAFKAJS_LOG_LEVEL, kafkaJsLogCreator } from './kafkajs-log.ts';
import { KafkaJsProducer } from './kafkajs-producer.ts';

export interface KafkaJsBusOptions {
  brokers: readonly string[];
  clientId: string;
  logger: Logger;
}

export function createKafkaJsBus(options: KafkaJsBusOptions): Bus {
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: KAFKAJS_LOG_LEVEL,
    logCreator: kafkaJsLogCreator(options.logger),
  });
  return {
    client: 'kafkajs',
    producer: (): BusProducer => new KafkaJsProducer(kafka),
    consumer: (consumerOptions: ConsumerOptions): BusConsumer =>
      new KafkaJsConsumer(kafka, consumerOptions, options.logger),
    admin: (): BusAdmin => new KafkaJsAdmin(kafka),
  };
}
