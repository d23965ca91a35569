/**
 * Avro round trip through the real broker and registry, per Kafka client; printed and written to
 * bench/results/kafka-roundtrip.json.
 *
 *   KAFKA_BROKERS=127.0.0.1:9092 SCHEMA_REGISTRY_URL=http://127.0.0.1:8081/apis/ccompat/v7 \
 *     node --import tsx bench/kafka-roundtrip.ts [--records 100000] [--batch 2000] [--clients kafkajs,rdkafka,confluent]
 *
 * Volume is GENERATED from real rows: every parseable row of the shared CSE-CIC-IDS2018 and CIC-IDS2017
 * TrafficLabelling slices, repeated in turn until `--records`, each repeat with its own record id.
 *
 * 1. The serde alone: encodeMany, decodeMany with the writer schema, decodeMany resolved to a newer
 *    reader schema, and, for comparison, the registry client's own decode with a reader schema.
 * 2. Per client: a consumer joins first; then the records are encoded and produced in batches of
 *    `--batch`, each send awaited (acks=all); the consumer decodes every batch. Produce rate = records
 *    over the time to the last acknowledgement; round trip = records over the time until the consumer
 *    has decoded the last one. Then a second group reads the whole topic back (consume + decode rate).
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { createLogger, hostPortListVar, readEnv, urlVar } from '@netattack/core';
import type { FlowRecord } from '@netattack/core/flow';
import { compileRowParser, detectLayout } from '@netattack/core/flow';
import type { BusConsumer, KafkaClientName, OutgoingMessage } from '@netattack/core/kafka';
import { AvroSerde, createBus, loadSchemaFile, RegistryClient } from '@netattack/core/kafka';
import { provisionTopics, valueSubject } from '@netattack/core/topology';
import type { Schema } from 'avsc';
import { waitFor } from '../test/support/wait-for.ts';
import { percentile } from './percentile.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '2000' },
    clients: { type: 'string', default: 'kafkajs,rdkafka,confluent' },
    data: { type: 'string', default: resolve(here, '..', '..', 'shared', 'data') },
  },
});
const RECORDS = Number(args.records);
const BATCH = Number(args.batch);
const CLIENTS = args.clients!.split(',') as KafkaClientName[];
const stack = readEnv({
  KAFKA_BROKERS: hostPortListVar({ default: ['127.0.0.1:9092'] }),
  SCHEMA_REGISTRY_URL: urlVar({ default: 'http://127.0.0.1:8081/apis/ccompat/v7' }),
});
const logger = createLogger('bench-kafka', process.env.LOG_LEVEL ?? 'error');

const SOURCES = [
  'cic2018/Wednesday-14-02-2018_slice.csv',
  'cic2018/label_Brute-Force-Web.csv',
  'cic2018/label_Brute-Force-XSS.csv',
  'cic2018/label_DDOS-attack-LOIC-UDP.csv',
  'cic2018/label_SQL-Injection.csv',
  'cic2018/mixed-days_sample.csv',
  'cic2017/Friday-07-07-2017_DDoS_trafficlabelling.csv',
  'cic2017/Friday-07-07-2017_PortScan_trafficlabelling.csv',
  'cic2017/Thursday-06-07-2017_SQLi_trafficlabelling.csv',
  'cic2017/Thursday-06-07-2017_XSS_trafficlabelling.csv',
];

function realRows(): FlowRecord[] {
  const rows: FlowRecord[] = [];
  for (const source of SOURCES) {
    const lines = readFileSync(join(args.data!, source), 'utf8').split('\n');
    const parser = compileRowParser(detectLayout(lines[0]!, basename(source)));
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!.replace(/\r$/, '');
      if (line === '') continue;
      const result = parser.parse(line, i + 1);
      if (result.ok) rows.push(result.record);
    }
  }
  return rows;
}

function resample(rows: readonly FlowRecord[], count: number): FlowRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const row = rows[i % rows.length]!;
    return { ...row, recordId: `${row.recordId}#${Math.floor(i / rows.length)}` };
  });
}

const rate = (count: number, ms: number) => Math.round(count / (ms / 1000));

/** Polls every 5 ms, so the time a wait ends at is the time the condition came true, within 5 ms. */
const waitUntil = (condition: () => boolean, description: string) =>
  waitFor(condition, { description, timeoutMs: 600_000, intervalMs: 5 });

