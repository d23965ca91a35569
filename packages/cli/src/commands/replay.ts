import { setTimeout as delay } from 'node:timers/promises';
import { createLogger, PipelineError } from '@netattack/core';
import { KAFKA_CLIENTS, type KafkaClientName } from '@netattack/core/kafka';
import { DEFAULT_RETRY_TIMEOUT_S, parseSpeed, replayToKafka } from '@netattack/core/runtime';
import { StageProgress } from '../progress.ts';
import { captureOptions, dataPaths, numberOption, parseCommandArgs } from './args.ts';
import { describeCapture } from './capture.ts';
import type { Command } from './command.ts';
import { connectFromEnv } from './kafka-env.ts';

const OPTIONS = {
  data: { type: 'string', multiple: true },
  speed: { type: 'string' },
  rate: { type: 'string' },
  limit: { type: 'string' },
  loop: { type: 'boolean' },
  'batch-size': { type: 'string' },
  'retry-timeout': { type: 'string' },
  client: { type: 'string' },
  json: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  mode: { type: 'string' },
  label: { type: 'string' },
  'max-flows': { type: 'string' },
  'time-zone': { type: 'string' },
} as const;

export const replay: Command = {
  usage:
    'netattack replay --data <files, dirs, captures or -> [--speed realtime|<N>x|max] [--rate <flows/s>] [--limit <n>] [--loop]',
  summary: 'Replay day files or packet captures into flows.raw (Avro), bad lines to flows.deadletter.',
  help: `Options:
  --data <paths>        CSV day files, pcap/pcapng captures (metered into flows) or directories of them,
                        replayed in time order (repeat, or comma-separate); - reads a capture from
                        standard input, live: tcpdump -i eth0 -w - | netattack replay --data -
  --speed <s>           realtime (the gaps between Timestamps; for captures, between packets),
                        <N>x (N times faster) or max (default max)
  --rate <flows/s>      at most this many flows per second
  --limit <n>           stop after n rows
  --loop                start over at the end of the files (until --limit or Ctrl-C)
  --batch-size <n>      rows per produce call (2000)
  --retry-timeout <s>   while the broker is away, retry sends for this long, then exit 1
                        (default KAFKA_RETRY_TIMEOUT_S, else ${DEFAULT_RETRY_TIMEOUT_S})
  --client <c>          kafkajs, rdkafka or confluent (default KAFKA_CLIENT, else the default client)
  --mode <m>            captures: cic (default, as CICFlowMeter-V4) or fixed (the published corrections)
  --label <name>        captures: the Label of every metered flow (default: unlabelled)
  --max-flows <n>       captures: open flows at most, the oldest end early beyond it (1000000)
  --time-zone <z>       captures: the zone of the Timestamp text (America/Moncton)
  --json                print the final summary as JSON
  --no-progress         no progress bar
Environment: KAFKA_BROKERS, SCHEMA_REGISTRY_URL, TOPIC_PREFIX (see README).`,

  async run(args) {
    const { values, positionals } = parseCommandArgs('replay', args, OPTIONS);
    const paths = dataPaths('replay', values.data, positionals);
    if (values.client !== undefined && !KAFKA_CLIENTS.includes(values.client as KafkaClientName)) {
      throw new PipelineError(
        'CONFIG_INVALID',
        `replay: --client must be one of ${KAFKA_CLIENTS.join(', ')}`,
      );
    }
    const speed = parseSpeed(values.speed ?? 'max');
    const capture = captureOptions('replay', values);
    const limit = values.limit === undefined ? null : numberOption('replay', 'limit', values.limit, 0);
    const retryTimeoutS = numberOption(
      'replay',
      'retry-timeout',
      values['retry-timeout'] ?? process.env.KAFKA_RETRY_TIMEOUT_S,
      DEFAULT_RETRY_TIMEOUT_S,
    );
    if (!(retryTimeoutS > 0)) {
      throw new PipelineError(
        'CONFIG_INVALID',
        'replay: --retry-timeout must be a positive number of seconds',
      );
    }
    const connection = await connectFromEnv('replay', {
      client: values.client as KafkaClientName | undefined,
    });
    const progress = new StageProgress(values['no-progress'] !== true && values.json !== true);
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const summary = await replayToKafka(connection, {
        paths,
        speed,
        rate: values.rate === undefined ? null : numberOption('replay', 'rate', values.rate, 0),
        limit,
        loop: values.loop === true,
        batchSize: numberOption('replay', 'batch-size', values['batch-size'], 2000),
        signal: abort.signal,
        capture,
        retry: {
          timeoutMs: retryTimeoutS * 1000,
          // The retry lines (one per attempt, with its delay) go to stderr beside the progress bar.
          logger: createLogger('netattack-replay', process.env.LOG_LEVEL ?? 'warn', { stream: 'stderr' }),
        },
        onProgress: (s) => progress.update('replaying rows', s.produced + s.rejected, limit ?? 0),
      });
      progress.stop();
      if (values.json === true) {
        process.stdout.write(`${JSON.stringify(summary)}\n`);
      } else {
        const reasons = Object.entries(summary.rejectedByReason)
          .map(([code, n]) => `${code} ${n}`)
          .join(', ');
        process.stdout.write(
          `replayed ${summary.files.length} file(s) into ${connection.topics.raw}: ${summary.rowsRead} rows read, ` +
            `${summary.produced} produced, ${summary.rejected} rejected${reasons ? ` (${reasons})` : ''}, ` +
            `${Math.round(summary.rate)} rows/s over ${(summary.elapsedMs / 1000).toFixed(1)} s\n`,
        );
        for (const metered of summary.captures) process.stdout.write(`  ${describeCapture(metered)}\n`);
      }
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // Bounded: with the broker gone (the replay gave up on it), closing may wait on it too.
      await Promise.race([connection.close(), delay(5000)]);
    }
  },
};
