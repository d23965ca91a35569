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

export interface TopicScope {
  /** Put before every name: several pipelines (or test runs) can share one cluster. */
  prefix?: string;
  /** Put after every name, e.g. a unique run id in tests. */
  suffix?: string;
}

/** The topic of every role, with the scope's prefix and suffix applied. */
export function scopedTopics(scope: TopicScope = {}): Record<TopicRole, string> {
  const prefix = scope.prefix ?? '';
  const suffix = scope.suffix ?? '';
  const roles = Object.keys(TOPICS) as TopicRole[];
  return Object.fromEntries(roles.map((role) => [role, `${prefix}${TOPICS[role]}${suffix}`])) as Record<
    TopicRole,
    string
  >;
}