/** Best of three rounds of `work` over `count` records. */
async function bestRate(count: number, work: () => unknown): Promise<number> {
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    await work();
    best = Math.max(best, rate(count, performance.now() - start));
  }
  return best;
}

async function serdeAlone(flows: FlowRecord[], rawSchema: Schema) {
  const topic = `bench.serde.${Date.now().toString(36)}`;
  const serde = new AvroSerde(new RegistryClient({ url: stack.SCHEMA_REGISTRY_URL }));
  await serde.register(topic, rawSchema);
  const payloads = serde.encodeMany(topic, flows);
  const bytes = payloads.reduce((sum, p) => sum + p.length, 0);
  const encode = await bestRate(flows.length, () => serde.encodeMany(topic, flows));
  const decode = await bestRate(flows.length, () => serde.decodeMany(topic, payloads));
  const evolved = {
    ...(rawSchema as object),
    fields: [
      ...(rawSchema as { fields: object[] }).fields,
      { name: 'sensorId', type: 'string', default: 'x' },
    ],
  } as Schema;
  const reader = new AvroSerde(new RegistryClient({ url: stack.SCHEMA_REGISTRY_URL }));
  reader.useReader(topic, evolved);
  const decodeResolved = await bestRate(flows.length, () => reader.decodeMany(topic, payloads));
  // The registry client's own decode with a reader schema, on a small sample: it compiles per call.
  const library = new SchemaRegistry({ host: stack.SCHEMA_REGISTRY_URL });
  const sample = payloads.slice(0, 2000);
  const libraryResolved = await bestRate(sample.length, async () => {
    for (const payload of sample) await library.decode(payload, { AVRO: { readerSchema: evolved as never } });
  });
  await fetch(`${stack.SCHEMA_REGISTRY_URL}/subjects/${valueSubject(topic)}`, { method: 'DELETE' });
  await fetch(`${stack.SCHEMA_REGISTRY_URL}/subjects/${valueSubject(topic)}?permanent=true`, {
    method: 'DELETE',
  });
  return {
    meanFramedBytes: Math.round(bytes / flows.length),
    encodeManyRecordsPerSecond: encode,
    decodeManyRecordsPerSecond: decode,
    decodeManyResolvedRecordsPerSecond: decodeResolved,
    registryClientDecodeResolvedRecordsPerSecond: libraryResolved,
  };
}

async function subscribed(consumer: BusConsumer, topic: string): Promise<BusConsumer> {
  await consumer.connect();
  await consumer.subscribe([topic], { fromBeginning: true });
  return consumer;
}

async function roundTrip(client: KafkaClientName, flows: FlowRecord[]) {
  const runId = `bench-${client}-${Date.now().toString(36)}`;
  const bus = createBus({ client, brokers: stack.KAFKA_BROKERS, clientId: runId, logger });
  const admin = bus.admin();
  await admin.connect();
  const serde = new AvroSerde(new RegistryClient({ url: stack.SCHEMA_REGISTRY_URL }));
  const topics = await provisionTopics({ admin, serde, prefix: 'bench.', suffix: `.${runId}` });
  const topic = topics.raw.topic;
  try {
    let decoded = 0;
    let failed = 0;
    const consumer = bus.consumer({ groupId: `${runId}-live` });
    await subscribed(consumer, topic);
    const running = consumer.run(async (batch) => {
      const outcomes = await serde.decodeMany(
        topic,
        batch.messages.map((m) => m.value),
      );
      for (const outcome of outcomes) outcome.ok ? decoded++ : failed++;
    });
    await waitUntil(() => consumer.assignment().length === 6, 'the consumer to join');

    const producer = bus.producer();
    await producer.connect();
    const sendMs: number[] = [];
    const start = performance.now();
    for (let i = 0; i < flows.length; i += BATCH) {
      const slice = flows.slice(i, i + BATCH);
      const values = serde.encodeMany(topic, slice);
      const messages: OutgoingMessage[] = slice.map((flow, j) => ({
        topic,
        key: flow.flowKey,
        value: values[j]!,
        headers: {
          'netattack-source-file': flow.source.file,
          'netattack-source-line': String(flow.source.line),
        },
      }));
      const sent = performance.now();
      await producer.send(messages);
      sendMs.push(performance.now() - sent);
    }
    const produced = performance.now();
    await waitUntil(() => decoded + failed >= flows.length, 'every record to come back');
    const done = performance.now();
    await producer.disconnect();
    await consumer.stop();
    await running;
    if (failed > 0) throw new Error(`${failed} records did not decode`);

    // A second group reads the full topic back: consume + decode alone, timed from the first batch.
    let readBack = 0;
    let firstAt = 0;
    let firstSize = 0;
    const reader = bus.consumer({ groupId: `${runId}-replay` });
    await subscribed(reader, topic);
    const reading = reader.run(async (batch) => {
      await serde.decodeMany(
        topic,
        batch.messages.map((m) => m.value),
      );
      if (firstAt === 0) {
        firstAt = performance.now();
        firstSize = batch.messages.length;
      }
      readBack += batch.messages.length;
    });
    await waitUntil(() => readBack >= flows.length, 'the read-back');
    const readDone = performance.now();
    await reader.stop();
    await reading;

    sendMs.sort((a, b) => a - b);
    return {
      produceRecordsPerSecond: rate(flows.length, produced - start),
      roundTripRecordsPerSecond: rate(flows.length, done - start),
      consumeDecodeRecordsPerSecond: rate(flows.length - firstSize, readDone - firstAt),
      sendBatchMs: {
        p50: Number(percentile(sendMs, 50).toFixed(1)),
        p99: Number(percentile(sendMs, 99).toFixed(1)),
      },
    };
  } finally {
    const names = Object.values(topics).map((t) => t.topic);
    await admin.deleteTopics(names);
    await admin.disconnect();
    for (const name of names) {
      const url = `${stack.SCHEMA_REGISTRY_URL}/subjects/${encodeURIComponent(valueSubject(name))}`;
      await fetch(url, { method: 'DELETE' });
      await fetch(`${url}?permanent=true`, { method: 'DELETE' });
    }
  }
}

