import { boolVar, intVar, listVar, readEnv, stringVar } from '@netattack/core/config/env';
import { isPipelineError } from '@netattack/core/errors';
import { createLogger } from '@netattack/core/log/logger';
import { parseSpeed } from '@netattack/core/replay/pacer';
import { replayToKafka } from '@netattack/core/replay/replay-to-kafka';
import { startHealthServer } from '@netattack/core/service/health-server';
import { createServiceMetrics } from '@netattack/core/service/metrics';
import { connectPipeline } from '@netattack/core/service/pipeline-connection';
import { readCommonServiceConfig } from '@netattack/core/service/service-config';

/**
 * Replays day files into flows.raw (the same code as `netattack replay`), then exits; with
 * REPLAY_LOOP it goes on until stopped. SIGTERM stops the replay after the batch in flight.
 */
async function main(): Promise<number> {
  const common = readCommonServiceConfig('producer', 9100);
  const config = readEnv({
    DATA_PATHS: listVar({ description: 'CSV files or directories to replay' }),
    REPLAY_SPEED: stringVar({ default: 'max', description: 'realtime, <N>x or max' }),
    REPLAY_RATE: intVar({ default: 0, min: 0, description: 'Flows per second at most (0: no cap)' }),
    REPLAY_LIMIT: intVar({ default: 0, min: 0, description: 'Rows to replay at most (0: all)' }),
    REPLAY_LOOP: boolVar({ default: false, description: 'Start over at the end of the files' }),
  });
  const speed = parseSpeed(config.REPLAY_SPEED);
  const logger = createLogger('producer', common.LOG_LEVEL);
  const metrics = createServiceMetrics('producer');
  const health = await startHealthServer({ port: common.HEALTH_PORT, registry: metrics.registry, logger });
  const abort = new AbortController();
  const onSignal = () => {
    health.setReady(false);
    abort.abort();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  const connection = await connectPipeline({
    brokers: common.KAFKA_BROKERS,
    registryUrl: common.SCHEMA_REGISTRY_URL,
    client: common.KAFKA_CLIENT,
    topicPrefix: common.TOPIC_PREFIX,
    clientId: 'netattack-producer',
    logger,
  });
  health.setReady(true);
  let produced = 0;
  const rejected: Record<string, number> = {};
  try {
    const summary = await replayToKafka(connection, {
      paths: config.DATA_PATHS,
      speed,
      rate: config.REPLAY_RATE > 0 ? config.REPLAY_RATE : null,
      limit: config.REPLAY_LIMIT > 0 ? config.REPLAY_LIMIT : null,
      loop: config.REPLAY_LOOP,
      batchSize: common.BATCH_SIZE,
      signal: abort.signal,
      onProgress: (progress) => {
        metrics.recordsOut.inc({ topic: connection.topics.raw }, progress.produced - produced);
        produced = progress.produced;
        for (const [reason, count] of Object.entries(progress.rejectedByReason)) {
          metrics.deadLetters.inc({ reason }, count - (rejected[reason] ?? 0));
          rejected[reason] = count;
        }
      },
    });
    logger.info({ ...summary, files: summary.files.length }, 'replay finished');
    return 0;
  } finally {
    health.setReady(false);
    await connection.close();
    await health.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(isPipelineError(error) && error.code === 'CONFIG_INVALID' ? 78 : 1);
  },
);
