/**
 * Topic names and the schema each carries. Subjects follow the topic-name strategy (`<topic>-value`),
 * so every topic has one value schema whose evolution the registry checks (BACKWARD).
 */
export const TOPICS = {
  raw: 'flows.raw',
  clean: 'flows.clean',
  features: 'flows.features',
  scores: 'flows.scores',
  alerts: 'alerts',
  deadLetter: 'flows.deadletter',
} as const;

export type TopicRole = keyof typeof TOPICS;

/** The .avsc file in schemas/ that each topic's values follow. */
export const TOPIC_SCHEMA_FILES: Record<TopicRole, string> = {
  raw: 'raw-flow.avsc',
  clean: 'clean-flow.avsc',
  features: 'feature-vector.avsc',
  scores: 'flow-score.avsc',
  alerts: 'alert.avsc',
  deadLetter: 'dead-letter.avsc',
};

export function valueSubject(topic: string): string {
  return `${topic}-value`;
}

/** Topics are created with at least this many partitions so several instances can share the work. */
export const DEFAULT_PARTITIONS = 6;
