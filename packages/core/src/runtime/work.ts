import type { Logger } from '../log/logger.ts';
import type { Availability } from './availability.ts';
import type { KafkaConnection } from './kafka-connection.ts';
import type { ServiceMetrics } from './metrics.ts';
import type { CommonServiceConfig } from './service-config.ts';

/** What the shell hands a workload: its settings and everything already opened for it. */
export interface WorkContext {
  name: string;
  config: CommonServiceConfig;
  logger: Logger;
  metrics: ServiceMetrics;
  connection: KafkaConnection;
  /** Where the work reports what it is waiting for (readiness is off meanwhile); optional for callers outside the shell. */
  availability?: Availability;
}

/** A running workload, a source or a chain of stages, as the shell sees it. */
export interface ServiceWork {
  /** Settles when the work ends: resolves once done (a source) or after stop(); rejects on a fatal error. */
  readonly done: Promise<void>;
  /** Idempotent: finishes the batch in flight, commits it, closes the work's own clients. */
  stop(): Promise<void>;
}
