import { boolVar, intVar, listVar, readEnv, stringVar } from '../config/env.ts';
import { kafkaReplaySink } from '../replay/kafka-sink.ts';
import { parseSpeed } from '../replay/pacer.ts';
import { type ReplayOptions, type ReplaySummary, replayFiles } from '../replay/replay.ts';
import type { KafkaConnection } from './kafka-connection.ts';
import type { ServiceWork, WorkContext } from './work.ts';

/** A replay into the raw and dead-letter topics, with its own producer (also what `netattack replay` runs). */
export async function replayToKafka(
  connection: KafkaConnection,
  options: ReplayOptions,
): Promise<ReplaySummary> {
  const producer = connection.bus.producer();
  await producer.connect();
  try {
    const sink = kafkaReplaySink(producer, connection.serde, {
      raw: connection.topics.raw,
      deadLetter: connection.topics.deadLetter,
    });
    return await replayFiles(options, sink);
  } finally {
    await producer.disconnect();
  }
}

export type ReplaySettings = Omit<ReplayOptions, 'signal' | 'onProgress'>;

/** The producer service's settings, checked with the common ones before anything opens. */
export function readReplaySettings(env: NodeJS.ProcessEnv, batchSize: number): ReplaySettings {
  const config = readEnv(
    {
      DATA_PATHS: listVar({ description: 'CSV files or directories to replay' }),
      REPLAY_SPEED: stringVar({ default: 'max', description: 'realtime, <N>x or max' }),
      REPLAY_RATE: intVar({ default: 0, min: 0, description: 'Flows per second at most (0: no cap)' }),
      REPLAY_LIMIT: intVar({ default: 0, min: 0, description: 'Rows to replay at most (0: all)' }),
      REPLAY_LOOP: boolVar({ default: false, description: 'Start over at the end of the files' }),
    },
    env,
  );
  return {
    paths: config.DATA_PATHS,
    speed: parseSpeed(config.REPLAY_SPEED),
    rate: config.REPLAY_RATE > 0 ? config.REPLAY_RATE : null,
    limit: config.REPLAY_LIMIT > 0 ? config.REPLAY_LIMIT : null,
    loop: config.REPLAY_LOOP,
    batchSize,
  };
}

/**
 * The day-file replay as a service's source: ends when every row is sent (or, with REPLAY_LOOP, when
 * stopped); stop() ends it after the batches in flight are acknowledged.
 */
export async function startReplayWork(context: WorkContext, settings: ReplaySettings): Promise<ServiceWork> {
  const { connection, metrics, logger } = context;
  const abort = new AbortController();
  let produced = 0;
  const rejected: Record<string, number> = {};
  const done = replayToKafka(connection, {
    ...settings,
    signal: abort.signal,
    onProgress: (progress) => {
      metrics.recordsOut.inc({ topic: connection.topics.raw }, progress.produced - produced);
      produced = progress.produced;
      for (const [reason, count] of Object.entries(progress.rejectedByReason)) {
        metrics.deadLetters.inc({ reason }, count - (rejected[reason] ?? 0));
        rejected[reason] = count;
      }
    },
  }).then((summary) => {
    logger.info({ ...summary, files: summary.files.length }, 'replay finished');
  });
  logger.info({ paths: settings.paths, output: connection.topics.raw }, 'ready');
  return {
    done,
    async stop() {
      abort.abort();
      await done.catch(() => undefined);
    },
  };
}
