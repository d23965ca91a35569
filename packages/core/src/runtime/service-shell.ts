import { boolVar, listVar, readEnv } from '../config/env.ts';
import { isPipelineError, needsOperator, PipelineError } from '../errors.ts';
import { describeSecurity } from '../kafka/security.ts';
import { createLogger } from '../log/logger.ts';
import { Availability, watchKafka, withDeadline } from './availability.ts';
import { startChainWork } from './consume-stages.ts';
import { type HealthServer, startHealthServer } from './health-server.ts';
import { connectKafka, type KafkaConnection } from './kafka-connection.ts';
import { createServiceMetrics } from './metrics.ts';
import { readReplaySettings, startReplayWork } from './replay-source.ts';
import { chainAccess, SOURCE_ACCESS } from './service-access.ts';
import { readCommonServiceConfig } from './service-config.ts';
import type { ServiceDefinition } from './service-definitions.ts';
import { type BuiltStage, buildStages, parseStageNames, type StageName } from './stage-catalog.ts';
import { chainStages } from './stage-chain.ts';
import type { ServiceWork, WorkContext } from './work.ts';

/** EX_CONFIG from sysexits.h: the operator has to fix a setting before a restart can help. */
export const EXIT_CONFIG = 78;
/** EX_UNAVAILABLE from sysexits.h: the broker or the registry stayed away past KAFKA_RETRY_TIMEOUT_S. */
export const EXIT_UNAVAILABLE = 69;
/** Shutting down after giving up on Kafka may itself wait on Kafka (a final commit, a flush): bounded. */
const GIVE_UP_STOP_MS = 5_000;

export interface RunningService {
  readonly name: string;
  readonly healthPort: number;
  /** Settles when the work ends: a source when it has sent everything, a chain after stop(); rejects on a fatal error. */
  readonly done: Promise<void>;
  /** Idempotent: readiness off, finish and commit the batch in flight, then close everything. */
  stop(): Promise<void>;
}

/** Reads STAGES and EMIT_INTERMEDIATE of a consuming service. */
function readChainSettings(env: NodeJS.ProcessEnv, defaults: readonly StageName[]) {
  const config = readEnv(
    {
      STAGES: listVar({
        default: [...defaults],
        description: 'Stages this service runs in one process, in order (clean,features,score)',
      }),
      EMIT_INTERMEDIATE: boolVar({
        default: false,
        description: 'Also write the topics between the chained stages (flows.clean, flows.features)',
      }),
    },
    env,
  );
  return { stages: parseStageNames(config.STAGES), emitIntermediate: config.EMIT_INTERMEDIATE };
}

/**
 * The one shell every service is: config from the environment (all of it checked before anything
 * opens), logs, metrics, health; then its workload, a source or a chain of stages; and one shutdown
 * order: readiness off, the work finishes and commits its batch, Kafka clients close, the stages'
 * own resources (the model watcher), the health endpoint.
 */
export async function startService(
  definition: ServiceDefinition,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningService> {
  const { workload } = definition;
  const config = readCommonServiceConfig(definition.name, definition.defaultHealthPort, env);
  const chainSettings = workload.kind === 'stages' ? readChainSettings(env, workload.stages) : null;
  const replaySettings = workload.kind === 'source' ? readReplaySettings(env, config.BATCH_SIZE) : null;
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  const metrics = createServiceMetrics(definition.name);
  const availability = new Availability();
  const health: HealthServer = await startHealthServer({
    port: config.HEALTH_PORT,
    registry: metrics.registry,
    logger,
    problems: () => availability.problems(),
  });
  let built: BuiltStage[] = [];
  let connection: KafkaConnection | undefined;
  let work: ServiceWork | undefined;
  let stopping: Promise<void> | undefined;
  let watchdog: { stop(): void } | undefined;
  let gaveUp: ((error: PipelineError) => void) | undefined;
  const givingUp = new Promise<never>((_, reject) => {
    gaveUp = reject;
  });
  givingUp.catch(() => undefined);

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      watchdog?.stop();
      health.setReady(false);
      logger.info('stopping: finishing the batch in flight');
      await work?.stop();
      await connection?.close();
      for (const stage of built) await stage.close?.();
      await health.close();
      logger.info('stopped');
    })();
    return stopping;
  };

  try {
    if (chainSettings !== null) built = await buildStages(chainSettings.stages, { env, logger });
    const access =
      chainSettings !== null
        ? chainAccess(chainSettings.stages, chainSettings.emitIntermediate)
        : SOURCE_ACCESS;
    logger.info(
      { security: describeSecurity(config.security.kafka), topology: config.topology },
      'connecting to Kafka',
    );
    connection = await connectKafka({
      brokers: config.KAFKA_BROKERS,
      registryUrl: config.SCHEMA_REGISTRY_URL,
      client: config.KAFKA_CLIENT,
      topicPrefix: config.TOPIC_PREFIX,
      partitions: config.TOPIC_PARTITIONS,
      clientId: `netattack-${definition.name}`,
      logger,
      serdeOptions: { unknownIdWaitMs: config.SCHEMA_WAIT_TIMEOUT_S * 1000 },
      security: config.security,
      topology: config.topology,
      roles: [...access.reads, ...access.writes],
    });
    const context: WorkContext = { name: definition.name, config, logger, metrics, connection, availability };
    work =
      chainSettings !== null
        ? await startChainWork(
            context,
            chainStages(
              built.map((b) => b.stage),
              chainSettings.emitIntermediate,
            ),
          )
        : await startReplayWork(context, replaySettings!);
    watchdog = watchKafka({
      admin: connection.admin,
      topic: connection.topics.deadLetter,
      brokers: config.KAFKA_BROKERS,
      availability,
      logger,
      retryTimeoutMs: config.KAFKA_RETRY_TIMEOUT_S * 1000,
      onGiveUp: (error) => gaveUp?.(error),
    });
    const done = Promise.race([work.done, givingUp]).catch(async (error) => {
      logger.error({ err: error }, `${definition.name} failed; shutting down`);
      // Bounded after giving up on Kafka: the final commit and flush would only wait on Kafka too.
      const gone = isPipelineError(error) && error.code === 'KAFKA_UNAVAILABLE';
      await (gone ? withDeadline(stop(), GIVE_UP_STOP_MS, 'shutdown').catch(() => undefined) : stop());
      throw error;
    });
    health.setReady(true);
    return { name: definition.name, healthPort: health.port, done, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error instanceof PipelineError
      ? error
      : new PipelineError('STAGE_FAILED', String(error), { cause: error });
  }
}

/**
 * A service process's main: start, stop cleanly on SIGTERM or SIGINT or when a source has sent
 * everything (exit 0), exit non-zero when it cannot start (78 for a bad setting) or its work fails,
 * with the reason on stderr.
 */
export async function runServiceMain(definition: ServiceDefinition): Promise<void> {
  let service: RunningService;
  try {
    service = await startService(definition);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(needsOperator(error) ? EXIT_CONFIG : 1);
  }
  const shutdown = () => {
    service.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  try {
    await service.done;
    await service.stop();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    const unavailable =
      isPipelineError(error) && (error.code === 'KAFKA_UNAVAILABLE' || error.code === 'REGISTRY_UNAVAILABLE');
    process.exit(needsOperator(error) ? EXIT_CONFIG : unavailable ? EXIT_UNAVAILABLE : 1);
  }
  process.exit(0);
}
