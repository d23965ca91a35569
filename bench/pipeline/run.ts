/**
 * bench/pipeline: the services and the real broker end to end, for each topology (four separate
 * services, or the three consuming stages fused in one process) and each Kafka client.
 *   - throughput: N generated rows (real rows resampled) replayed at max speed; flows/s from the
 *     producer's start to the last score on flows.scores; CPU per flow of every process from /proc;
 *   - latency: replay at fixed rates; per alert, the alert record's Kafka timestamp less its raw
 *     record's, p50/p99 (and the same for every score);
 *   - the floor, same run, same broker: a bare producer and a bare consumer of the same encoded records;
 *   - the producer alone (CSV read, parse, encode, produce, no consumer running): rows/s.
 * Prints a table and writes the JSON (bench/results/pipeline.json unless --out says otherwise).
 *
 *   node --import tsx bench/pipeline/run.ts [--topology separate,fused] [--client kafkajs,rdkafka] [--rows 100000]
 *     [--latency-rows 20000] [--rate 2000,10000] [--producer-rows 200000] [--out bench/results/pipeline.json]
 *     [--delivery at-least-once,exactly-once]
 * --delivery runs each topology once per DELIVERY setting of the consuming services (default
 * at-least-once only); exactly-once runs are counted from what a read_committed reader sees.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '@netattack/core';
import { type FlowRecord, readFlowRows } from '@netattack/core/flow';
import { DELIVERY_MODES, type DeliveryMode, type KafkaClientName } from '@netattack/core/kafka';
import { connectKafka, type KafkaConnection } from '@netattack/core/runtime';
import {
  DEPLOYMENT_TOPOLOGIES,
  type DeploymentTopology,
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
import { type FloorResult, measureFloor } from './floor.ts';
import { sampleProcessCpu } from './process-cpu.ts';
import { resampledFlowsFile } from './resampled-flows.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    topology: { type: 'string', default: 'separate,fused' },
    client: { type: 'string', default: 'kafkajs,rdkafka' },
    rows: { type: 'string', default: '100000' },
    'latency-rows': { type: 'string', default: '20000' },
    rate: { type: 'string', default: '2000,10000' },
    'producer-rows': { type: 'string', default: '200000' },
    'floor-messages': { type: 'string', default: '50000' },
    /** Scale-out: extra max-speed runs with this many instances of the last service (the scorer), e.g. 2,3. */
    instances: { type: 'string', default: '' },
    delivery: { type: 'string', default: 'at-least-once' },
    out: { type: 'string', default: join(ROOT, 'bench/results/pipeline.json') },
  },
});
const ROWS = Number(values.rows);
const LATENCY_ROWS = Number(values['latency-rows']);
const PRODUCER_ROWS = Number(values['producer-rows']);
const FLOOR_MESSAGES = Number(values['floor-messages']);
const RATES = values.rate.split(',').map(Number);
const INSTANCES = values.instances.split(',').filter(Boolean).map(Number);
const CLIENTS = values.client.split(',') as KafkaClientName[];
const TOPOLOGIES = values.topology.split(',') as DeploymentTopology[];
const DELIVERIES = values.delivery.split(',') as DeliveryMode[];
for (const d of DELIVERIES)
  if (!DELIVERY_MODES.includes(d)) throw new Error(`--delivery: ${d} is not ${DELIVERY_MODES.join(' or ')}`);
for (const t of TOPOLOGIES)
  if (!DEPLOYMENT_TOPOLOGIES.includes(t)) throw new Error(`--topology: ${t} is not separate or fused`);

interface RunResult {
  rows: number;
  seconds: number;
  flowsPerSecond: number;
  /** CPU seconds each process used during the run (all its threads), and per flow in microseconds. */
  cpu: Record<string, { seconds: number; microsPerFlow: number }>;
  latencyMs?: {
    alerts: { p50: number; p99: number; max: number; n: number };
    scores: { p50: number; p99: number; n: number };
    /** Each service's share, from its input record's timestamp to its output's (separate topology only). */
    hops?: Record<'cleaner' | 'features' | 'scorer', { p50: number; p99: number }>;
  };
}

const stackConfig = readStackConfig(process.env);
const quiet = createLogger('bench', 'warn', { stream: 'stderr' });

