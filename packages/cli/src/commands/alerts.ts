import type { Alert } from '@netattack/core/topology';
import { readTopic } from '@netattack/orchestration';
import { parseCommandArgs } from './args.ts';
import type { Command } from './command.ts';
import { connectFromEnv } from './kafka-env.ts';

const OPTIONS = {
  follow: { type: 'boolean', short: 'f' },
  json: { type: 'boolean' },
  'from-beginning': { type: 'boolean' },
} as const;

function time(ms: number | null): string {
  return ms === null ? '-'.padEnd(19) : new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** One line an alert, for a person at a terminal. */
export function formatAlert(alert: Alert): string {
  const endpoints =
    alert.srcIp !== null || alert.dstIp !== null
      ? ` ${alert.srcIp ?? '?'} -> ${alert.dstIp ?? '?'}:${alert.dstPort ?? '?'}`
      : alert.dstPort !== null
        ? ` port ${alert.dstPort}`
        : '';
  const top = alert.topFeatures
    .slice(0, 3)
    .map((f) => `${f.name}=${Number(f.value.toPrecision(6))} (+${f.contribution.toFixed(3)})`)
    .join(', ');
  return (
    `${time(alert.flowTime)}  ${alert.predictedClass.padEnd(24)} ${alert.score.toFixed(3)}  ` +
    `${alert.source.file}:${alert.source.line}${endpoints}  [${top}]`
  );
}

export const alerts: Command = {
  usage: 'netattack alerts [--follow] [--json] [--from-beginning]',
  summary: 'Print the alert topic, one alert a line (readable, or JSON with --json).',
  help: `Options:
  --from-beginning   start at the earliest alert (default: only alerts raised from now on)
  -f, --follow       keep printing new alerts until Ctrl-C (default: stop at the end of the topic)
  --json             one JSON object per line: the Avro alert record
Environment: KAFKA_BROKERS, SCHEMA_REGISTRY_URL, TOPIC_PREFIX (see README).`,

  async run(args) {
    const { values } = parseCommandArgs('alerts', args, OPTIONS);
    const connection = await connectFromEnv('alerts');
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let failures = 0;
    try {
      await readTopic<Alert>(connection, connection.topics.alerts, {
        fromBeginning: values['from-beginning'] === true,
        follow: values.follow === true,
        signal: abort.signal,
        onRecords(records) {
          let out = '';
          for (const { outcome } of records) {
            if (!outcome.ok) {
              failures++;
              process.stderr.write(`netattack alerts: skipped a record: ${outcome.error.message}\n`);
              continue;
            }
            out += `${values.json === true ? JSON.stringify(outcome.value) : formatAlert(outcome.value)}\n`;
          }
          process.stdout.write(out);
        },
      });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await connection.close();
    }
    return failures > 0 ? 1 : 0;
  },
};
