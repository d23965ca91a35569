import type { TopicRole } from '../topology/topics.ts';
import type { ServiceDefinition } from './service-definitions.ts';
import { STAGE_NAMES, STAGE_TOPICS, type StageName } from './stage-catalog.ts';

/** The topics one service reads (with its consumer group) and writes: all it is granted on a secured cluster. */
export interface TopicAccess {
  readonly reads: readonly TopicRole[];
  readonly writes: readonly TopicRole[];
}

/**
 * A chain reads its first stage's input and writes its last stage's outputs, the topics between its
 * stages when it emits them, and dead letters (every stage may dead-letter).
 */
export function chainAccess(stages: readonly StageName[], emitIntermediate = false): TopicAccess {
  const writes = new Set<TopicRole>();
  stages.forEach((stage, index) => {
    const last = index === stages.length - 1;
    if (last || emitIntermediate) for (const role of STAGE_TOPICS[stage].outputs) writes.add(role);
  });
  writes.add('deadLetter');
  return { reads: [STAGE_TOPICS[stages[0]!].input], writes: [...writes] };
}

/** The replay reads nothing from Kafka; it writes flows and dead letters for rows it cannot read. */
export const SOURCE_ACCESS: TopicAccess = { reads: [], writes: ['raw', 'deadLetter'] };

export function serviceAccess(definition: ServiceDefinition, stages?: readonly StageName[]): TopicAccess {
  if (definition.workload.kind === 'source') return SOURCE_ACCESS;
  return chainAccess(stages ?? definition.workload.stages);
}

/** The fused deployment's one consumer runs every stage. */
export const FUSED_ACCESS: TopicAccess = chainAccess(STAGE_NAMES);
