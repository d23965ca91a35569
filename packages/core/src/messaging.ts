/** @netattack/core/kafka: the Bus interface over the Kafka clients, and Avro through the schema registry. */

export * from './avro/avro-serde.ts';
export * from './avro/registry-client.ts';
export * from './avro/registry-http.ts';
export * from './avro/schema-files.ts';
export * from './avro/wire-format.ts';
export * from './kafka/bus.ts';
export * from './kafka/create-bus.ts';
export * from './kafka/kafkajs/kafkajs-acls.ts';
export * from './kafka/security.ts';
