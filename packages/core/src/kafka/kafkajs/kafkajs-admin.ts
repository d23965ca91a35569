import { setTimeout as delay } from 'node:timers/promises';
import type { Admin, Kafka } from 'kafkajs';
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
      // Returns false when some already existed; those are checked for their partition count below.
      const createdAll = await this.admin.createTopics({
        topics: topics.map((t) => ({ topic: t.topic, numPartitions: t.partitions })),
        waitForLeaders: true,
      });
      if (createdAll) return;
      const { topics: metadata } = await this.admin.fetchTopicMetadata({ topics: names });
      const wanted = new Map(topics.map((t) => [t.topic, t.partitions]));
      const grow = metadata
        .filter((m) => m.partitions.length < (wanted.get(m.name) ?? 0))
        .map((m) => ({ topic: m.name, count: wanted.get(m.name)! }));
      if (grow.length > 0) await this.admin.createPartitions({ topicPartitions: grow });
      await this.waitForLeaders(names);
    } catch (error) {
      throw kafkaJsError(`kafkajs admin could not create ${names.join(', ')}`, error);
    }
  }

  /** kafkajs waits for leaders only when it created every topic itself. */
  private async waitForLeaders(names: string[]): Promise<void> {
    const deadline = Date.now() + LEADER_WAIT_MS;
    for (;;) {
      const { topics } = await this.admin.fetchTopicMetadata({ topics: names });
      if (topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
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
