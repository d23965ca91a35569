import { setTimeout as delay } from 'node:timers/promises';
import type { Metadata, WatermarkOffsets } from 'node-rdkafka';
import type { BusAdmin, NewTopic, PartitionOffsets } from './bus.ts';
import { errorCode, type LibrdKafkaErrorMapping } from './librdkafka-errors.ts';

const REQUEST_TIMEOUT_MS = 10_000;
const LEADER_WAIT_MS = 30_000;
const LEADER_POLL_MS = 100;
/** The broker picks its default.replication.factor. */
const BROKER_DEFAULT_REPLICATION = -1;

const isInternal = (topic: string) => topic.startsWith('__');

type Callback<T = unknown> = (error: unknown, value?: T) => void;

/** The admin calls both addons' AdminClient has. */
export interface LibrdKafkaAdminClient {
  createTopic(
    topic: { topic: string; num_partitions: number; replication_factor: number },
    timeout: number,
    done: Callback,
  ): void;
  createPartitions(topic: string, partitions: number, timeout: number, done: Callback): void;
  deleteTopic(topic: string, timeout: number, done: Callback): void;
}

/** librdkafka's AdminClient has no metadata or offset calls: a plain client (a producer that never produces) makes them. */
export interface LibrdKafkaMetadataClient {
  connect(options: { timeout: number }, done: Callback): void;
  getMetadata(
    options: { topic?: string; allTopics?: boolean; timeout: number },
    done: Callback<Metadata>,
  ): void;
  queryWatermarkOffsets(
    topic: string,
    partition: number,
    timeout: number,
    done: Callback<WatermarkOffsets>,
  ): void;
  isConnected(): boolean;
  disconnect(done: Callback): void;
  on(event: 'event.error' | 'event.log', listener: (event: unknown) => void): unknown;
  removeListener(event: 'event.error' | 'event.log', listener: (event: unknown) => void): unknown;
}

/** What differs between node-rdkafka and @confluentinc/kafka-javascript: names, errors, how the clients open and close. */
export interface LibrdKafkaAdminParts {
  /** rdkafka or confluent: starts every error message. */
  label: string;
  errors: LibrdKafkaErrorMapping;
  codes: () => Record<string, number>;
  /** A new, unconnected metadata client. */
  metadataClient(): LibrdKafkaMetadataClient;
  /** The admin client, once the metadata client is connected (confluent's rides on it). */
  adminClient(metadata: LibrdKafkaMetadataClient): LibrdKafkaAdminClient;
  /** Closes the admin client before the metadata client disconnects. */
  closeAdmin(admin: LibrdKafkaAdminClient): void;
}

/** The BusAdmin of both librdkafka clients. */
export class LibrdKafkaAdmin implements BusAdmin {
  private admin: LibrdKafkaAdminClient | undefined;
  private metadataClient: LibrdKafkaMetadataClient | undefined;
  private closing: Promise<void> | undefined;
  private readonly label: string;

  constructor(private readonly parts: LibrdKafkaAdminParts) {
    this.label = `${parts.label} admin`;
  }

  async connect(): Promise<void> {
    const client = this.parts.metadataClient();
    const context = `${this.label} could not connect`;
    // librdkafka reports a refused login or an untrusted certificate in an error log line and keeps
    // retrying: connect would only time out later with "broker transport failure". The line says
    // why, at once (node-rdkafka delivers it as a log event, not an error event).
    let onEvent: ((event: unknown) => void) | undefined;
    const refused = new Promise<never>((_, reject) => {
      onEvent = (event) => {
        const mapped = this.parts.errors.toError(context, event);
        if (mapped.code === 'KAFKA_AUTH_FAILED' || mapped.code === 'KAFKA_NOT_AUTHORIZED') reject(mapped);
      };
      client.on('event.error', onEvent);
      client.on('event.log', onEvent);
    });
    try {
      await Promise.race([
        this.parts.errors.callbackPromise(context, (done) =>
          client.connect({ timeout: REQUEST_TIMEOUT_MS }, done),
        ),
        refused,
      ]);
    } catch (error) {
      try {
        client.disconnect(() => undefined);
      } catch {
        // Never connected: nothing to close.
      }
      throw error;
    } finally {
      if (onEvent) {
        client.removeListener('event.error', onEvent);
        client.removeListener('event.log', onEvent);
      }
    }
    this.metadataClient = client;
    this.admin = this.parts.errors.attempt(`${this.label} could not connect`, () =>
      this.parts.adminClient(client),
    );
  }

  private clients(): { admin: LibrdKafkaAdminClient; metadata: LibrdKafkaMetadataClient } {
    if (!this.admin || !this.metadataClient)
      throw this.parts.errors.toError(this.label, new Error('used before connect'));
    return { admin: this.admin, metadata: this.metadataClient };
  }

  private metadata(topic?: string): Promise<Metadata> {
    const { metadata } = this.clients();
    const options = topic
      ? { topic, timeout: REQUEST_TIMEOUT_MS }
      : { allTopics: true, timeout: REQUEST_TIMEOUT_MS };
    return this.parts.errors.callbackPromise<Metadata>(`${this.label} could not read metadata`, (done) =>
      metadata.getMetadata(options, done),
    );
  }

  async createTopics(topics: readonly NewTopic[]): Promise<void> {
    const { admin } = this.clients();
    const codes = this.parts.codes();
    for (const { topic, partitions } of topics) {
      try {
        await this.parts.errors.callbackPromise(`${this.label} could not create ${topic}`, (done) =>
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
          await this.parts.errors.callbackPromise(
            `${this.label} could not add partitions to ${topic}`,
            (done) => admin.createPartitions(topic, partitions, REQUEST_TIMEOUT_MS, done),
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
        throw this.parts.errors.toError(
          this.label,
          new Error(`no leader for ${topics.map((t) => t.topic).join(', ')}`),
        );
      }
      await delay(LEADER_POLL_MS);
    }
  }

  async deleteTopics(topics: readonly string[]): Promise<void> {
    const { admin } = this.clients();
    const codes = this.parts.codes();
    for (const topic of topics) {
      try {
        await this.parts.errors.callbackPromise(`${this.label} could not delete ${topic}`, (done) =>
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
      throw this.parts.errors.toError(`${this.label} could not read the offsets of ${topic}`, {
        message: 'unknown topic',
        code: this.parts.codes().ERR_UNKNOWN_TOPIC_OR_PART,
      });
    }
    const offsets = await Promise.all(
      found.partitions.map(async ({ id }) => {
        const watermarks = await this.parts.errors.callbackPromise<WatermarkOffsets>(
          `${this.label} could not read the offsets of ${topic}/${id}`,
          (done) => metadata.queryWatermarkOffsets(topic, id, REQUEST_TIMEOUT_MS, done),
        );
        return { partition: id, high: String(watermarks.highOffset), low: String(watermarks.lowOffset) };
      }),
    );
    return offsets.sort((a, b) => a.partition - b.partition);
  }

  disconnect(): Promise<void> {
    this.closing ??= (async () => {
      if (this.admin) this.parts.closeAdmin(this.admin);
      this.admin = undefined;
      const client = this.metadataClient;
      this.metadataClient = undefined;
      if (client?.isConnected()) {
        await this.parts.errors.callbackPromise(`${this.label} disconnect`, (done) =>
          client.disconnect(done),
        );
      }
    })();
    return this.closing;
  }
}
