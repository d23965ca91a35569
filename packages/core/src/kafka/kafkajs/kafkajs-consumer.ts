import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { PipelineError } from '../../errors.ts';
import type { Logger } from '../../log/logger.ts';
import type {
  BatchHandler,
  BusConsumer,
  ConsumerOptions,
  IncomingMessage,
  PartitionLag,
  SubscribeOptions,
  TopicPartition,
} from '../bus.ts';
import { ConsumerOutcome } from '../consumer-outcome.ts';
import { handleWithRetry } from '../handle-with-retry.ts';
import { headersFromObject } from '../header-values.ts';
import { TransactionQueue } from '../transactions.ts';
import { kafkaJsError } from './kafkajs-errors.ts';
import { KafkaJsTransactionalProducer } from './kafkajs-transactions.ts';

const DEFAULT_MAX_BATCH = 1000;
const DEFAULT_MAX_RETRY_DELAY_MS = 5000;
const FETCH_MAX_WAIT_MS = 250;

function toIncoming(topic: string, partition: number, message: KafkaMessage): IncomingMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ?? null,
    value: message.value ?? null,
    headers: headersFromObject(message.headers),
    timestamp: Number(message.timestamp),
  };
}

const nextOffset = (offset: string) => (BigInt(offset) + 1n).toString();

/**
 * One member of a consumer group on kafkajs, committing by hand after each handled batch; with a
 * transactional id (exactly-once), committing the offsets in the transaction that holds the batch's
 * outputs instead (`kafkajs-transactions.ts`).
 */
export class KafkaJsConsumer implements BusConsumer {
  private readonly consumer: Consumer;
  private readonly logger: Logger;
  private readonly maxBatch: number;
  private readonly maxRetryDelayMs: number;
  private readonly concurrency: number;
  private readonly aborter = new AbortController();
  private readonly outcome = new ConsumerOutcome();
  private assigned: TopicPartition[] = [];
  private readonly lags = new Map<string, PartitionLag>();
  private stopping: Promise<void> | undefined;
  /** Joins and rebalances seen: a batch fetched before the latest one may belong to another member. */
  private generations = 0;
  /** The heartbeat of the latest batch, to keep the membership while a transaction is retried. */
  private heartbeat: (() => Promise<void>) | undefined;
  readonly transactionalProducer: KafkaJsTransactionalProducer | undefined;

