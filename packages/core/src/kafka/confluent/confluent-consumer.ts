import { setTimeout as delay } from 'node:timers/promises';
import type {
  KafkaConsumer,
  LibrdKafkaError,
  Message,
  TopicPartitionOffset,
} from '@confluentinc/kafka-javascript';
import type { PipelineError } from '../../errors.ts';
import type { Logger } from '../../log/logger.ts';
import type {
  BatchHandler,
  BusConsumer,
  ConsumerOptions,
  IncomingMessage,
  MessageBatch,
  PartitionLag,
  SubscribeOptions,
  TopicPartition,
} from '../bus.ts';
import { ConsumerOutcome } from '../consumer-outcome.ts';
import { handleWithRetry } from '../handle-with-retry.ts';
import { headersFromList, type RawHeaderValue } from '../header-values.ts';
import { LibrdKafkaTransactions, READ_COMMITTED } from '../librdkafka-transactions.ts';
import { partitionId } from '../partition-id.ts';
import { TransactionQueue } from '../transactions.ts';
import { type ConfluentConnection, consumerConfig, consumerTopicConfig } from './confluent-config.ts';
import { attempt, callbackPromise, confluentError, confluentErrors } from './confluent-errors.ts';
import { forwardLibrdKafkaLogs } from './confluent-log.ts';
import { ConfluentProducer } from './confluent-producer.ts';
import { confluentErrorCodes, loadConfluent } from './load-confluent.ts';

const CONNECT_TIMEOUT_MS = 10_000;
/** Longest wait for the first message of a batch; also how long `stop` can wait for a fetch. */
const CONSUME_TIMEOUT_MS = 100;
const DEFAULT_MAX_BATCH = 1000;
const DEFAULT_MAX_RETRY_DELAY_MS = 5000;
const CONSUME_ERROR_PAUSE_MS = 500;
/** librdkafka's logical offsets, for a partition with no committed offset. */
const OFFSET_BEGINNING = -2;
const OFFSET_END = -1;

/** Not in the library's typings, but public on its KafkaConsumer (its KafkaJS layer calls it). */
interface FirstMessageTimeout {
  setDefaultIsTimeoutOnlyForFirstMessage(isTimeoutOnlyForFirstMessage: boolean): void;
}

function toIncoming(message: Message): IncomingMessage {
  const key = message.key;
  return {
    topic: message.topic,
    partition: message.partition,
    offset: String(message.offset),
    // The binding hands out a Buffer of its own already: no copy.
    key: key === undefined || key === null ? null : typeof key === 'string' ? Buffer.from(key) : key,
    value: message.value,
    headers: headersFromList(message.headers as Record<string, RawHeaderValue>[] | undefined),
    timestamp: message.timestamp ?? 0,
  };
}

/**
 * Splits one consume result into per-partition batches, keeping offset order inside each. A consume
 * result comes in runs of one partition, so the map is looked up only where the partition changes.
 */
function byPartition(messages: readonly Message[]): MessageBatch[] {
  const batches = new Map<string, MessageBatch>();
  let current: MessageBatch | undefined;
  for (const message of messages) {
    if (!current || current.partition !== message.partition || current.topic !== message.topic) {
      const id = partitionId(message.topic, message.partition);
      current = batches.get(id);
      if (!current) {
        current = { topic: message.topic, partition: message.partition, messages: [] };
        batches.set(id, current);
      }
    }
    current.messages.push(toIncoming(message));
  }
  return [...batches.values()];
}

/**
 * One member of a consumer group on @confluentinc/kafka-javascript's callback API: batched
 * `consume(n)` that waits only for the first message and then takes what librdkafka has already
 * fetched, auto-commit off, a commit of the offset after each batch once the handler has resolved.
 * The library's KafkaJS-style `eachBatch` would wrap every message in an object of its own and
 * keep a message cache per partition; this hands librdkafka's messages over in one native call.
 * With a transactional id (exactly-once) the offsets are committed instead in the transaction that
 * holds the batch's outputs (`../librdkafka-transactions.ts`, `../transactions.ts`).
 */
export class ConfluentConsumer implements BusConsumer {
  private readonly connection: ConfluentConnection;
  private readonly options: ConsumerOptions;
  private readonly logger: Logger;
  private readonly maxBatch: number;
  private readonly aborter = new AbortController();
  private readonly outcome = new ConsumerOutcome();
  private consumer: KafkaConsumer | undefined;
  private fromBeginning = false;
  private assigned: TopicPartition[] = [];
  private readonly lags = new Map<string, PartitionLag>();
  /** Offset after the last handled message, per partition (key topic NUL partition). */
  private readonly handled = new Map<string, TopicPartitionOffset>();
  private loop: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  /** Revocations seen so far: a batch fetched before the latest one may belong to another member now. */
  private revocations = 0;
  readonly transactionalProducer: ConfluentProducer | undefined;
  private readonly transactions: LibrdKafkaTransactions | undefined;
  private initialised: Promise<void> | undefined;

