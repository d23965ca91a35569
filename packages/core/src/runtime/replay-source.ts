import { setTimeout as delay } from 'node:timers/promises';
import { DEFAULT_TIME_ZONE, isTimeZone, METER_MODES } from '../capture/meter/index.ts';
import { boolVar, enumVar, intVar, listVar, readEnv, stringVar } from '../config/env.ts';
import { isPipelineError, PipelineError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { kafkaReplaySink } from '../replay/kafka-sink.ts';
import { parseSpeed } from '../replay/pacer.ts';
import { type ReplayOptions, type ReplaySink, type ReplaySummary, replayFiles } from '../replay/replay.ts';
import { type Availability, withDeadline } from './availability.ts';
import type { KafkaConnection } from './kafka-connection.ts';
import type { ServiceWork, WorkContext } from './work.ts';

/** How a replay rides out a broker that goes away: retried sends, then a clear failure. */
export interface SendRetry {
  /** How long sends may keep failing before the replay gives up (KAFKA_RETRY_TIMEOUT_S, --retry-timeout). */
  timeoutMs: number;
  logger?: Logger;
  /** Told while sends fail, so readiness is off meanwhile. */
  availability?: Availability;
  signal?: AbortSignal;
}

/** The replay's default limit when neither KAFKA_RETRY_TIMEOUT_S nor --retry-timeout says otherwise. */
export const DEFAULT_RETRY_TIMEOUT_S = 120;
const FIRST_RETRY_DELAY_MS = 250;
const MAX_RETRY_DELAY_MS = 5000;
/** A send waiting this long is reported (at most one line this often, whatever the sends in flight). */
const STALL_LOG_MS = 5000;

/**
 * A sink whose sends survive a broker restart: a send that fails retriably (KAFKA_UNAVAILABLE: no
 * broker, timed-out messages) is made again after a back-off (250 ms doubling to 5 s; one log line
 * per attempt with its delay); a send still waiting for its acknowledgement (librdkafka keeps
 * messages and retries them itself) is reported every 5 s and turns readiness off; and a send that
 * neither succeeds nor fails within the limit is given up on, so the replay never waits for ever. Once sends have been failing for
 * `timeoutMs` the replay fails with KAFKA_UNAVAILABLE naming the limit. A resent batch may already be
 * partly on the broker: at-least-once, like every hop (records carry their id, so duplicates can be
 * told apart); and a batch resent after an outage may land after records sent later.
 */
export function retryingSink(sink: ReplaySink, retry: SendRetry): ReplaySink {
  let failingSince: number | undefined;
  let stalled = false;
  let attempts = 0;
  let lastStallLog = 0;
  const what = 'sends';
  const limitS = Math.round(retry.timeoutMs / 1000);
  return {
    async send(records, rejects) {
      for (let attempt = 1; ; attempt++) {
        const attemptStarted = Date.now();
        const since = failingSince ?? attemptStarted;
        // librdkafka holds messages and retries on its own while the broker is away: say so while waiting.
        const stall = setInterval(() => {
          stalled = true;
          const waited = Math.round((Date.now() - attemptStarted) / 1000);
          retry.availability?.fail(what, `a send not acknowledged for ${waited} s`);
          if (Date.now() - lastStallLog < STALL_LOG_MS) return;
          lastStallLog = Date.now();
          retry.logger?.warn(
            { waitedMs: Date.now() - attemptStarted, limitMs: retry.timeoutMs },
            `send not acknowledged after ${waited} s (Kafka away?); waiting, giving up after ${limitS} s`,
          );
        }, STALL_LOG_MS);
        try {
          await withDeadline(
            sink.send(records, rejects),
            Math.max(1000, retry.timeoutMs - (attemptStarted - since)),
            'send to Kafka',
          );
          if (failingSince !== undefined || stalled) {
            retry.logger?.info(
              { downForMs: Date.now() - (failingSince ?? attemptStarted), attempts },
              'sends go through again; replay resumed',
            );
            failingSince = undefined;
            stalled = false;
            attempts = 0;
            retry.availability?.clear(what);
          }
          return;
        } catch (caught) {
          const error = isPipelineError(caught)
            ? caught
            : new PipelineError('KAFKA_UNAVAILABLE', (caught as Error).message, {
                retriable: true,
                cause: caught,
              });
          if (!error.retriable) throw error;
          failingSince ??= attemptStarted;
          attempts++;
          const downFor = Date.now() - failingSince;
          retry.availability?.fail(what, `${error.code}: ${error.message}`);
          if (downFor >= retry.timeoutMs || retry.signal?.aborted) {
            throw new PipelineError(
              'KAFKA_UNAVAILABLE',
              `Kafka did not take the replay's records for ${Math.round(downFor / 1000)} s (limit ${limitS} s, KAFKA_RETRY_TIMEOUT_S or --retry-timeout): giving up; last error: ${error.message}`,
              { cause: error },
            );
          }
          const wait = Math.min(
            MAX_RETRY_DELAY_MS,
            FIRST_RETRY_DELAY_MS * 2 ** (attempt - 1),
            retry.timeoutMs - downFor,
          );
          retry.logger?.warn(
            { attempt, retryInMs: wait, downForMs: downFor, records: records.length + rejects.length },
            `send failed (${error.message}); retrying`,
          );
          try {
            await delay(wait, undefined, { signal: retry.signal });
          } catch {
            throw error;
          }
        } finally {
          clearInterval(stall);
        }
      }
    },
  };
}

/** A replay into the raw and dead-letter topics, with its own producer (also what `netattack replay` runs). */
export async function replayToKafka(
  connection: KafkaConnection,
  options: ReplayOptions & { retry?: SendRetry },
): Promise<ReplaySummary> {
  const producer = connection.bus.producer();
  await producer.connect();
  let gaveUp = false;
  try {
    const sink = kafkaReplaySink(producer, connection.serde, {
      raw: connection.topics.raw,
      deadLetter: connection.topics.deadLetter,
    });
    const retry = options.retry ?? { timeoutMs: DEFAULT_RETRY_TIMEOUT_S * 1000 };
    return await replayFiles(options, retryingSink(sink, { signal: options.signal, ...retry }));
  } catch (error) {
    gaveUp = isPipelineError(error) && error.code === 'KAFKA_UNAVAILABLE';
    throw error;
  } finally {
    // Not after giving up on the broker: librdkafka's flush toward it would hold a worker thread
    // for its whole timeout (30 s), and the process, even its exit, waits for that thread.
    if (!gaveUp) await producer.disconnect();
  }
}

export type ReplaySettings = Omit<ReplayOptions, 'signal' | 'onProgress'>;

/** The producer service's settings, checked with the common ones before anything opens. */
export function readReplaySettings(env: NodeJS.ProcessEnv, batchSize: number): ReplaySettings {
  const config = readEnv(
    {
      DATA_PATHS: listVar({
        description:
          'CSV day files, pcap/pcapng captures or directories of them to replay; - for a capture on standard input',
      }),
      REPLAY_SPEED: stringVar({ default: 'max', description: 'realtime, <N>x or max' }),
      REPLAY_RATE: intVar({ default: 0, min: 0, description: 'Flows per second at most (0: no cap)' }),
      REPLAY_LIMIT: intVar({ default: 0, min: 0, description: 'Rows to replay at most (0: all)' }),
      REPLAY_LOOP: boolVar({ default: false, description: 'Start over at the end of the files' }),
      CAPTURE_MODE: enumVar(METER_MODES, {
        default: 'cic',
        description:
          'How captures are metered: cic (as CICFlowMeter-V4) or fixed (the published corrections)',
      }),
      CAPTURE_LABEL: stringVar({
        default: '',
        description: 'The Label of every metered flow (empty: unlabelled)',
      }),
      CAPTURE_MAX_FLOWS: intVar({
        default: 1_000_000,
        min: 1,
        description: 'Open flows at most while metering',
      }),
      CAPTURE_TIME_ZONE: stringVar({
        default: DEFAULT_TIME_ZONE,
        description: 'The IANA zone the Timestamp text of metered flows is written in',
      }),
    },
    env,
  );
  if (!isTimeZone(config.CAPTURE_TIME_ZONE)) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `CAPTURE_TIME_ZONE must be an IANA time zone such as UTC or America/Moncton, got ${JSON.stringify(config.CAPTURE_TIME_ZONE)}`,
    );
  }
  return {
    paths: config.DATA_PATHS,
    speed: parseSpeed(config.REPLAY_SPEED),
    rate: config.REPLAY_RATE > 0 ? config.REPLAY_RATE : null,
    limit: config.REPLAY_LIMIT > 0 ? config.REPLAY_LIMIT : null,
    loop: config.REPLAY_LOOP,
    batchSize,
    capture: {
      mode: config.CAPTURE_MODE,
      label: config.CAPTURE_LABEL === '' ? null : config.CAPTURE_LABEL,
      maxFlows: config.CAPTURE_MAX_FLOWS,
      timeZone: config.CAPTURE_TIME_ZONE,
    },
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
    retry: {
      timeoutMs: context.config.KAFKA_RETRY_TIMEOUT_S * 1000,
      logger,
      availability: context.availability,
      signal: abort.signal,
    },
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
