/**
 * The small Kafka interface the services use. Three implementations sit behind it (kafkajs, the
 * default, node-rdkafka and @confluentinc/kafka-javascript), so a service never depends on a client
 * library directly and the delivery guarantees are the same whichever client runs.
 */

export interface OutgoingMessage {
  topic: string;
  /** Partitioning key; null spreads messages over partitions. */
  key: string | null;
  value: Buffer;
  headers?: Record<string, string>;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit: kept as a decimal string so nothing rounds. */
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** Milliseconds since the epoch, as stamped by the producer or the broker. */
  timestamp: number;
}

/** Messages of one partition, in offset order. */
export interface MessageBatch {
  topic: string;
  partition: number;
  messages: IncomingMessage[];
}

export type BatchHandler = (batch: MessageBatch) => Promise<void>;

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface PartitionLag extends TopicPartition {
  /** Messages on the partition after the last one handed to the handler. */
  lag: number;
  /**
   * The offset this member reads next once everything handed over is handled, as a decimal string:
   * past the transaction markers (control records) that no handler sees, so a reader of a topic
   * written in transactions can tell it has reached an end offset.
   */
  position: string;
}

export interface BusProducer {
  connect(): Promise<void>;
  /**
   * Resolves once every message is acknowledged by all in-sync replicas (acks=all, idempotent
   * producer). Messages of one call keep their order per partition. Rejects with a PipelineError:
   * KAFKA_UNAVAILABLE (retriable) or KAFKA_REJECTED.
   */
  send(messages: readonly OutgoingMessage[]): Promise<void>;
  /** Idempotent. Waits for messages already handed to `send`. */
  disconnect(): Promise<void>;
}

export interface SubscribeOptions {
  /** Where a group with no committed offset starts: the earliest message, or only new ones. */
  fromBeginning: boolean;
}

export interface BusConsumer {
  connect(): Promise<void>;
  subscribe(topics: readonly string[], options: SubscribeOptions): Promise<void>;
  /**
   * Starts consuming and settles when consumption ends: resolves after `stop()`, rejects when the
   * handler throws a non-retriable error or the client fails for good. The offset after a batch's
   * last message is committed only after the handler resolves. A handler error marked retriable
   * (PipelineError with `retriable`) makes the same batch come back after a back-off.
   */
  run(handler: BatchHandler): Promise<void>;
  /**
   * Idempotent: stops fetching, lets the in-flight batch finish and commits it, leaves the group and
   * disconnects.
   */
  stop(): Promise<void>;
  /** Partitions currently assigned to this member. */
  assignment(): TopicPartition[];
  /** Lag per assigned partition, from the high watermark the last fetch saw. */
  lag(): PartitionLag[];
  /**
   * Set when the consumer was made with `transactionalId` (exactly-once): the producer whose sends,
   * made inside the handler, go into the transaction that also commits the batch's offsets. The
   * consumer connects it (fencing an older instance with the same id) and closes it in `stop()`.
   */
  readonly transactionalProducer?: BusProducer;
}

export interface NewTopic {
  topic: string;
  partitions: number;
}

export interface PartitionOffsets {
  partition: number;
  /** Offset the next produced message will get (the high watermark), as a decimal string. */
  high: string;
  /** Earliest offset still on the broker. */
  low: string;
}

export interface BusAdmin {
  connect(): Promise<void>;
  /**
   * Idempotent: topics that exist are left alone, except that a topic with fewer partitions than
   * asked gets more. Resolves once every partition has a leader.
   */
  createTopics(topics: readonly NewTopic[]): Promise<void>;
  /** Topics that do not exist are ignored. */
  deleteTopics(topics: readonly string[]): Promise<void>;
  listTopics(): Promise<string[]>;
  /** Offsets of every partition of a topic, sorted by partition. */
  topicOffsets(topic: string): Promise<PartitionOffsets[]>;
  disconnect(): Promise<void>;
}

export interface ConsumerOptions {
  groupId: string;
  /** Batches of different partitions handled at the same time (default 1). */
  partitionsConcurrently?: number;
  /** Most messages handed to the handler in one batch (default 1000). */
  maxBatchSize?: number;
  /** Longest pause between retries of a failed batch (default 5000 ms). */
  maxRetryDelayMs?: number;
  sessionTimeoutMs?: number;
  /**
   * Exactly-once (`DELIVERY=exactly-once`): consume-transform-produce in Kafka transactions. The
   * consumer owns a transactional producer with this id (`transactionalProducer`); each batch's
   * outputs and its input offsets commit in one transaction, or neither does. Stable per instance: a
   * restarted instance with the same id fences the old one and aborts its open transaction. Every
   * consumer reads committed records only (isolation read_committed), with or without this.
   */
  transactionalId?: string;
}

export interface Bus {
  readonly client: KafkaClientName;
  producer(): BusProducer;
  consumer(options: ConsumerOptions): BusConsumer;
  admin(): BusAdmin;
}

export type KafkaClientName = 'kafkajs' | 'rdkafka' | 'confluent';

/** `DELIVERY`: at-least-once (the default) or consume-transform-produce in transactions. */
export type DeliveryMode = 'at-least-once' | 'exactly-once';

export const DELIVERY_MODES: readonly DeliveryMode[] = ['at-least-once', 'exactly-once'];

export const KAFKA_CLIENTS: readonly KafkaClientName[] = ['kafkajs', 'rdkafka', 'confluent'];

/** The client a service, command or bus uses unless told otherwise: chosen by bench/pipeline (bench/README.md). */
export const DEFAULT_KAFKA_CLIENT: KafkaClientName = 'rdkafka';