  constructor(connection: ConfluentConnection, options: ConsumerOptions) {
    this.connection = connection;
    this.options = options;
    this.logger = connection.logger.child({ component: 'confluent-consumer', groupId: options.groupId });
    this.maxBatch = options.maxBatchSize ?? DEFAULT_MAX_BATCH;
    const transactionalId = options.transactionalId;
    if (transactionalId !== undefined) {
      this.transactionalProducer = new ConfluentProducer(connection, transactionalId);
      this.transactions = new LibrdKafkaTransactions({
        label: 'confluent',
        transactionalId,
        producer: this.transactionalProducer.transactional,
        consumer: () => this.consumer,
        groupId: options.groupId,
        errors: confluentErrors,
        codes: confluentErrorCodes,
        logger: this.logger.child({ transactionalId }),
        signal: this.aborter.signal,
      });
    }
  }

  private create(): KafkaConsumer {
    const { KafkaConsumer } = loadConfluent();
    const codes = confluentErrorCodes();
    const consumer = new KafkaConsumer(
      { ...consumerConfig(this.connection, this.options), ...READ_COMMITTED },
      consumerTopicConfig(this.fromBeginning),
    );
    // The library assigns and revokes itself (rebalance_cb: true) and reports each change here.
    consumer.on('rebalance', (event: LibrdKafkaError, partitions: TopicPartition[]) => {
      if (event.code === codes.ERR__ASSIGN_PARTITIONS) {
        this.assigned = partitions.map(({ topic, partition }) => ({ topic, partition }));
      } else if (event.code === codes.ERR__REVOKE_PARTITIONS) {
        // Emitted before the library unassigns, so no batch can commit under a newer generation
        // without this count having moved first.
        this.revocations++;
        this.assigned = [];
        this.lags.clear();
        this.handled.clear();
      }
      this.logger.info({ event: event.message, partitions: this.assigned.length }, 'rebalance');
    });
    consumer.on('rebalance.error', (error) => this.logger.warn({ err: error }, 'rebalance failed'));
    consumer.on('offset.commit', (error, offsets) => {
      if (error)
        this.logger.warn({ err: error, offsets }, 'commit failed; those batches will be redelivered');
    });
    consumer.on('event.error', (error) => {
      this.logger.warn({ err: error }, 'librdkafka error');
      if (error.isFatal) this.fail(confluentError('confluent consumer failed', error));
    });
    forwardLibrdKafkaLogs(consumer, this.logger);
    return consumer;
  }

  async connect(): Promise<void> {
    // The transactional producer first: its init fences an older instance with the same id and
    // aborts what that one left open, before this member joins the group and reads offsets.
    if (this.transactionalProducer && this.transactions) {
      const { transactionalProducer: producer, transactions } = this;
      this.initialised ??= (async () => {
        await producer.connect();
        await transactions.init();
        this.logger.info({ transactionalId: this.options.transactionalId }, 'transactions initialised');
      })();
      await this.initialised;
    }
    const consumer = this.create();
    await callbackPromise('confluent consumer could not connect', (done) =>
      consumer.connect({ timeout: CONNECT_TIMEOUT_MS }, done),
    );
    this.consumer = consumer;
  }

  /**
   * librdkafka fixes auto.offset.reset when the client is created, before `subscribe` says which
   * one is wanted: a connected client with the other setting is replaced before it joins a group.
   */
  async subscribe(topics: readonly string[], options: SubscribeOptions): Promise<void> {
    if (options.fromBeginning !== this.fromBeginning) {
      this.fromBeginning = options.fromBeginning;
      const previous = this.consumer;
      if (previous) {
        await callbackPromise('confluent consumer disconnect', (done) => previous.disconnect(done));
        await this.connect();
      }
    }
    const consumer = this.consumer;
    if (!consumer) throw confluentError('confluent consumer', new Error('subscribe called before connect'));
    attempt(`confluent consumer could not subscribe to ${topics.join(', ')}`, () =>
      consumer.subscribe([...topics]),
    );
  }

