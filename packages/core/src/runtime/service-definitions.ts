import type { StageName } from './stage-catalog.ts';

/**
 * What a service runs: a source that writes flows.raw (the day-file replay), or a chain of stages that
 * consumes one topic and produces the next. A consuming service's chain is its own stage unless
 * STAGES says otherwise, so where the topic boundaries sit is configuration, not code.
 */
export type ServiceWorkload =
  | { kind: 'source'; source: 'replay' }
  | { kind: 'stages'; stages: readonly StageName[] };

export interface ServiceDefinition {
  name: ServiceName;
  defaultHealthPort: number;
  workload: ServiceWorkload;
}

export const SERVICE_NAMES = ['producer', 'cleaner', 'features', 'scorer'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The default deployment: four services, each on its own topics. */
export const SERVICES: Readonly<Record<ServiceName, ServiceDefinition>> = {
  producer: { name: 'producer', defaultHealthPort: 9100, workload: { kind: 'source', source: 'replay' } },
  cleaner: { name: 'cleaner', defaultHealthPort: 9101, workload: { kind: 'stages', stages: ['clean'] } },
  features: { name: 'features', defaultHealthPort: 9102, workload: { kind: 'stages', stages: ['features'] } },
  scorer: { name: 'scorer', defaultHealthPort: 9103, workload: { kind: 'stages', stages: ['score'] } },
};
