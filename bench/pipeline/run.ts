/**
 * bench/pipeline: the four services and the real broker end to end, with each Kafka client.
 *   - throughput: N generated rows (real rows resampled) replayed at max speed; flows/s from the
 *     producer's start to the last score on flows.scores;
 *   - latency: replay at a fixed rate (2,000 flows/s by default); per alert, the alert record's Kafka
 *     timestamp less its raw record's, p50/p99 (and the same for every score).
 * Prints a table and writes bench/results/pipeline.json.
 *
 *   node --import tsx bench/pipeline/run.ts [--rows 200000] [--latency-rows 60000] [--rate 2000[,1000,...]] [--clients kafkajs,rdkafka]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '@netattack/core';
import type { KafkaClientName } from '@netattack/core/kafka';
import { connectKafka } from '@netattack/core/runtime';
import {
  readTopic,
  startDeployment,
  startServiceProcess,
  topicCount,
  waitUntilScored,
} from '@netattack/orchestration';
import { beginSession, endSession } from '../../deploy/local/shared-sessions.ts';
import { readStackConfig } from '../../deploy/local/stack-config.ts';
import { stackPaths } from '../../deploy/local/stack-paths.ts';
import { machineInfo } from '../forest/machine.ts';
import { percentile } from '../percentile.ts';
import { sampleProcessCpu } from './process-cpu.ts';
import { resampledFlowsFile } from './resampled-flows.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '200000' },
    'latency-rows': { type: 'string', default: '60000' },
    rate: { type: 'string', default: '2000' },
    clients: { type: 'string', default: 'kafkajs,rdkafka' },
  },
});
const ROWS = Number(values.rows);
const LATENCY_ROWS = Number(values['latency-rows']);
const RATES = values.rate.split(',').map(Number);
const CLIENTS = values.clients.split(',') as KafkaClientName[];

interface RunResult {
  rows: number;
  seconds: number;
  flowsPerSecond: number;
  /** CPU seconds each process used during the run (all its threads), and per flow in microseconds. */
  cpu: Record<string, { seconds: number; microsPerFlow: number }>;
  latencyMs?: {
    alerts: { p50: number; p99: number; max: number; n: number };
    scores: { p50: number; p99: number; n: number };
    hops: Record<'cleaner' | 'features' | 'scorer', { p50: number; p99: number }>;
  };
}

async function runOnce(
  client: KafkaClientName,
  stack: { brokers: string[]; registryUrl: string },
  file: string,
  rows: number,
  rate: number | null,
): Promise<RunResult> {
  const prefix = `bench-${client}-${Date.now().toString(36)}.`;
  const logDir = await mkdtemp(join(tmpdir(), 'netattack-bench-'));
  const connection = await connectKafka({
    ...stack,
    client,
    topicPrefix: prefix,
    clientId: 'bench-pipeline',
    logger: createLogger('bench', 'warn', { stream: 'stderr' }),
  });
  const env = {
    KAFKA_BROKERS: stack.brokers.join(','),
    SCHEMA_REGISTRY_URL: stack.registryUrl,
    TOPIC_PREFIX: prefix,
    KAFKA_CLIENT: client,
    MODEL_DIR: join(ROOT, 'models/default'),
    LOG_LEVEL: process.env.BENCH_SERVICE_LOG_LEVEL ?? 'warn',
  };
  const pipeline = await startDeployment({ env, logDir });
  try {
    const cpu = sampleProcessCpu({
      ...stackPids(),
      ...Object.fromEntries(pipeline.services.map((s) => [s.name, s.child.pid])),
    });
    const started = performance.now();
    const producer = await startServiceProcess(
      'producer',
      {
        ...env,
        DATA_PATHS: file,
        REPLAY_LIMIT: String(rows),
        ...(rate ? { REPLAY_RATE: String(rate) } : {}),
      },
      join(logDir, 'producer.log'),
    );
    cpu.add('producer', producer.child.pid);
    if ((await producer.exited) !== 0) throw new Error(`producer failed, see ${logDir}`);
    await waitUntilScored(connection, 600_000);
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = cpu.stop();
    const produced = await topicCount(connection, connection.topics.raw);
    const result: RunResult = {
      rows: produced,
      seconds,
      flowsPerSecond: produced / seconds,
      cpu: Object.fromEntries(
        Object.entries(cpuSeconds).map(([name, used]) => [
          name,
          { seconds: used, microsPerFlow: (used / produced) * 1e6 },
        ]),
      ),
    };
    if (rate !== null) {
      const timesOn = async (topic: string) => {
        const times = new Map<string, number>();
        await readTopic<{ recordId: string }>(connection, topic, {
          fromBeginning: true,
          follow: false,
          onRecords(records) {
            for (const { message, outcome } of records)
              if (outcome.ok) times.set(outcome.value.recordId, message.timestamp);
          },
        });
        return times;
      };
      const rawTime = await timesOn(connection.topics.raw);
      /** Per record on `to`, its Kafka timestamp less the same record's on `from`, sorted. */
      const gaps = (from: Map<string, number>, to: Map<string, number>) => {
        const out: number[] = [];
        for (const [id, time] of to) {
          const start = from.get(id);
          if (start !== undefined) out.push(time - start);
        }
        return out.sort((a, b) => a - b);
      };
      const clean = await timesOn(connection.topics.clean);
      const features = await timesOn(connection.topics.features);
      const scoreTimes = await timesOn(connection.topics.scores);
      const alerts = gaps(rawTime, await timesOn(connection.topics.alerts));
      const scores = gaps(rawTime, scoreTimes);
      const hop = (sorted: number[]) => ({ p50: percentile(sorted, 50), p99: percentile(sorted, 99) });
      result.latencyMs = {
        alerts: {
          p50: percentile(alerts, 50),
          p99: percentile(alerts, 99),
          max: alerts.at(-1) ?? Number.NaN,
          n: alerts.length,
        },
        scores: { p50: percentile(scores, 50), p99: percentile(scores, 99), n: scores.length },
        // Where the time goes: each service's share, from its input record's timestamp to its output's.
        hops: {
          cleaner: hop(gaps(rawTime, clean)),
          features: hop(gaps(clean, features)),
          scorer: hop(gaps(features, scoreTimes)),
        },
      };
    }
    return result;
  } finally {
    await pipeline.stop();
    await connection.admin.deleteTopics(Object.values(connection.topics)).catch(() => undefined);
    await connection.close();
  }
}