const loadBefore = loadavg()[0]!;
const real = realRows();
const flows = resample(real, RECORDS);
const rawSchema = await loadSchemaFile('raw-flow.avsc');
console.log(`${real.length} real rows, resampled to ${RECORDS} records; batches of ${BATCH}`);

const serde = await serdeAlone(flows, rawSchema);
console.log(
  `serde alone: encodeMany ${serde.encodeManyRecordsPerSecond.toLocaleString('en')}/s, decodeMany ` +
    `${serde.decodeManyRecordsPerSecond.toLocaleString('en')}/s, resolved ${serde.decodeManyResolvedRecordsPerSecond.toLocaleString('en')}/s ` +
    `(registry client's decode with a reader schema: ${serde.registryClientDecodeResolvedRecordsPerSecond.toLocaleString('en')}/s); ` +
    `${serde.meanFramedBytes} bytes a record`,
);

const clients: Record<string, Awaited<ReturnType<typeof roundTrip>>> = {};
for (const client of CLIENTS) {
  clients[client] = await roundTrip(client, flows);
  const r = clients[client];
  console.log(
    `${client.padEnd(9)} produce ${r.produceRecordsPerSecond.toLocaleString('en')}/s, round trip ` +
      `${r.roundTripRecordsPerSecond.toLocaleString('en')}/s, read back ${r.consumeDecodeRecordsPerSecond.toLocaleString('en')}/s, ` +
      `send of ${BATCH}: p50 ${r.sendBatchMs.p50} ms, p99 ${r.sendBatchMs.p99} ms`,
  );
}

const result = {
  bench: 'kafka-roundtrip',
  date: new Date().toISOString(),
  command: `node --import tsx bench/kafka-roundtrip.ts --records ${RECORDS} --batch ${BATCH} --clients ${CLIENTS.join(',')}`,
  machine: {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    loadAverage1m: { before: loadBefore, after: loadavg()[0]! },
  },
  stack: { brokers: stack.KAFKA_BROKERS, registry: stack.SCHEMA_REGISTRY_URL },
  note:
    `Generated volume from real rows: the ${real.length} parseable rows of the shared CSE-CIC-IDS2018 and ` +
    'CIC-IDS2017 TrafficLabelling slices repeated in turn, each repeat with its own record id. One broker ' +
    '(KRaft, one node) and the registry run on the same machine as the bench, which is shared with other ' +
    'jobs: figures vary with its load.',
  records: RECORDS,
  batch: BATCH,
  serde,
  clients,
};
await mkdir(join(here, 'results'), { recursive: true });
await writeFile(join(here, 'results', 'kafka-roundtrip.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log('wrote bench/results/kafka-roundtrip.json');
