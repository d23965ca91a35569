import { createRequire } from 'node:module';

export type RdKafkaModule = typeof import('node-rdkafka');

let loaded: RdKafkaModule | undefined;

/**
 * node-rdkafka is a native addon: it is loaded on first use, so a service on the default kafkajs
 * client starts even where the addon was not built.
 */
export function loadRdKafka(): RdKafkaModule {
  loaded ??= createRequire(import.meta.url)('node-rdkafka') as RdKafkaModule;
  return loaded;
}

export function rdKafkaErrorCodes(): RdKafkaModule['CODES']['ERRORS'] {
  return loadRdKafka().CODES.ERRORS;
}
