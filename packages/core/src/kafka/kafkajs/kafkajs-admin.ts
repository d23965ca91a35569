import { setTimeout as delay } from 'node:timers/promises';
import type { Admin, ITopicMetadata, Kafka } from 'kafkajs';
import type { BusAdmin, NewTopic, PartitionOffsets } from '../bus.ts';
import { kafkaJsError } from './kafkajs-errors.ts';

const LEADER_WAIT_MS = 30_000;
const LEADER_POLL_MS = 100;

export class KafkaJsAdmin implements BusAdmin {
  private readonly admin: Admin;
  private closing: Promise<void> | undefined;

  constructor(kafka: Kafka) {
    this.admin = kafka.admin();
  }

  async connect(): Promise<void> {
    try {
      await this.admin.connect();
    } catch (error) {
      throw kafkaJsError('kafkajs admin could not connect', error);
    }
  }

  async createTopics(topics: readonly NewTopic[]): Promise<void> {
    if (topics.length === 0) return;
    const names = topics.map((t) => t.topic);
    try {
      // kafkajs's own wait for leaders gives up on the UNKNOWN_TOPIC_OR_PARTITION a KRaft broker
      // answers for a moment after creating a topic, so the wait below is ours.
      const createdAll = await this.admin.createTopics({
        topics: topics.map((t) => ({ topic: t.topic, numPartitions: t.partitions })),
        waitForLeaders: false,
      });
      const ready = await this.waitForLeaders(names);
      if (createdAll) return;
      // Some existed already: make sure they have at least the partitions asked for.
      const wanted = new Map(topics.map((t) => [t.topic, t.partitions]));
      const grow = ready
        .filter((m) => m.partitions.length < (wanted.get(m.name) ?? 0))
        .map((m) => ({ topic: m.name, count: wanted.get(m.name)! }));
      if (grow.length === 0) return;
      await this.admin.createPartitions({ topicPartitions: grow });
      await this.waitForLeaders(names, wanted);
    } catch (error) {
      throw kafkaJsError(`kafkajs admin could not create ${names.join(', ')}`, error);
    }
  }

  /** Polls metadata until every partition of the topics has a leader (and the count asked, if any). */
  private async waitForLeaders(names: string[], partitions?: Map<string, number>): Promise<ITopicMetadata[]> {
    const deadline = Date.now() + LEADER_WAIT_MS;
    for (;;) {
      try {
        const { topics } = await this.admin.fetchTopicMetadata({ topics: names });
        const ready = topics.every(
          (t) =>
            t.partitions.length >= (partitions?.get(t.name) ?? 1) && t.partitions.every((p) => p.leader >= 0),
        );
        if (ready && topics.length === names.length) return topics;
      } catch (error) {
        const type = (error as { type?: string }).type;
        if (type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE') throw error;
        if (Date.now() > deadline) throw error;
      }
      if (Date.now() > deadline) throw new Error(`no leader for some partitions of ${names.join(', ')}`);
      await delay(LEADER_POLL_MS);
    }
  }

  async deleteTopics(topics: readonly string[]): Promise<void> {
    if (topics.length === 0) return;
    try {
      const existing = new Set(await this.admin.listTopics());
      const present = topics.filter((t) => existing.has(t));
      if (present.length > 0) await this.admin.deleteTopics({ topics: present });
    } catch (error) {
      throw kafkaJsError(`kafkajs admin could not delete ${topics.join(', ')}`, error);
    }
  }

  async listTopics(): Promise<string[]> {
    try {
      return (await this.admin.listTopics()).filter((name) => !name.startsWith('__')).sort();
    } catch (error) {
      throw kafkaJsError('kafkajs admin could not list topics', error);
    }
  }

  async topicOffsets(topic: string): Promise<PartitionOffsets[]> {
    try {
      const offsets = await this.admin.fetchTopicOffsets(topic);
      return offsets
        .map((o) => ({ partition: o.partition, high: o.high, low: o.low }))
        .sort((a, b) => a.partition - b.partition);
    } catch (error) {
      throw kafkaJsError(`kafkajs admin could not read the offsets of ${topic}`, error);
    }
  }

  disconnect(): Promise<void> {
    this.closing ??= this.admin.disconnect();
    return this.closing;
  }
}