const config = readStackConfig(process.env);

/** The local stack's broker and registry, when this bench runs on it (not on KAFKA_BROKERS elsewhere). */
function stackPids(): Record<string, number | undefined> {
  const paths = stackPaths(config);
  const pidOf = (file: string) => {
    try {
      return Number(readFileSync(file, 'utf8').trim());
    } catch {
      return undefined;
    }
  };
  return { broker: pidOf(paths.kafkaPid), registry: pidOf(paths.registryPid) };
}
const up = await beginSession(config, (line) => process.stderr.write(`${line}\n`));
const stack = { brokers: up.status.brokers, registryUrl: up.status.registryUrl };
try {
  const sample = join(ROOT, 'data/sample/cic2018');
  // Unique line numbers for every generated row, so each latency pairs one raw record with its outputs.
  const throughputFile = await resampledFlowsFile(sample, ROWS);
  const latencyFile = await resampledFlowsFile(sample, LATENCY_ROWS, 2019);
  const results: Record<string, { throughput: RunResult; latency: Record<string, RunResult> }> = {};
  for (const client of CLIENTS) {
    process.stderr.write(`${client}: ${ROWS} rows at max speed\n`);
    const throughput = await runOnce(client, stack, throughputFile, ROWS, null);
    const latency: Record<string, RunResult> = {};
    for (const rate of RATES) {
      process.stderr.write(`${client}: ${LATENCY_ROWS} rows at ${rate} flows/s\n`);
      latency[String(rate)] = await runOnce(client, stack, latencyFile, LATENCY_ROWS, rate);
    }
    results[client] = { throughput, latency };
  }
  const output = {
    bench: 'pipeline',
    command: `node --import tsx bench/pipeline/run.ts --rows ${ROWS} --latency-rows ${LATENCY_ROWS} --rate ${RATES.join(',')} --clients ${CLIENTS.join(',')}`,
    machine: machineInfo(),
    data: `GENERATED volume: real rows of data/sample/cic2018 drawn with replacement (seeded), values unchanged`,
    setup:
      'producer, cleaner, features and one scorer as separate processes; one local Kafka broker and Apicurio registry on the same 2 cores',
    targets: { flowsPerSecond: 20_000, alertP99Ms: 250 },
    results,
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/pipeline.json'), `${JSON.stringify(output, null, 2)}\n`);
  for (const [client, r] of Object.entries(results)) {
    console.log(
      `${client.padEnd(8)} max speed: ${Math.round(r.throughput.flowsPerSecond)} flows/s (${r.throughput.rows} rows in ${r.throughput.seconds.toFixed(1)} s)`,
    );
    const cpu = Object.entries(r.throughput.cpu)
      .map(([name, c]) => `${name} ${Math.round(c.microsPerFlow)}`)
      .join(', ');
    console.log(`${client.padEnd(8)} CPU µs per flow at max speed: ${cpu}`);
    for (const [rate, run] of Object.entries(r.latency)) {
      console.log(
        `${client.padEnd(8)} at ${rate}/s: alert latency p50 ${run.latencyMs?.alerts.p50} ms, p99 ${run.latencyMs?.alerts.p99} ms ` +
          `(n=${run.latencyMs?.alerts.n}), score p50 ${run.latencyMs?.scores.p50} ms, p99 ${run.latencyMs?.scores.p99} ms; ` +
          `hops p50/p99 ${Object.entries(run.latencyMs?.hops ?? {})
            .map(([name, h]) => `${name} ${h.p50}/${h.p99}`)
            .join(', ')}`,
      );
    }
  }
} finally {
  await endSession(config, (line) => process.stderr.write(`${line}\n`));
}
