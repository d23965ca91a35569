import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, PipelineError } from '@netattack/core';
import {
  DEFAULT_KAFKA_CLIENT,
  describeSecurity,
  KAFKA_CLIENTS,
  type KafkaClientName,
} from '@netattack/core/kafka';
import { connectKafka, readSecurityConfig } from '@netattack/core/runtime';
import type { Alert, DeadLetter, FlowScore } from '@netattack/core/topology';
import { DATASET_CITATION, evaluateModelOutputs, renderReport } from '@netattack/core/train';
import {
  type DeploymentTopology,
  FUSED_STAGES,
  readTopic,
  startDeployment,
  startServiceProcess,
  topicCount,
  waitUntilScored,
} from '@netattack/orchestration';
import { beginSession, endSession } from '../../../../deploy/local/shared-sessions.ts';
import { stackEndpoints } from '../../../../deploy/local/stack.ts';
import { readStackConfig } from '../../../../deploy/local/stack-config.ts';
import { formatAlert } from './alerts.ts';
import { parseCommandArgs } from './args.ts';
import type { Command } from './command.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

const OPTIONS = {
  data: { type: 'string', multiple: true },
  model: { type: 'string' },
  out: { type: 'string' },
  client: { type: 'string' },
  'keep-topics': { type: 'boolean' },
  fused: { type: 'boolean' },
  'show-alerts': { type: 'string' },
} as const;

interface DemoSummary {
  topicPrefix: string;
  topology: DeploymentTopology;
  client: string;
  modelVersion: string | null;
  rowsReplayed: number;
  producerRejected: number;
  scored: number;
  duplicateScores: number;
  alerts: number;
  deadLetters: number;
  deadLettersByReason: Record<string, number>;
  alertsByClass: Record<string, number>;
  /** Null when no scored flow carries a label (a capture metered without --label). */
  online: { accuracy: number; recall: number; fpr: number; precision: number } | null;
  seconds: { stack: number; services: number; replayToLastScore: number; total: number };
}

