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
import { kafkaJsError } from './kafkajs-errors.ts';

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

/** One member of a consumer group on kafkajs, committing by hand after each handled batch. */
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
      ...(options.sessionTimeoutMs ? { sessionTimeout: options.sessionTimeoutMs } : {}),
    });
    const { GROUP_JOIN, REBALANCING, CRASH } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, ({ payload }) => {
      this.assigned = Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) =>
        partitions.map((partition) => ({ topic, partition })),
      );
      this.lags.clear();
    });
    this.consumer.on(REBALANCING, () => {
      this.assigned = [];
    });
    this.consumer.on(CRASH, ({ payload }) => {
      // kafkajs restarts itself after retriable failures; anything else ends the run.
      if (!payload.restart) this.fail(kafkaJsError('kafkajs consumer crashed', payload.error));
    });
  }

  async connect(): Promise<void> {
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
    this.consumer
      .run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.concurrency,
        eachBatch: (payload) => this.eachBatch(handler, payload),
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
      this.lags.set(`${topic}\u0000${partition}`, { topic, partition, lag: Number(high - BigInt(commitAt)) });
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
