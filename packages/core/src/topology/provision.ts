import type { Schema } from 'avsc';
import type { AvroSerde } from '../avro/avro-serde.ts';
import { loadTopicSchemas } from '../avro/schema-files.ts';
import type { BusAdmin } from '../kafka/bus.ts';
import { DEFAULT_PARTITIONS, scopedTopics, type TopicRole, type TopicScope } from './topics.ts';

export interface ProvisionOptions extends TopicScope {
  admin: BusAdmin;
  serde: AvroSerde;
  /** At least DEFAULT_PARTITIONS (6), so several instances of a service can share a topic. */
  partitions?: number;
  /** Schemas by role; read from schemas/ when not given. */
  schemas?: Record<TopicRole, Schema>;
}

export interface ProvisionedTopic {
  role: TopicRole;
  topic: string;
  schemaId: number;
}

/**
 * Creates every pipeline topic and registers its value schema (subject `<topic>-value`, BACKWARD).
 * Safe to run again: existing topics and identical schemas are left as they are. The serde comes out
 * ready to encode to, and decode from, every topic.
 */
export async function provisionTopics(
  options: ProvisionOptions,
): Promise<Record<TopicRole, ProvisionedTopic>> {
  const partitions = Math.max(options.partitions ?? DEFAULT_PARTITIONS, DEFAULT_PARTITIONS);
  const names = scopedTopics(options);
  const schemas = options.schemas ?? (await loadTopicSchemas());
  const roles = Object.keys(names) as TopicRole[];
  await options.admin.createTopics(roles.map((role) => ({ topic: names[role], partitions })));
  const provisioned = {} as Record<TopicRole, ProvisionedTopic>;
  for (const role of roles) {
    const schemaId = await options.serde.register(names[role], schemas[role]);
    provisioned[role] = { role, topic: names[role], schemaId };
  }
  return provisioned;
}