/** The local stack's broker and registry, when this bench runs on it (not on KAFKA_BROKERS elsewhere). */
function stackPids(): Record<string, number | undefined> {
  const paths = stackPaths(stackConfig);
  const pidOf = (file: string) => {
    try {
      return Number(readFileSync(file, 'utf8').trim());
    } catch {
      return undefined;
    }
  };
  return { broker: pidOf(paths.kafkaPid), registry: pidOf(paths.registryPid) };
}

async function freshTopics(
  client: KafkaClientName,
  stack: { brokers: string[]; registryUrl: string },
  tag: string,
  delivery: DeliveryMode = 'at-least-once',
) {
  const prefix = `bench-${tag}-${client}-${Date.now().toString(36)}.`;
  const connection = await connectKafka({
    ...stack,
    client,
    topicPrefix: prefix,
    clientId: 'bench-pipeline',
    logger: quiet,
  });
  const env = {
    KAFKA_BROKERS: stack.brokers.join(','),
    SCHEMA_REGISTRY_URL: stack.registryUrl,
    TOPIC_PREFIX: prefix,
    KAFKA_CLIENT: client,
    MODEL_DIR: join(ROOT, 'models/default'),
    LOG_LEVEL: process.env.BENCH_SERVICE_LOG_LEVEL ?? 'warn',
    DELIVERY: delivery,
  };
  const cleanup = async () => {
    await connection.admin.deleteTopics(Object.values(connection.topics)).catch(() => undefined);
    await connection.close();
  };
  return { connection, env, cleanup };
}

/** Per record on `to`, its Kafka timestamp less the same record's on `from`, sorted. */
function gaps(from: Map<string, number>, to: Map<string, number>): number[] {
  const out: number[] = [];
  for (const [id, time] of to) {
    const start = from.get(id);
    if (start !== undefined) out.push(time - start);
  }
  return out.sort((a, b) => a - b);
}

async function runOnce(
  client: KafkaClientName,
  topology: DeploymentTopology,
  stack: { brokers: string[]; registryUrl: string },
  file: string,
  rows: number,
  rate: number | null,
  instances = 1,
  delivery: DeliveryMode = 'at-least-once',
): Promise<RunResult> {
  const logDir = await mkdtemp(join(tmpdir(), 'netattack-bench-'));
  const { connection, env, cleanup } = await freshTopics(client, stack, topology, delivery);
  const deployment = await startDeployment({ env, logDir, topology, scorers: instances });
  try {
    const cpu = sampleProcessCpu({
      ...stackPids(),
      ...Object.fromEntries(
        deployment.services.map((s, i) => {
          const role = topology === 'fused' ? 'fused' : (['cleaner', 'features'][i] ?? 'scorer');
          const last = topology === 'fused' ? i : i - 2;
          return [instances > 1 && last >= 0 ? `${role}-${last + 1}` : role, s.child.pid];
        }),
      ),
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
    await waitUntilScored(connection, 600_000, { exactlyOnce: delivery === 'exactly-once' });
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
      };
      if (topology === 'separate') {
        const clean = await timesOn(connection.topics.clean);
        const features = await timesOn(connection.topics.features);
        result.latencyMs.hops = {
          cleaner: hop(gaps(rawTime, clean)),
          features: hop(gaps(clean, features)),
          scorer: hop(gaps(features, scoreTimes)),
        };
      }
    }
    return result;
  } finally {
    await deployment.stop();
    await cleanup();
  }
}

/** The producer service alone (CSV read, parse, encode, produce; nothing consuming): rows/s and CPU per row. */
async function producerAlone(
  client: KafkaClientName,
  stack: { brokers: string[]; registryUrl: string },
  file: string,
  rows: number,
) {
  const logDir = await mkdtemp(join(tmpdir(), 'netattack-bench-'));
  const { env, cleanup } = await freshTopics(client, stack, 'producer');
  try {
    const cpu = sampleProcessCpu({ broker: stackPids().broker }, 100);
    const started = performance.now();
    const producer = await startServiceProcess(
      'producer',
      { ...env, DATA_PATHS: file, REPLAY_LIMIT: String(rows) },
      join(logDir, 'producer.log'),
    );
    cpu.add('producer', producer.child.pid);
    if ((await producer.exited) !== 0) throw new Error(`producer failed, see ${logDir}`);
    const seconds = (performance.now() - started) / 1000;
    const used = cpu.stop();
    return {
      rows,
      seconds,
      rowsPerSecond: rows / seconds,
      cpuMicrosPerRow: ((used.producer ?? 0) / rows) * 1e6,
      brokerCpuMicrosPerRow: ((used.broker ?? 0) / rows) * 1e6,
    };
  } finally {
    await cleanup();
  }
}