export const demo: Command = {
  usage: 'netattack demo [--data <files, dirs or captures>] [--model <dir>] [--out <dir>] [--fused]',
  summary:
    'The main job: the bundled sample replayed through the real pipeline; alerts printed, report written.',
  help: `Starts a local Kafka and schema registry if none runs (KAFKA_BROKERS / SCHEMA_REGISTRY_URL point
elsewhere), starts cleaner, features and scorer (or, with --fused, one scorer process that runs the
three stages: STAGES=clean,features,score), replays the data with the producer, waits until every
record is scored, prints the alert summary, writes <out>/demo-summary.json and <out>/demo-report.html,
and stops what it started. Topics get a fresh prefix per run and are deleted afterwards.
Options:
  --data <paths>       what to replay: day files, pcap/pcapng captures (metered into flows) or
                       directories of them (default data/sample/cic2018)
  --model <dir>        model the scorer loads (models/default)
  --out <dir>          where the summary, report and service logs go (out)
  --client <c>         kafkajs, rdkafka or confluent (the default client)
  --fused              one consuming process for clean, features and score instead of three services
  --show-alerts <n>    alerts printed (10)
  --keep-topics        leave the run's topics on the broker`,

  async run(args) {
    const { values } = parseCommandArgs('demo', args, OPTIONS);
    const began = performance.now();
    const seconds = (from: number) => Number(((performance.now() - from) / 1000).toFixed(1));
    const outDir = resolve(values.out ?? join(REPO_ROOT, 'out'));
    const dataPath = (values.data ?? [join(REPO_ROOT, 'data/sample/cic2018')])
      .flatMap((value) => value.split(','))
      .filter((value) => value !== '')
      .map((value) => resolve(value))
      .join(',');
    const modelDir = resolve(values.model ?? join(REPO_ROOT, 'models/default'));
    const client = (values.client ?? DEFAULT_KAFKA_CLIENT) as KafkaClientName;
    if (!KAFKA_CLIENTS.includes(client)) {
      throw new PipelineError('CONFIG_INVALID', `demo: --client must be one of ${KAFKA_CLIENTS.join(', ')}`);
    }
    const topology: DeploymentTopology = values.fused === true ? 'fused' : 'separate';
    const say = (line: string) => process.stderr.write(`${line}\n`);
    await mkdir(outDir, { recursive: true });

    const stackConfig = readStackConfig(process.env);
    const security = readSecurityConfig(process.env);
    // A secured cluster is one the user points us at (e.g. `stack:env --secure`): it is used as it
    // is; the plaintext probes of the local stack manager would not get through its TLS listener.
    const managed = !security.secured;
    if (managed) {
      say('demo: bringing up Kafka and the schema registry (first run downloads them from Maven Central)');
    } else {
      say(`demo: using the secured cluster of the environment (${describeSecurity(security.kafka)})`);
    }
    const up = managed ? await beginSession(stackConfig, (line) => say(`  ${line}`)) : undefined;
    const stackSeconds = seconds(began);
    const { brokers, registryUrl } = up?.status ?? stackEndpoints(stackConfig);
    const topicPrefix = `demo-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}-`;
    const connection = await connectKafka({
      brokers,
      registryUrl,
      client,
      topicPrefix,
      clientId: 'netattack-demo',
      logger: createLogger('netattack-demo', process.env.LOG_LEVEL ?? 'warn', { stream: 'stderr' }),
      security,
      // The demo provisions its own topics (the services, on a secured cluster, only check them).
      topology: 'create',
    });
    const env = {
      KAFKA_BROKERS: brokers.join(','),
      SCHEMA_REGISTRY_URL: registryUrl,
      TOPIC_PREFIX: topicPrefix,
      KAFKA_CLIENT: client,
      MODEL_DIR: modelDir,
    };
    const logDir = join(outDir, 'demo-logs');
    let pipeline: Awaited<ReturnType<typeof startDeployment>> | undefined;
    try {
      say(`demo: Kafka ${brokers.join(',')}, registry ${registryUrl}, topics ${topicPrefix}*`);
      const servicesFrom = performance.now();
      pipeline = await startDeployment({ env, logDir, topology });
      const servicesSeconds = seconds(servicesFrom);
      say(
        `demo: ${topology === 'fused' ? `one scorer process running ${FUSED_STAGES}` : 'cleaner, features and scorer'} ready (logs in ${logDir}); replaying ${dataPath}`,
      );

      const replayFrom = performance.now();
      const producer = await startServiceProcess(
        'producer',
        { ...env, DATA_PATHS: dataPath },
        join(logDir, 'producer.log'),
      );
      const producerExit = await producer.exited;
      if (producerExit !== 0)
        throw new Error(`producer exited with code ${producerExit} (see ${logDir}/producer.log)`);
      // The services inherit DELIVERY from this environment; exactly-once topics are counted as read.
      await waitUntilScored(connection, 120_000, { exactlyOnce: process.env.DELIVERY === 'exactly-once' });
      const replaySeconds = seconds(replayFrom);

      // Everything below is counted from the topics themselves.
      const rowsReplayed = await topicCount(connection, connection.topics.raw);
      const scores = new Map<string, FlowScore>();
      let scoreRecords = 0;
      await readTopic<FlowScore>(connection, connection.topics.scores, {
        fromBeginning: true,
        follow: false,
        onRecords(records) {
          for (const { outcome } of records) {
            if (!outcome.ok) continue;
            scoreRecords++;
            scores.set(outcome.value.recordId, outcome.value);
          }
        },
      });
      const alerts = new Map<string, Alert>();
      await readTopic<Alert>(connection, connection.topics.alerts, {
        fromBeginning: true,
        follow: false,
        onRecords(records) {
          for (const { outcome } of records)
            if (outcome.ok) alerts.set(outcome.value.recordId, outcome.value);
        },
      });
      const deadLettersByReason: Record<string, number> = {};
      let deadLetters = 0;
      let producerRejected = 0;
      await readTopic<DeadLetter>(connection, connection.topics.deadLetter, {
        fromBeginning: true,
        follow: false,
        onRecords(records) {
          for (const { outcome } of records) {
            if (!outcome.ok) continue;
            deadLetters++;
            if (outcome.value.stage === 'producer') producerRejected++;
            deadLettersByReason[outcome.value.reasonCode] =
              (deadLettersByReason[outcome.value.reasonCode] ?? 0) + 1;
          }
        },
      });
      const alertsByClass: Record<string, number> = {};
      for (const alert of alerts.values())
        alertsByClass[alert.predictedClass] = (alertsByClass[alert.predictedClass] ?? 0) + 1;

      const labelled = [...scores.values()].filter((s) => s.label !== null);
      const threshold = labelled[0]?.threshold ?? 0.5;
      const evaluation =
        labelled.length === 0
          ? null
          : evaluateModelOutputs(
              labelled.map((s) => s.label!),
              labelled.map((s) => s.attackProbability),
              labelled.map((s) => s.predictedClass),
              threshold,
            );
      const modelVersion = scores.values().next().value?.modelVersion ?? null;
      const summary: DemoSummary = {
        topicPrefix,
        topology,
        client,
        modelVersion,
        rowsReplayed,
        producerRejected,
        scored: scores.size,
        duplicateScores: scoreRecords - scores.size,
        alerts: alerts.size,
        deadLetters,
        deadLettersByReason,
        alertsByClass: Object.fromEntries(Object.entries(alertsByClass).sort((a, b) => b[1] - a[1])),
        online: evaluation && {
          accuracy: evaluation.binary.accuracy,
          recall: evaluation.binary.recall,
          fpr: evaluation.binary.fpr,
          precision: evaluation.binary.precision,
        },
        seconds: {
          stack: stackSeconds,
          services: servicesSeconds,
          replayToLastScore: replaySeconds,
          total: 0,
        },
      };

      const reportPath = join(outDir, 'demo-report.html');
      await writeFile(
        reportPath,
        renderReport({
          title: 'Demo: the bundled sample through the live pipeline',
          subtitle: `Scores read back from ${connection.topics.scores}, model ${modelVersion}`,
          generatedAt: new Date().toISOString(),
          evaluations:
            evaluation === null
              ? []
              : [
                  {
                    name: 'Online scores',
                    binary: { ...evaluation.binary, rows: evaluation.rows },
                    perLabel: evaluation.perLabel,
                    multiclass: { classes: evaluation.confusion.labels, matrix: evaluation.confusion.matrix },
                  },
                ],
          notes: [
            `${rowsReplayed} rows replayed, ${scores.size} scored, ${alerts.size} alerts, ${deadLetters} dead letters.`,
            values.data === undefined
              ? 'The model was trained on these rows (the bundled sample is its training data): these figures show the pipeline works, not how well the model generalises; see models/default/report.html for that.'
              : `Data replayed: ${dataPath}.`,
            DATASET_CITATION,
          ],
        }),
      );

      const shown = Number(values['show-alerts'] ?? 10);
      const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
      const lines = [
        '',
        `${rowsReplayed} flows replayed -> ${scores.size} scored -> ${alerts.size} alerts (${deadLetters} dead letters)`,
        evaluation === null
          ? 'online vs labels: none, the flows carry no label (captures are metered unlabelled unless --label is given)'
          : `online vs labels: accuracy ${pct(evaluation.binary.accuracy)}, attack recall ${pct(evaluation.binary.recall)}, FPR ${pct(evaluation.binary.fpr)}`,
        '',
        'alerts per predicted class:',
        ...Object.entries(summary.alertsByClass).map(
          ([name, n]) => `  ${name.padEnd(28)} ${String(n).padStart(6)}`,
        ),
        '',
        `first ${Math.min(shown, alerts.size)} alerts:`,
        ...[...alerts.values()].slice(0, shown).map((a) => `  ${formatAlert(a)}`),
        '',
      ];
      summary.seconds.total = seconds(began);
      const summaryPath = join(outDir, 'demo-summary.json');
      await writeFile(summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
      lines.push(`summary: ${summaryPath}`, `report:  ${reportPath}`, `took ${summary.seconds.total} s`);
      process.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    } finally {
      await pipeline?.stop();
      if (values['keep-topics'] !== true) {
        await connection.admin.deleteTopics(Object.values(connection.topics)).catch(() => undefined);
      }
      await connection.close();
      if (managed) {
        const stopped = await endSession(stackConfig, (line) => say(`  ${line}`));
        if (stopped.length > 0) say(`demo: stopped ${stopped.join(' and ')}`);
      }
    }
  },
};
