import type { Schema } from 'avsc';
import type { AvroSerde } from '../avro/avro-serde.ts';
import { loadTopicSchemas } from '../avro/schema-files.ts';
import { PipelineError } from '../errors.ts';
import type { BusAdmin } from '../kafka/bus.ts';
import { scopedTopics, type TopicRole, type TopicScope } from './topics.ts';

export interface CheckTopologyOptions extends TopicScope {
  admin: BusAdmin;
  serde: AvroSerde;
  /** The topics this principal uses; each must exist and be visible to it (DESCRIBE, implied by READ or WRITE). */
  roles: readonly TopicRole[];
  schemas?: Record<TopicRole, Schema>;
}

/**
 * What a service does on a secured cluster instead of provisioning: it may not create topics or
 * register schemas, so it checks that its topics exist and that every pipeline schema is registered,
 * and says which are missing. The serde comes out ready, as after `provisionTopics`.
 */
export async function checkTopology(options: CheckTopologyOptions): Promise<void> {
  const names = scopedTopics(options);
  const schemas = options.schemas ?? (await loadTopicSchemas());
  const visible = new Set(await options.admin.listTopics());
  const missing = options.roles.map((role) => names[role]).filter((topic) => !visible.has(topic));
  if (missing.length > 0) {
    throw new PipelineError(
      'TOPOLOGY_MISSING',
      `topics missing, or not visible to this principal: ${missing.join(', ')}; run \`netattack provision\` with an admin principal, and grant this one its topics (\`netattack provision --acls\`)`,
      { details: { missing } },
    );
  }
  const roles = Object.keys(names) as TopicRole[];
  const unregistered: string[] = [];
  for (const role of roles) {
    try {
      await options.serde.lookup(names[role], schemas[role]);
    } catch (error) {
      if (!(error instanceof PipelineError) || error.code !== 'TOPOLOGY_MISSING') throw error;
      unregistered.push(`${names[role]}-value`);
    }
  }
  if (unregistered.length > 0) {
    throw new PipelineError(
      'TOPOLOGY_MISSING',
      `schemas not registered (or not this version): ${unregistered.join(', ')}; run \`netattack provision\` first`,
      { details: { unregistered } },
    );
  }
}
