import { AvroSerde } from '../../../packages/core/src/avro/avro-serde.ts';
import { RegistryClient } from '../../../packages/core/src/avro/registry-client.ts';
import type { FlowRecord } from '../../../packages/core/src/flow/flow-record.ts';
import type {
  Bus,
  BusAdmin,
  BusConsumer,
  ConsumerOptions,
  IncomingMessage,
  KafkaClientName,
  OutgoingMessage,
} from '../../../packages/core/src/kafka/bus.ts';
import { createBus } from '../../../packages/core/src/kafka/create-bus.ts';
import { createLogger } from '../../../packages/core/src/log/logger.ts';
import { SOURCE_FILE_HEADER, SOURCE_LINE_HEADER } from '../../../packages/core/src/topology/dead-letters.ts';
import { type ProvisionedTopic, provisionTopics } from '../../../packages/core/src/topology/provision.ts';
import { type TopicRole, valueSubject } from '../../../packages/core/src/topology/topics.ts';
import { stackEnv } from '../../support/stack-env.ts';
import { uniqueName } from '../../support/unique-name.ts';
import { waitFor } from '../../support/wait-for.ts';
import { deleteSubjects } from './registry-subjects.ts';

/**
 * The real broker and registry, with the six pipeline topics created under a unique suffix and their
 * schemas registered; `close` deletes both topics and subjects.
 */
export interface BusFixture {
  bus: Bus;
  admin: BusAdmin;
  serde: AvroSerde;
  topics: Record<TopicRole, ProvisionedTopic>;
  runId: string;
  /** Consumers made through `consumer` are stopped by `close`. */
  consumer(options?: Partial<ConsumerOptions>): BusConsumer;
  close(): Promise<void>;
}

export async function openBusFixture(client: KafkaClientName, label: string): Promise<BusFixture> {
  const stack = stackEnv();
  const runId = uniqueName(`${label}-${client}`);
  const logger = createLogger(`test-${client}`, process.env.LOG_LEVEL ?? 'error');
  const bus = createBus({ client, brokers: stack.brokers, clientId: runId, logger });
  const admin = bus.admin();
  await admin.connect();
  const serde = new AvroSerde(new RegistryClient({ url: stack.registryUrl }));
  let topics: Record<TopicRole, ProvisionedTopic>;
  try {
    topics = await provisionTopics({ admin, serde, prefix: 'test.', suffix: `.${runId}` });
  } catch (error) {
    await admin.disconnect();
    throw error;
  }
  const consumers: BusConsumer[] = [];
  return {
    bus,
    admin,
    serde,
    topics,
    runId,
    consumer(options = {}) {
      const consumer = bus.consumer({ groupId: `${runId}-group`, ...options });
      consumers.push(consumer);
      return consumer;
    },
    async close() {
      await Promise.all(consumers.map((c) => c.stop()));
      const names = Object.values(topics).map((t) => t.topic);
      await admin.deleteTopics(names);
      await admin.disconnect();
      await deleteSubjects(stack.registryUrl, names.map(valueSubject));
    },
  };
}

/** Raw flow messages as the replay producer writes them: keyed by flow key, source in headers. */
export function rawFlowMessages(
  serde: AvroSerde,
  topic: string,
  flows: readonly FlowRecord[],
): OutgoingMessage[] {
  const values = serde.encodeMany(topic, flows);
  return flows.map((flow, i) => ({
    topic,
    key: flow.flowKey,
    value: values[i]!,
    headers: { [SOURCE_FILE_HEADER]: flow.source.file, [SOURCE_LINE_HEADER]: String(flow.source.line) },
  }));
}

/** Everything a consumer handed to its handler, in the order it arrived. */
export class Received {
  readonly messages: IncomingMessage[] = [];
  readonly batches: { partition: number; size: number }[] = [];

  add(messages: readonly IncomingMessage[]): void {
    if (messages.length === 0) return;
    this.messages.push(...messages);
    this.batches.push({ partition: messages[0]!.partition, size: messages.length });
  }

  /** Offsets of each partition in arrival order. */
  offsetsByPartition(): Map<number, number[]> {
    const result = new Map<number, number[]>();
    for (const m of this.messages) {
      const list = result.get(m.partition) ?? [];
      list.push(Number(m.offset));
      result.set(m.partition, list);
    }
    return result;
  }

  async waitForCount(count: number, what: string, timeoutMs = 90_000): Promise<void> {
    await waitFor(() => this.messages.length >= count, {
      timeoutMs,
      description: `${what} (${count} messages)`,
    });
  }
}

/**
 * Connects the consumer, subscribes it to `topic` from the beginning and collects every batch it hands
 * over; `running` settles when the consumer stops.
 */
export async function collect(
  consumer: BusConsumer,
  topic: string,
): Promise<{ received: Received; running: Promise<void> }> {
  const received = new Received();
  await consumer.connect();
  await consumer.subscribe([topic], { fromBeginning: true });
  const running = consumer.run(async (batch) => {
    received.add(batch.messages);
  });
  return { received, running };
}

/** Sends the messages through a producer of its own, acknowledged, then disconnects it. */
export async function sendAll(bus: Bus, messages: OutgoingMessage[]): Promise<void> {
  const producer = bus.producer();
  await producer.connect();
  try {
    await producer.send(messages);
  } finally {
    await producer.disconnect();
  }
}

/** Waits until the consumer has joined its group and owns at least `partitions` partitions. */
export async function waitForAssignment(consumer: BusConsumer, what: string, partitions = 1): Promise<void> {
  await waitFor(() => consumer.assignment().length >= partitions, { timeoutMs: 60_000, description: what });
}
