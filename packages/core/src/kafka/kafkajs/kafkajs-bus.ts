import { readFileSync } from 'node:fs';
import { Kafka, type KafkaConfig, type SASLOptions } from 'kafkajs';
import type { Logger } from '../../log/logger.ts';
import type { Bus, BusAdmin, BusConsumer, BusProducer, ConsumerOptions } from '../bus.ts';
import type { KafkaSecurity } from '../security.ts';
import { KafkaJsAdmin } from './kafkajs-admin.ts';
import { KafkaJsConsumer } from './kafkajs-consumer.ts';
import { KAFKAJS_LOG_LEVEL, kafkaJsLogCreator } from './kafkajs-log.ts';
import { KafkaJsProducer } from './kafkajs-producer.ts';

export interface KafkaJsBusOptions {
  brokers: readonly string[];
  clientId: string;
  logger: Logger;
  security?: KafkaSecurity;
}

/** The one place a kafkajs client is made: our log bridge and the security settings, for the bus and the ACL admin. */
export function kafkaJsClient(options: KafkaJsBusOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: KAFKAJS_LOG_LEVEL,
    logCreator: kafkaJsLogCreator(options.logger),
    ...(options.security ? kafkaJsSecurity(options.security) : {}),
  });
}

export function createKafkaJsBus(options: KafkaJsBusOptions): Bus {
  const kafka = kafkaJsClient(options);
  return {
    client: 'kafkajs',
    producer: (): BusProducer => new KafkaJsProducer(kafka),
    consumer: (consumerOptions: ConsumerOptions): BusConsumer =>
      new KafkaJsConsumer(kafka, consumerOptions, options.logger),
    admin: (): BusAdmin => new KafkaJsAdmin(kafka),
  };
}

const KAFKAJS_MECHANISMS = {
  PLAIN: 'plain',
  'SCRAM-SHA-256': 'scram-sha-256',
  'SCRAM-SHA-512': 'scram-sha-512',
} as const;

/** kafkajs wants the PEM text, not paths: read once here, when the bus is made. */
function kafkaJsSecurity(security: KafkaSecurity): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const config: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (security.tls) {
    const { caFile, certFile, keyFile } = security.tls;
    config.ssl = {
      ...(caFile ? { ca: [readFileSync(caFile, 'utf8')] } : {}),
      ...(certFile ? { cert: readFileSync(certFile, 'utf8') } : {}),
      ...(keyFile ? { key: readFileSync(keyFile, 'utf8') } : {}),
    };
  }
  if (security.sasl) {
    const { mechanism, username, password } = security.sasl;
    config.sasl = { mechanism: KAFKAJS_MECHANISMS[mechanism], username, password } as SASLOptions;
  }
  return config;
}
