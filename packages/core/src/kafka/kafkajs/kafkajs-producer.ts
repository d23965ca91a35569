import { type Kafka, Partitioners, type Producer, type TopicMessages } from 'kafkajs';
import type { BusProducer, OutgoingMessage } from '../bus.ts';
import { splitIntoRequests } from '../send-chunks.ts';
import { kafkaJsError } from './kafkajs-errors.ts';

/** acks=all: a message counts as sent only once every in-sync replica has it. */
const ACKS_ALL = -1;

export function byTopic(messages: readonly OutgoingMessage[]): TopicMessages[] {
  const groups = new Map<string, TopicMessages>();
  for (const message of messages) {
    let group = groups.get(message.topic);
    if (!group) {
      group = { topic: message.topic, messages: [] };
      groups.set(message.topic, group);
    }
    // kafkajs reads key, value and headers and ignores `topic`: the message itself, not a copy of it.
    group.messages.push(message);
  }
  return [...groups.values()];
}

/**
 * The kafkajs idempotent producer loses or rejects messages when several sends overlap (kafkajs
 * issues 598 and 1005), so sends are queued here and run one request at a time.
 */
export class KafkaJsProducer implements BusProducer {
  private readonly producer: Producer;
  private queue: Promise<unknown> = Promise.resolve();
  private connected = false;
  private closing: Promise<void> | undefined;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // The Java client's murmur2 partitioner, the same one the rdkafka implementation is set to,
      // so a key lands on the same partition whichever client produced it.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async connect(): Promise<void> {
    try {
      await this.producer.connect();
      this.connected = true;
    } catch (error) {
      throw kafkaJsError('kafkajs producer could not connect', error);
    }
  }

  send(messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    const sent = this.queue.then(() => this.sendNow(messages));
    this.queue = sent.catch(() => undefined);
    return sent;
  }

  private async sendNow(messages: readonly OutgoingMessage[]): Promise<void> {
    if (!this.connected) throw kafkaJsError('kafkajs producer', new Error('send called before connect'));
    for (const chunk of splitIntoRequests(messages)) {
      try {
        await this.producer.sendBatch({ topicMessages: byTopic(chunk), acks: ACKS_ALL });
      } catch (error) {
        const topics = [...new Set(chunk.map((m) => m.topic))].join(', ');
        throw kafkaJsError(`kafkajs producer could not send to ${topics}`, error);
      }
    }
  }

  disconnect(): Promise<void> {
    this.closing ??= (async () => {
      await this.queue;
      this.connected = false;
      await this.producer.disconnect();
    })();
    return this.closing;
  }
}
