import { setTimeout as delay } from 'node:timers/promises';
import type { IAdminClient, Metadata, Producer, WatermarkOffsets } from '@confluentinc/kafka-javascript';
import type { BusAdmin, NewTopic, PartitionOffsets } from '../bus.ts';
import { adminConfig, type ConfluentConnection } from './confluent-config.ts';
import { callbackPromise, confluentError, errorCode } from './confluent-errors.ts';
import { forwardLibrdKafkaLogs } from './confluent-log.ts';
import { confluentErrorCodes, loadConfluent } from './load-confluent.ts';

const REQUEST_TIMEOUT_MS = 10_000;
const LEADER_WAIT_MS = 30_000;
const LEADER_POLL_MS = 100;
/** The broker picks its default.replication.factor. */
const BROKER_DEFAULT_REPLICATION = -1;

const isInternal = (topic: string) => topic.startsWith('__');

/**
 * Metadata and watermarks go through a plain client (a producer that never produces); the admin
 * calls ride on that same connection (`AdminClient.createFrom`), so one admin is one client, where
 * node-rdkafka needs two.
 */
export class ConfluentAdmin implements BusAdmin {
  private readonly connection: ConfluentConnection;
  private admin: IAdminClient | undefined;
  private metadataClient: Producer | undefined;
  private closing: Promise<void> | undefined;

  constructor(connection: ConfluentConnection) {
    this.connection = connection;
  }

  async connect(): Promise<void> {
    const { AdminClient, Producer } = loadConfluent();
    const client = new Producer(adminConfig(this.connection));
    forwardLibrdKafkaLogs(client, this.connection.logger.child({ component: 'confluent-admin' }));
    await callbackPromise('confluent admin could not connect', (done) =>
      client.connect({ timeout: REQUEST_TIMEOUT_MS }, done),
    );
    this.metadataClient = client;
    try {
      this.admin = AdminClient.createFrom(client);
    } catch (error) {
      throw confluentError('confluent admin could not connect', error);
    }
  }

  private clients(): { admin: IAdminClient; metadata: Producer } {
    if (!this.admin || !this.metadataClient)
      throw confluentError('confluent admin', new Error('used before connect'));
    return { admin: this.admin, metadata: this.metadataClient };
  }

  private metadata(topic?: string): Promise<Metadata> {
    const { metadata } = this.clients();
    const options = topic
      ? { topic, timeout: REQUEST_TIMEOUT_MS }
      : { allTopics: true, timeout: REQUEST_TIMEOUT_MS };
    return callbackPromise('confluent admin could not read metadata', (done) =>
      metadata.getMetadata(options, done),
    );
  }

  async createTopics(topics: readonly NewTopic[]): Promise<void> {
    const { admin } = this.clients();
    const codes = confluentErrorCodes();
    for (const { topic, partitions } of topics) {
      try {
        await callbackPromise(`confluent admin could not create ${topic}`, (done) =>
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
          await callbackPromise(`confluent admin could not add partitions to ${topic}`, (done) =>
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
        throw confluentError(
          'confluent admin',
          new Error(`no leader for ${topics.map((t) => t.topic).join(', ')}`),
        );
      }
      await delay(LEADER_POLL_MS);
    }
  }

  async deleteTopics(topics: readonly string[]): Promise<void> {
    const { admin } = this.clients();
    const codes = confluentErrorCodes();
    for (const topic of topics) {
      try {
        await callbackPromise(`confluent admin could not delete ${topic}`, (done) =>
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
      throw confluentError(`confluent admin could not read the offsets of ${topic}`, {
        message: 'unknown topic',
        code: confluentErrorCodes().ERR_UNKNOWN_TOPIC_OR_PART,
      });
    }
    const offsets = await Promise.all(
      found.partitions.map(async ({ id }) => {
        const watermarks = await callbackPromise<WatermarkOffsets>(
          `confluent admin could not read the offsets of ${topic}/${id}`,
          (done) => metadata.queryWatermarkOffsets(topic, id, REQUEST_TIMEOUT_MS, done),
        );
        return { partition: id, high: String(watermarks.highOffset), low: String(watermarks.lowOffset) };
      }),
    );
    return offsets.sort((a, b) => a.partition - b.partition);
  }

  disconnect(): Promise<void> {
    this.closing ??= (async () => {
      // The admin rides on the metadata client's handle: disconnecting that client ends both.
      this.admin = undefined;
      const client = this.metadataClient;
      this.metadataClient = undefined;
      if (client?.isConnected()) {
        await callbackPromise('confluent admin disconnect', (done) => client.disconnect(done));
      }
    })();
    return this.closing;
  }
}