  run(handler: BatchHandler): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) throw confluentError('confluent consumer', new Error('run called before connect'));
    consumer.setDefaultConsumeTimeout(CONSUME_TIMEOUT_MS);
    (consumer as unknown as FirstMessageTimeout).setDefaultIsTimeoutOnlyForFirstMessage(true);
    const transactions = this.transactions;
    this.loop ??= (
      transactions
        ? this.consumeLoopInTransactions(
            consumer,
            new TransactionQueue(handler, transactions, {
              maxRetryDelayMs: this.options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS,
              signal: this.aborter.signal,
              logger: this.logger,
            }),
          )
        : this.consumeLoop(consumer, handler)
    ).catch((error) => this.fail(error as PipelineError));
    return this.outcome.promise;
  }

  /** One fetch; a retriable failure (librdkafka reconnects by itself) is logged and gives nothing, after a pause. */
  private async fetch(consumer: KafkaConsumer): Promise<Message[]> {
    try {
      return await callbackPromise<Message[]>('confluent consumer could not fetch', (done) =>
        consumer.consume(this.maxBatch, done),
      );
    } catch (error) {
      const failure = error as PipelineError;
      if (!failure.retriable) throw failure;
      this.logger.warn({ err: failure }, 'fetch failed; librdkafka reconnects');
      await delay(CONSUME_ERROR_PAUSE_MS);
      return [];
    }
  }

  private async consumeLoop(consumer: KafkaConsumer, handler: BatchHandler): Promise<void> {
    const concurrency = Math.max(1, this.options.partitionsConcurrently ?? 1);
    while (!this.aborter.signal.aborted && !this.outcome.failed) {
      this.refreshPositions(consumer);
      const messages = await this.fetch(consumer);
      if (messages.length === 0) continue;
      const batches = byPartition(messages);
      for (let next = 0; next < batches.length; next += concurrency) {
        const group = batches.slice(next, next + concurrency);
        const handled = await Promise.all(
          group.map((batch) => this.handleAndCommit(consumer, handler, batch)),
        );
        if (handled.includes(false)) return;
      }
    }
  }

  /**
   * Exactly-once: each group of partition batches (as many as `partitionsConcurrently`) is one
   * transaction with its offsets. Batches fetched before a revocation are dropped, never committed:
   * the partitions' next owner (this member again, or another) reads them from the committed offset.
   */
  private async consumeLoopInTransactions(consumer: KafkaConsumer, queue: TransactionQueue): Promise<void> {
    const concurrency = Math.max(1, this.options.partitionsConcurrently ?? 1);
    while (!this.aborter.signal.aborted && !this.outcome.failed) {
      this.refreshPositions(consumer);
      const epoch = this.revocations;
      const messages = await this.fetch(consumer);
      if (messages.length === 0) continue;
      if (this.revocations !== epoch) {
        // A rebalance ran while this fetch did: part of it may predate the revocation.
        await this.rewind(consumer, messages);
        continue;
      }
      const isStale = () => this.revocations !== epoch;
      const batches = byPartition(messages);
      for (let next = 0; next < batches.length && !isStale(); next += concurrency) {
        const group = batches.slice(next, next + concurrency);
        const committed = await Promise.all(
          group.map((batch) =>
            queue.submit({ batch, nextOffset: String(Number(batch.messages.at(-1)!.offset) + 1), isStale }),
          ),
        );
        if (isStale()) break;
        if (committed.includes(false)) return;
        for (const batch of group) this.recordHandled(consumer, batch);
      }
    }
  }

  /**
   * Puts the partitions of a dropped fetch that this member owns back at their committed offsets, so
   * that nothing fetched after a new assignment is skipped.
   */
  private async rewind(consumer: KafkaConsumer, messages: readonly Message[]): Promise<void> {
    const owned = new Set(this.assigned.map(({ topic, partition }) => partitionId(topic, partition)));
    const partitions = [
      ...new Map(messages.map((m) => [partitionId(m.topic, m.partition), m] as const)).entries(),
    ]
      .filter(([id]) => owned.has(id))
      .map(([, m]) => ({ topic: m.topic, partition: m.partition }));
    if (partitions.length === 0) return;
    const committed = await callbackPromise<{ topic: string; partition: number; offset: number }[]>(
      'confluent consumer could not read committed offsets',
      (done) => consumer.committed(partitions, CONNECT_TIMEOUT_MS, done),
    );
    for (const { topic, partition, offset } of committed) {
      const to = offset >= 0 ? offset : this.fromBeginning ? OFFSET_BEGINNING : OFFSET_END;
      await callbackPromise('confluent consumer could not seek', (done) =>
        consumer.seek({ topic, partition, offset: to }, CONNECT_TIMEOUT_MS, done),
      );
    }
    this.logger.info({ partitions: partitions.length }, 'fetch overlapped a rebalance; re-reading it');
  }

  /** Returns false when stopped before the batch succeeded: it stays uncommitted for the next owner. */
  private async handleAndCommit(
    consumer: KafkaConsumer,
    handler: BatchHandler,
    batch: MessageBatch,
  ): Promise<boolean> {
    const handled = await handleWithRetry(handler, batch, {
      maxRetryDelayMs: this.options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS,
      signal: this.aborter.signal,
      logger: this.logger,
    });
    if (!handled) return false;
    const { topic, partition } = batch;
    const next = Number(batch.messages[batch.messages.length - 1]!.offset) + 1;
    try {
      // Asynchronous: a synchronous commit would block the event loop, and with it the delivery
      // reports of the very outputs the next batch waits for. Failures arrive as 'offset.commit'.
      consumer.commit({ topic, partition, offset: next });
    } catch (error) {
      this.logger.warn({ topic, partition, err: error }, 'commit failed; the batch will be redelivered');
      return true;
    }
    this.recordHandled(consumer, batch);
    return true;
  }

  /** A batch is committed: its offset for the final commit, and the partition's lag. */
  private recordHandled(consumer: KafkaConsumer, batch: MessageBatch): void {
    const { topic, partition } = batch;
    const next = Number(batch.messages[batch.messages.length - 1]!.offset) + 1;
    this.handled.set(partitionId(topic, partition), { topic, partition, offset: next });
    this.setLag(consumer, topic, partition, next);
  }

  private setLag(consumer: KafkaConsumer, topic: string, partition: number, position: number): void {
    try {
      const { highOffset } = consumer.getWatermarkOffsets(topic, partition);
      if (highOffset >= 0)
        this.lags.set(partitionId(topic, partition), {
          topic,
          partition,
          lag: Math.max(0, highOffset - position),
          position: String(position),
        });
    } catch {
      // Watermarks are known only after a fetch response; the lag appears with the next batch.
    }
  }

  /**
   * Everything fetched so far is handled here (called before each fetch): librdkafka's position has
   * moved past the transaction markers that no handler sees, so the lag and position say so too.
   */
  private refreshPositions(consumer: KafkaConsumer): void {
    if (this.assigned.length === 0) return;
    let positions: TopicPartitionOffset[];
    try {
      positions = consumer.position();
    } catch {
      return;
    }
    for (const { topic, partition, offset } of positions) {
      const known = this.lags.get(partitionId(topic, partition));
      if (offset >= 0 && (known === undefined || Number(known.position) < offset))
        this.setLag(consumer, topic, partition, offset);
    }
  }

  /**
   * One synchronous commit of the last handled offsets before leaving, so the asynchronous commits
   * still in flight cannot be lost. Only for partitions still owned: committing a revoked one could
   * move its offset back behind what its new owner has committed.
   */
  private commitHandled(consumer: KafkaConsumer): void {
    const owned = new Set(this.assigned.map(({ topic, partition }) => partitionId(topic, partition)));
    const offsets = [...this.handled].filter(([id]) => owned.has(id)).map(([, offset]) => offset);
    if (offsets.length === 0) return;
    try {
      consumer.commitSync(offsets);
    } catch (error) {
      this.logger.warn({ err: error }, 'final commit failed; the last batches will be redelivered');
    }
  }

  private fail(error: PipelineError): void {
    if (!this.outcome.recordFailure(error)) return;
    this.logger.error({ code: error.code, err: error }, 'consumer failed; stopping');
    void this.stop();
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.aborter.abort();
      // The loop ends after the batch in hand is handled and committed (or left for the next owner).
      await this.loop;
      const consumer = this.consumer;
      this.consumer = undefined;
      // In transactions every handled batch is committed already, with its outputs.
      await this.transactionalProducer?.disconnect().catch((error) => {
        this.logger.warn({ err: error }, 'transactional producer did not close cleanly');
      });
      if (consumer?.isConnected()) {
        if (!this.transactions) this.commitHandled(consumer);
        try {
          await callbackPromise('confluent consumer disconnect', (done) => consumer.disconnect(done));
        } catch (error) {
          this.logger.warn({ err: error }, 'error while leaving the group');
        }
      }
      this.assigned = [];
      this.outcome.finish();
    })();
    return this.stopping;
  }

  assignment(): TopicPartition[] {
    return this.assigned.map((tp) => ({ ...tp }));
  }

  lag(): PartitionLag[] {
    return [...this.lags.values()].map((entry) => ({ ...entry }));
  }
}