/** The records a service hop carries: the throughput file's first rows, encoded as the producer encodes them. */
async function encodedRawRecords(connection: KafkaConnection, file: string, count: number) {
  const records: FlowRecord[] = [];
  for await (const result of readFlowRows([file])) {
    if (result.ok) records.push(result.record);
    if (records.length >= count) break;
  }
  const values = connection.serde.encodeMany(connection.topics.raw, records);
  return records.map((record, i) => ({
    key: record.flowKey,
    value: values[i]!,
  }));
}

const up = await beginSession(stackConfig, (line) => process.stderr.write(`${line}\n`));
const stack = { brokers: up.status.brokers, registryUrl: up.status.registryUrl };
try {
  const sample = join(ROOT, 'data/sample/cic2018');
  // Unique line numbers for every generated row, so each latency pairs one raw record with its outputs.
  const throughputFile = await resampledFlowsFile(sample, Math.max(ROWS, PRODUCER_ROWS));
  const latencyFile = await resampledFlowsFile(sample, LATENCY_ROWS, 2019);
  const runs: unknown[] = [];
  const floors: Record<string, FloorResult> = {};
  const producers: Record<string, Awaited<ReturnType<typeof producerAlone>>> = {};
  const lines: string[] = [];
  for (const client of CLIENTS) {
    process.stderr.write(`${client}: floor, ${FLOOR_MESSAGES} bare messages\n`);
    const { connection, cleanup } = await freshTopics(client, stack, 'floor');
    try {
      const messages = await encodedRawRecords(connection, throughputFile, FLOOR_MESSAGES);
      floors[client] = await measureFloor(connection, messages, {
        batch: 2000,
        brokerPid: stackPids().broker,
      });
    } finally {
      await cleanup();
    }
    const floor = floors[client]!;
    lines.push(
      `${client.padEnd(9)} floor: bare produce ${Math.round(floor.produce.perSecond)}/s at ${floor.produce.cpuMicrosPerMessage.toFixed(1)} µs CPU, ` +
        `bare consume ${Math.round(floor.consume.perSecond)}/s at ${floor.consume.cpuMicrosPerMessage.toFixed(1)} µs: a hop's floor ${floor.hopCpuMicrosPerMessage.toFixed(1)} µs (${Math.round(floor.bytesPerMessage)} B values)`,
    );
    process.stderr.write(`${client}: producer alone, ${PRODUCER_ROWS} rows\n`);
    producers[client] = await producerAlone(client, stack, throughputFile, PRODUCER_ROWS);
    const alone = producers[client]!;
    lines.push(
      `${client.padEnd(9)} producer alone: ${Math.round(alone.rowsPerSecond)} rows/s, ${alone.cpuMicrosPerRow.toFixed(1)} µs CPU per row`,
    );
    for (const [topology, delivery] of TOPOLOGIES.flatMap((t) => DELIVERIES.map((d) => [t, d] as const))) {
      // The delivery in the labels only when the run compares them, so the usual output stays as it was.
      const mode = DELIVERIES.length > 1 || delivery !== 'at-least-once' ? ` ${delivery}` : '';
      const label = `${topology}${mode}`;
      process.stderr.write(`${client} ${label}: ${ROWS} rows at max speed\n`);
      const throughput = await runOnce(client, topology, stack, throughputFile, ROWS, null, 1, delivery);
      const latency: { rate: number; p50Ms: number; p99Ms: number; run: RunResult }[] = [];
      for (const rate of RATES) {
        process.stderr.write(`${client} ${label}: ${LATENCY_ROWS} rows at ${rate} flows/s\n`);
        const run = await runOnce(client, topology, stack, latencyFile, LATENCY_ROWS, rate, 1, delivery);
        latency.push({ rate, p50Ms: run.latencyMs!.alerts.p50, p99Ms: run.latencyMs!.alerts.p99, run });
      }
      const cpuMicrosPerFlow = Object.fromEntries(
        Object.entries(throughput.cpu).map(([name, c]) => [name, Number(c.microsPerFlow.toFixed(1))]),
      );
      const total = Object.entries(throughput.cpu)
        .filter(([name]) => name !== 'registry')
        .reduce((sum, [, c]) => sum + c.microsPerFlow, 0);
      const hopsVsFloor = Object.fromEntries(
        Object.entries(throughput.cpu)
          .filter(([name]) => ['cleaner', 'features', 'scorer', 'fused'].includes(name))
          .map(([name, c]) => [name, Number((c.microsPerFlow / floor.hopCpuMicrosPerMessage).toFixed(2))]),
      );
      const scaleOut: {
        instances: number;
        flowsPerSecond: number;
        cpuMicrosPerFlow: Record<string, number>;
      }[] = [];
      for (const instances of INSTANCES) {
        process.stderr.write(
          `${client} ${label}: ${ROWS} rows at max speed, ${instances} scorer instances\n`,
        );
        const run = await runOnce(client, topology, stack, throughputFile, ROWS, null, instances, delivery);
        scaleOut.push({
          instances,
          flowsPerSecond: Math.round(run.flowsPerSecond),
          cpuMicrosPerFlow: Object.fromEntries(
            Object.entries(run.cpu).map(([n, c]) => [n, Number(c.microsPerFlow.toFixed(1))]),
          ),
        });
        lines.push(
          `${client.padEnd(9)} ${label.padEnd(8)} ${instances} instances: ${Math.round(run.flowsPerSecond)} flows/s`,
        );
      }
      runs.push({
        topology,
        client,
        delivery,
        ...(scaleOut.length > 0 ? { scaleOut } : {}),
        flowsPerSecond: Math.round(throughput.flowsPerSecond),
        cpuMicrosPerFlow,
        totalCpuMicrosPerFlow: Number(total.toFixed(1)),
        hopsVsFloor,
        latency: latency.map(({ rate, p50Ms, p99Ms }) => ({ rate, p50Ms, p99Ms })),
        details: { throughput, latency: latency.map(({ rate, run }) => ({ rate, ...run })) },
      });
      lines.push(
        `${client.padEnd(9)} ${label.padEnd(8)} ${Math.round(throughput.flowsPerSecond)} flows/s; CPU µs/flow ${Object.entries(
          cpuMicrosPerFlow,
        )
          .map(([n, v]) => `${n} ${v}`)
          .join(', ')} (total ${total.toFixed(0)}); hop/floor ${Object.entries(hopsVsFloor)
          .map(([n, v]) => `${n} ${v}×`)
          .join(', ')}`,
        ...latency.map(
          ({ rate, run }) =>
            `${''.padEnd(9)} ${label.padEnd(8)} at ${rate}/s: alert p50 ${run.latencyMs!.alerts.p50} ms, p99 ${run.latencyMs!.alerts.p99} ms (n=${run.latencyMs!.alerts.n})` +
            (run.latencyMs!.hops
              ? `; hops p50/p99 ${Object.entries(run.latencyMs!.hops)
                  .map(([name, h]) => `${name} ${h.p50}/${h.p99}`)
                  .join(', ')}`
              : ''),
        ),
      );
    }
  }
  const output = {
    bench: 'pipeline',
    command: `node --import tsx bench/pipeline/run.ts --topology ${TOPOLOGIES.join(',')} --client ${CLIENTS.join(',')} --rows ${ROWS} --latency-rows ${LATENCY_ROWS} --rate ${RATES.join(',')} --producer-rows ${PRODUCER_ROWS}${DELIVERIES.length > 1 || DELIVERIES[0] !== 'at-least-once' ? ` --delivery ${DELIVERIES.join(',')}` : ''}`,
    date: new Date().toISOString(),
    machine: machineInfo(),
    data: 'GENERATED volume: real rows of data/sample/cic2018 drawn with replacement (seeded), values unchanged',
    setup:
      'separate: producer, cleaner, features and one scorer as processes; fused: producer and one scorer with STAGES=clean,features,score; one local Kafka broker and Apicurio registry on the same 2 cores',
    targets: {
      separate: { flowsPerSecond: 20_000, alertP99MsAt2000: 250 },
      fused: { flowsPerSecond: 50_000, alertP99MsAt2000: 250, alertP99MsAt10000: 500 },
      hopWithinFloorFactor: 1.5,
      producerAloneRowsPerSecond: 100_000,
    },
    floor: floors,
    producerAlone: producers,
    runs,
  };
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(output, null, 2)}\n`);
  console.log(lines.join('\n'));
} finally {
  await endSession(stackConfig, (line) => process.stderr.write(`${line}\n`));
}
