import { setTimeout as delay } from 'node:timers/promises';
import type { IAdminClient, Metadata, Producer, WatermarkOffsets } from 'node-rdkafka';
import type { BusAdmin, NewTopic, PartitionOffsets } from '../bus.ts';
import { loadRdKafka, rdKafkaErrorCodes } from './load-rdkafka.ts';
import { adminConfig, type RdKafkaConnection } from './rdkafka-config.ts';
import { callbackPromise, errorCode, rdKafkaError } from './rdkafka-errors.ts';

const REQUEST_TIMEOUT_MS = 10_000;
const LEADER_WAIT_MS = 30_000;
const LEADER_POLL_MS = 100;
/** The broker picks its default.replication.factor. */
const BROKER_DEFAULT_REPLICATION = -1;

const isInternal = (topic: string) => topic.startsWith('__');

/**
 * librdkafka's AdminClient creates and deletes topics but has no metadata or offset calls: those go
 * through a plain client (a producer that never produces), connected beside it.
 */
export class RdKafkaAdmin implements BusAdmin {
  private readonly connection: RdKafkaConnection;
  private admin: IAdminClient | undefined;
  private metadataClient: Producer | undefined;
  private closing: Promise<void> | undefined;

  constructor(connection: RdKafkaConnection) {
    this.connection = connection;
  }

  async connect(): Promise<void> {
    const { AdminClient, Producer } = loadRdKafka();
    const client = new Producer(adminConfig(this.connection));
    await callbackPromise('rdkafka admin could not connect', (done) =>
      client.connect({ timeout: REQUEST_TIMEOUT_MS }, done),
    );
    this.metadataClient = client;
    this.admin = AdminClient.create(adminConfig(this.connection));
  }

  private clients(): { admin: IAdminClient; metadata: Producer } {
    if (!this.admin || !this.metadataClient)
      throw rdKafkaError('rdkafka admin', new Error('used before connect'));
    return { admin: this.admin, metadata: this.metadataClient };
  }

  private metadata(topic?: string): Promise<Metadata> {
    const { metadata } = this.clients();
    const options = topic
      ? { topic, timeout: REQUEST_TIMEOUT_MS }
      : { allTopics: true, timeout: REQUEST_TIMEOUT_MS };
    return callbackPromise('rdkafka admin could not read metadata', (done) =>
      metadata.getMetadata(options, done),
    );
  }

  async createTopics(topics: readonly NewTopic[]): Promise<void> {
    const { admin } = this.clients();
    const codes = rdKafkaErrorCodes();
    for (const { topic, partitions } of topics) {
      try {
        await callbackPromise(`rdkafka admin could not create ${topic}`, (done) =>
          admin.createTopic(
            { topic, num_partitions: partitions, replication_factor: BROKER_DEFAULT_REPLICATION },
            REQUEST_TIMEOUT_MS,
            done,
          ),
        );
      } catch (error) {
        if (errorCode((error as { cause?: unknown }).cause) !== codes.ERR_TOPIC_ALREADY_EXISTS) throw error;
        const existing = (await this.metadata()).topics.find((t) => t.name === topic);
        if (existing && existing.partitions.length < partitions) {
          await callbackPromise(`rdkafka admin could not add partitions to ${topic}`, (done) =>
            admin.createPartitions(topic, partitions, REQUEST_TIMEOUT_MS, done),
          );
        }
      }
    }
    await this.waitForLeaders(topics);
  }

  /** A topic is usable once metadata lists every partition with a leader. */
  private async waitForLeaders(topics: readonly NewTopic[]): Promise<void> {
    const deadline = Date.now() + LEADER_WAIT_MS;
    for (;;) {
      const known = new Map((await this.metadata()).topics.map((t) => [t.name, t]));
      const ready = topics.every(({ topic, partitions }) => {
        const found = known.get(topic);
        return (
          !!found && found.partitions.length >= partitions && found.partitions.every((p) => p.leader >= 0)
        );
      });
      if (ready) return;
      if (Date.now() > deadline) {
        throw rdKafkaError(
          'rdkafka admin',
          new Error(`no leader for ${topics.map((t) => t.topic).join(', ')}`),
        );
      }
      await delay(LEADER_POLL_MS);
    }
  }

  async deleteTopics(topics: readonly string[]): Promise<void> {
    const { admin } = this.clients();
    const codes = rdKafkaErrorCodes();
    for (const topic of topics) {
      try {
        await callbackPromise(`rdkafka admin could not delete ${topic}`, (done) =>
          admin.deleteTopic(topic, REQUEST_TIMEOUT_MS, done),
        );
      } catch (error) {
        if (errorCode((error as { cause?: unknown }).cause) !== codes.ERR_UNKNOWN_TOPIC_OR_PART) throw error;
      }
    }
  }

  async listTopics(): Promise<string[]> {
    return (await this.metadata()).topics
      .map((t) => t.name)
      .filter((name) => !isInternal(name))
      .sort();
  }

  async topicOffsets(topic: string): Promise<PartitionOffsets[]> {
    const { metadata } = this.clients();
    const found = (await this.metadata(topic)).topics.find((t) => t.name === topic);
    if (!found || found.partitions.length === 0) {
      throw rdKafkaError(`rdkafka admin could not read the offsets of ${topic}`, {
        message: 'unknown topic',
        code: rdKafkaErrorCodes().ERR_UNKNOWN_TOPIC_OR_PART,
      });
    }
    const offsets = await Promise.all(
      found.partitions.map(async ({ id }) => {
        const watermarks = await callbackPromise<WatermarkOffsets>(
          `rdkafka admin could not read the offsets of ${topic}/${id}`,
          (done) => metadata.queryWatermarkOffsets(topic, id, REQUEST_TIMEOUT_MS, done),
        );
        return { partition: id, high: String(watermarks.highOffset), low: String(watermarks.lowOffset) };
      }),
    );
    return offsets.sort((a, b) => a.partition - b.partition);
  }

  disconnect(): Promise<void> {
    this.closing ??= (async () => {
      this.admin?.disconnect();
      this.admin = undefined;
      const client = this.metadataClient;
      this.metadataClient = undefined;
      if (client?.isConnected()) {
        await callbackPromise('rdkafka admin disconnect', (done) => client.disconnect(done));
      }
    })();
    return this.closing;
  }
}