  constructor(kafka: Kafka, options: ConsumerOptions, logger: Logger) {
    this.logger = logger.child({ component: 'consumer', groupId: options.groupId });
    this.maxBatch = options.maxBatchSize ?? DEFAULT_MAX_BATCH;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
    this.concurrency = options.partitionsConcurrently ?? 1;
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      // A fetch with nothing to return waits this long on the broker; `stop` waits for that fetch,
      // so kafkajs's 5 s default would make every shutdown take 5 s.
      maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
      // kafkajs's default, stated: aborted and open transactions are never handed over.
      readUncommitted: false,
      ...(options.sessionTimeoutMs ? { sessionTimeout: options.sessionTimeoutMs } : {}),
    });
    if (options.transactionalId !== undefined) {
      this.transactionalProducer = new KafkaJsTransactionalProducer(
        kafka,
        options.transactionalId,
        options.groupId,
        this.logger.child({ transactionalId: options.transactionalId }),
      );
    }
    const { GROUP_JOIN, REBALANCING, CRASH, END_BATCH_PROCESS } = this.consumer.events;
    this.consumer.on(END_BATCH_PROCESS, ({ payload }) => {
      // A fetch of transaction markers only never reaches eachBatch: kafkajs moves past it itself.
      if (payload.batchSize !== 0) return;
      const position = BigInt(payload.lastOffset) + 1n;
      const lag = Number(BigInt(payload.highWatermark) - position);
      const { topic, partition } = payload;
      this.lags.set(`${topic}\u0000${partition}`, {
        topic,
        partition,
        lag: Math.max(0, lag),
        position: position.toString(),
      });
    });
    this.consumer.on(GROUP_JOIN, ({ payload }) => {
      this.generations++;
      this.assigned = Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) =>
        partitions.map((partition) => ({ topic, partition })),
      );
      this.lags.clear();
    });
    this.consumer.on(REBALANCING, () => {
      this.generations++;
      this.assigned = [];
    });
    this.consumer.on(CRASH, ({ payload }) => {
      // kafkajs restarts itself after retriable failures; anything else ends the run.
      if (!payload.restart) this.fail(kafkaJsError('kafkajs consumer crashed', payload.error));
    });
  }

  async connect(): Promise<void> {
    // The transactional producer first: it fences an older instance with the same id and waits
    // until what that one left open is aborted, before this member reads committed offsets.
    await this.transactionalProducer?.connect();
    try {
      await this.consumer.connect();
    } catch (error) {
      throw kafkaJsError('kafkajs consumer could not connect', error);
    }
  }

  async subscribe(topics: readonly string[], options: SubscribeOptions): Promise<void> {
    try {
      await this.consumer.subscribe({ topics: [...topics], fromBeginning: options.fromBeginning });
    } catch (error) {
      throw kafkaJsError(`kafkajs consumer could not subscribe to ${topics.join(', ')}`, error);
    }
  }

  run(handler: BatchHandler): Promise<void> {
    const producer = this.transactionalProducer;
    const queue = producer
      ? new TransactionQueue(handler, producer, {
          maxRetryDelayMs: this.maxRetryDelayMs,
          signal: this.aborter.signal,
          logger: this.logger,
          keepAlive: () => this.heartbeat?.().catch(() => undefined) ?? Promise.resolve(),
        })
      : undefined;
    this.consumer
      .run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.concurrency,
        eachBatch: (payload) =>
          queue ? this.eachBatchInTransactions(queue, payload) : this.eachBatch(handler, payload),
      })
      .catch((error) => this.fail(kafkaJsError('kafkajs consumer could not start', error)));
    return this.outcome.promise;
  }

  private async eachBatch(handler: BatchHandler, payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { topic, partition } = batch;
    for (let start = 0; start < batch.messages.length; start += this.maxBatch) {
      if (this.outcome.failed || this.aborter.signal.aborted || !payload.isRunning() || payload.isStale())
        return;
      const slice = batch.messages.slice(start, start + this.maxBatch);
      const messages = slice.map((message) => toIncoming(topic, partition, message));
      let handled: boolean;
      try {
        handled = await handleWithRetry(
          handler,
          { topic, partition, messages },
          {
            maxRetryDelayMs: this.maxRetryDelayMs,
            signal: this.aborter.signal,
            logger: this.logger,
            keepAlive: () => payload.heartbeat().catch(() => undefined),
          },
        );
      } catch (error) {
        this.fail(error as PipelineError);
        return;
      }
      if (!handled) return;
      const last = slice[slice.length - 1]!.offset;
      payload.resolveOffset(last);
      const isLastSlice = start + this.maxBatch >= batch.messages.length;
      // After the last slice, commit past any control records that closed the fetched batch.
      const commitAt = nextOffset(isLastSlice ? batch.lastOffset() : last);
      try {
        await payload.commitOffsetsIfNecessary({
          topics: [{ topic, partitions: [{ partition, offset: commitAt }] }],
        });
      } catch (error) {
        // Rebalanced away mid-batch: the new owner re-reads from the last commit (at least once).
        this.logger.warn({ topic, partition, err: error }, 'commit failed; the batch will be redelivered');
        return;
      }
      const high = BigInt(batch.highWatermark);
      this.lags.set(`${topic}\u0000${partition}`, {
        topic,
        partition,
        lag: Number(high - BigInt(commitAt)),
        position: commitAt,
      });
    }
  }

  /**
   * Exactly-once: each slice goes into a transaction with its offset (batches of several partitions
   * that arrive together share one). A slice whose partition may have moved (a rebalance or a seek
   * since it was fetched) is dropped, its transaction aborted: the next owner reads it again.
   */
  private async eachBatchInTransactions(queue: TransactionQueue, payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { topic, partition } = batch;
    const generation = this.generations;
    const isStale = () => this.generations !== generation || payload.isStale();
    this.heartbeat = payload.heartbeat;
    for (let start = 0; start < batch.messages.length; start += this.maxBatch) {
      if (this.outcome.failed || this.aborter.signal.aborted || !payload.isRunning() || isStale()) return;
      const slice = batch.messages.slice(start, start + this.maxBatch);
      const messages = slice.map((message) => toIncoming(topic, partition, message));
      const last = slice[slice.length - 1]!.offset;
      const isLastSlice = start + this.maxBatch >= batch.messages.length;
      // After the last slice, past any control records that closed the fetched batch.
      const commitAt = nextOffset(isLastSlice ? batch.lastOffset() : last);
      let committed: boolean;
      try {
        committed = await queue.submit({
          batch: { topic, partition, messages },
          nextOffset: commitAt,
          isStale,
        });
      } catch (error) {
        this.fail(error as PipelineError);
        return;
      }
      if (!committed) return;
      payload.resolveOffset(last);
      const high = BigInt(batch.highWatermark);
      this.lags.set(`${topic}\u0000${partition}`, {
        topic,
        partition,
        lag: Number(high - BigInt(commitAt)),
        position: commitAt,
      });
    }
  }

  /** Records the first failure and stops in the background: `stop` cannot be awaited inside eachBatch. */
  private fail(error: PipelineError): void {
    if (!this.outcome.recordFailure(error)) return;
    this.logger.error({ code: error.code, err: error }, 'consumer failed; stopping');
    void this.stop();
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.aborter.abort();
      try {
        await this.consumer.stop();
        await this.consumer.disconnect();
      } catch (error) {
        this.logger.warn({ err: error }, 'error while leaving the group');
      }
      await this.transactionalProducer?.disconnect().catch((error) => {
        this.logger.warn({ err: error }, 'transactional producer did not close cleanly');
      });
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
