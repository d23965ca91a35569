import { PipelineError } from '../errors.ts';
import type { BusConsumer, BusProducer, MessageBatch } from '../kafka/bus.ts';
import type { TopicRole } from '../kafka/topics.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { coalesceBatches } from './coalesce-batches.ts';
import { type HealthServer, startHealthServer } from './health-server.ts';
import { createServiceMetrics, type ServiceMetrics } from './metrics.ts';
import { connectPipeline, type PipelineConnection } from './pipeline-connection.ts';
import { readCommonServiceConfig } from './service-config.ts';
import { processStageBatch, type StageDefinition } from './stage-batch.ts';

export interface StageContext {
  env: NodeJS.ProcessEnv;
  logger: Logger;
  metrics: ServiceMetrics;
}

export interface StageServiceSpec<In, Out> {
  name: string;
  defaultHealthPort: number;
  /**
   * Builds the stage once the common configuration is valid: reads the stage's own settings and opens
   * what it needs (the scorer's model). `close` runs last at shutdown.
   */
  create(context: StageContext): Promise<{ stage: StageDefinition<In, Out>; close?: () => Promise<void> }>;
}

export interface RunningService {
  readonly name: string;
  readonly healthPort: number;
  /** Settles when consumption ends: resolves after stop(), rejects on a fatal error. */
  readonly done: Promise<void>;
  /** Idempotent: readiness off, finish and commit the in-flight batch, then close everything. */
  stop(): Promise<void>;
}

/** Summary lines at most this often: per batch is already too chatty at 20k records/s. */
const LOG_EVERY_MS = 10_000;

/**
 * The thin shell every consuming service is: config, consume a batch, call the stage, produce the
 * outputs and dead letters, wait for their acknowledgement, let the consumer commit. Shutdown follows
 * one order: readiness off, consumer stop (finishes and commits its batch), producer flush and close,
 * admin, the stage's own resources, the health endpoint.
 */
export async function startStageService<In, Out>(
  spec: StageServiceSpec<In, Out>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningService> {
  const config = readCommonServiceConfig(spec.name, spec.defaultHealthPort, env);
  const logger = createLogger(spec.name, config.LOG_LEVEL);
  const metrics = createServiceMetrics(spec.name);
  const health: HealthServer = await startHealthServer({
    port: config.HEALTH_PORT,
    registry: metrics.registry,
    logger,
  });
  let connection: PipelineConnection | undefined;
  let producer: BusProducer | undefined;
  let consumer: BusConsumer | undefined;
  let closeStage: (() => Promise<void>) | undefined;
  let stopping: Promise<void> | undefined;

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      health.setReady(false);
      logger.info('stopping: finishing the batch in flight');
      await consumer?.stop();
      await producer?.disconnect();
      await connection?.close();
      await closeStage?.();
      await health.close();
      logger.info('stopped');
    })();
    return stopping;
  };

  try {
    const built = await spec.create({ env, logger, metrics });
    closeStage = built.close;
    const { stage } = built;
    connection = await connectPipeline({
      brokers: config.KAFKA_BROKERS,
      registryUrl: config.SCHEMA_REGISTRY_URL,
      client: config.KAFKA_CLIENT,
      topicPrefix: config.TOPIC_PREFIX,
      clientId: `netattack-${spec.name}`,
      logger,
    });
    const { serde, topics } = connection;
    const topicOf = (role: TopicRole) => topics[role];
    producer = connection.bus.producer();
    await producer.connect();
    consumer = connection.bus.consumer({
      groupId: config.GROUP_ID,
      maxBatchSize: config.BATCH_SIZE,
      partitionsConcurrently: config.PARTITIONS_CONCURRENTLY,
    });
    await consumer.connect();
    const inputTopic = topicOf(stage.input);
    await consumer.subscribe([inputTopic], { fromBeginning: true });
    metrics.trackLag(() => consumer?.lag() ?? []);

    const totals = { in: 0, out: 0, dead: 0, batches: 0 };
    let loggedAt = performance.now();
    const sink = producer;
    const handle = async (batches: MessageBatch[]): Promise<void> => {
      const started = performance.now();
      const outcome = await processStageBatch(
        batches.flatMap((b) => b.messages),
        stage,
        serde,
        topicOf,
      );
      await sink.send(outcome.messages);
      metrics.recordsIn.inc({ topic: inputTopic }, outcome.recordsIn);
      for (const [role, count] of Object.entries(outcome.recordsOut)) {
        metrics.recordsOut.inc({ topic: topicOf(role as TopicRole) }, count);
        totals.out += count;
      }
      for (const letter of outcome.deadLetters) metrics.deadLetters.inc({ reason: letter.reasonCode });
      metrics.batchSeconds.observe({ topic: inputTopic }, (performance.now() - started) / 1000);
      totals.in += outcome.recordsIn;
      totals.dead += outcome.deadLetters.length;
      totals.batches++;
      if (outcome.deadLetters.length > 0) {
        const first = outcome.deadLetters[0]!;
        logger.warn(
          { count: outcome.deadLetters.length, reason: first.reasonCode, example: first.message },
          'records dead-lettered',
        );
      }
      if (performance.now() - loggedAt >= LOG_EVERY_MS) {
        loggedAt = performance.now();
        logger.info({ ...totals, partitions: consumer?.assignment().length }, 'progress');
      }
    };
    const done = consumer.run(coalesceBatches(handle)).catch(async (error) => {
      logger.error({ err: error }, 'consumer failed; shutting down');
      await stop();
      throw error;
    });
    health.setReady(true);
    logger.info(
      {
        input: inputTopic,
        outputs: stage.outputs.map(topicOf),
        group: config.GROUP_ID,
        client: config.KAFKA_CLIENT,
      },
      'ready',
    );
    return { name: spec.name, healthPort: health.port, done, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error instanceof PipelineError
      ? error
      : new PipelineError('STAGE_FAILED', String(error), { cause: error });
  }
}
