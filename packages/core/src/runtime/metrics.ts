import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { PartitionLag } from '../kafka/bus.ts';

export interface ServiceMetrics {
  readonly registry: Registry;
  /** Records consumed, by input topic. */
  readonly recordsIn: Counter<'topic'>;
  /** Records produced and acknowledged, by output topic. */
  readonly recordsOut: Counter<'topic'>;
  /** Records sent to the dead-letter topic, by reason code. */
  readonly deadLetters: Counter<'reason'>;
  /** Messages behind the high watermark, per assigned partition; read from `trackLag`'s source. */
  readonly consumerLag: Gauge<'topic' | 'partition'>;
  /** Seconds from a batch's arrival to its outputs being acknowledged. */
  readonly batchSeconds: Histogram<'topic'>;
  /** The lag gauge asks this (usually `consumer.lag`) each time metrics are scraped. */
  trackLag(source: () => PartitionLag[]): void;
}

export interface ServiceMetricsOptions {
  /** A registry of the caller's; a new one by default (tests make several services in one process). */
  registry?: Registry;
  /** Process metrics (CPU, memory, event-loop lag, GC); on by default. */
  processMetrics?: boolean;
}

/** Per-batch latencies of a stream processor: a millisecond up to tens of seconds under back-off. */
const BATCH_SECONDS_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The metrics every service exposes, labelled with the service name. */
export function createServiceMetrics(service: string, options: ServiceMetricsOptions = {}): ServiceMetrics {
  const registry = options.registry ?? new Registry();
  registry.setDefaultLabels({ service });
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'netattack_' });

  let lagSource: (() => PartitionLag[]) | undefined;
  const registers = [registry];
  const consumerLag = new Gauge({
    name: 'netattack_consumer_lag',
    help: 'Messages on the partition after the last one handled',
    labelNames: ['topic', 'partition'] as const,
    registers,
    collect() {
      if (!lagSource) return;
      // Partitions move between instances: reset so a revoked partition stops being reported here.
      this.reset();
      for (const { topic, partition, lag } of lagSource())
        this.set({ topic, partition: String(partition) }, lag);
    },
  });

  return {
    registry,
    recordsIn: new Counter({
      name: 'netattack_records_in_total',
      help: 'Records consumed',
      labelNames: ['topic'] as const,
      registers,
    }),
    recordsOut: new Counter({
      name: 'netattack_records_out_total',
      help: 'Records produced and acknowledged',
      labelNames: ['topic'] as const,
      registers,
    }),
    deadLetters: new Counter({
      name: 'netattack_dead_letters_total',
      help: 'Records sent to the dead-letter topic',
      labelNames: ['reason'] as const,
      registers,
    }),
    consumerLag,
    batchSeconds: new Histogram({
      name: 'netattack_batch_processing_seconds',
      help: 'Seconds from receiving a batch to its outputs being acknowledged',
      labelNames: ['topic'] as const,
      buckets: BATCH_SECONDS_BUCKETS,
      registers,
    }),
    trackLag(source) {
      lagSource = source;
    },
  };
}
