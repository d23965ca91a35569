import { setTimeout as delay } from 'node:timers/promises';
import { type Admin, type Kafka, Partitioners, type Producer, type Transaction } from 'kafkajs';
import { PipelineError } from '../../errors.ts';
import type { Logger } from '../../log/logger.ts';
import type { BusProducer, OutgoingMessage } from '../bus.ts';
import { splitIntoRequests } from '../send-chunks.ts';
import {
  fencedError,
  offsetsByTopic,
  type TransactionClient,
  type TransactionOffset,
} from '../transactions.ts';
import { kafkaJsError } from './kafkajs-errors.ts';
import { byTopic } from './kafkajs-producer.ts';

const ACKS_ALL = -1;
/** Not lower than a send may take; a transaction left open by a killed instance blocks read_committed readers this long at most. */
const TRANSACTION_TIMEOUT_MS = 60_000;
const RESET_PAUSE_MS = 500;
const MAX_RESET_PAUSE_MS = 5_000;

/** Errors that mean a newer producer with this transactional id exists (or this one's transaction expired). */
const FENCED_TYPES = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED', 'INVALID_PRODUCER_ID_MAPPING']);
const FENCED_CODES = new Set([47, 49, 90]);

function isFenced(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 10; depth++) {
    const link = current as { type?: string; code?: number; cause?: unknown; originalError?: unknown };
    if (
      (link.type && FENCED_TYPES.has(link.type)) ||
      (link.code !== undefined && FENCED_CODES.has(link.code))
    )
      return true;
    current = link.cause ?? link.originalError;
  }
  return false;
}

/**
 * The transactional producer of a kafkajs consumer (exactly-once): what the handler sends goes into
 * the transaction its consumer opened; `commit` adds the batch's offsets (`sendOffsets`) and commits.
 *
 * kafkajs has no KIP-447: its offset commit in a transaction carries no group generation, so the
 * broker cannot refuse a member that lost its partitions. Fencing rests on the transactional id
 * alone, one per instance (GROUP_ID.INSTANCE_ID): a restarted instance fences its old self at
 * connect, and a batch whose partition was rebalanced away before the commit is aborted (the
 * consumer's staleness check), but a member that stalls past its session timeout while another
 * instance takes its partitions can still commit what the other one also commits.
 *
 * kafkajs cannot retry a commit whose answer was lost, nor abort after one: the producer is then
 * replaced by a new one with the same id, whose start completes or aborts what the coordinator
 * holds, and the group's committed offsets say whether the batch made it.
 */
export class KafkaJsTransactionalProducer implements BusProducer, TransactionClient {
  private producer: Producer;
  private admin: Admin | undefined;
  private transaction: Transaction | undefined;
  /** The producer must be replaced before the next transaction (a commit or an abort failed). */
  private broken = false;
  private queue: Promise<unknown> = Promise.resolve();
  private connecting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly transactionalId: string,
    private readonly groupId: string,
    private readonly logger: Logger,
  ) {
    this.producer = this.create();
  }

  private create(): Producer {
    return this.kafka.producer({
      transactionalId: this.transactionalId,
      transactionTimeout: TRANSACTION_TIMEOUT_MS,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  /**
   * Connects and registers the transactional id (InitProducerId, on the first transaction in
   * kafkajs: begun and aborted here at once), which fences an older instance with the same id and
   * waits until the coordinator has aborted what that one left open.
   */
  connect(): Promise<void> {
    this.connecting ??= this.open();
    this.connecting.catch(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    try {
      await this.producer.connect();
      const first = await this.producer.transaction();
      await first.abort();
    } catch (error) {
      throw this.mapped('kafkajs transactional producer could not start', error);
    }
  }

  private mapped(context: string, error: unknown): PipelineError {
    if (isFenced(error)) return fencedError('kafkajs', this.transactionalId, error);
    return kafkaJsError(`${context} (transactional id ${this.transactionalId})`, error);
  }

  send(messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    const sent = this.queue.then(() => this.sendNow(messages));
    this.queue = sent.catch(() => undefined);
    return sent;
  }

  private async sendNow(messages: readonly OutgoingMessage[]): Promise<void> {
    const transaction = this.transaction;
    if (!transaction)
      throw new PipelineError('INTERNAL', 'kafkajs transactional producer: send outside a transaction');
    for (const chunk of splitIntoRequests(messages)) {
      try {
        await transaction.sendBatch({ topicMessages: byTopic(chunk), acks: ACKS_ALL });
      } catch (error) {
        const topics = [...new Set(chunk.map((m) => m.topic))].join(', ');
        throw this.mapped(`kafkajs transactional producer could not send to ${topics}`, error);
      }
    }
  }

  async begin(): Promise<void> {
    if (this.broken) await this.reset();
    try {
      this.transaction = await this.producer.transaction();
    } catch (error) {
      throw this.mapped('kafkajs could not begin a transaction', error);
    }
  }

  async commit(offsets: readonly TransactionOffset[]): Promise<void> {
    const transaction = this.transaction;
    if (!transaction) throw new PipelineError('INTERNAL', 'kafkajs: commit without a transaction');
    try {
      await transaction.sendOffsets({ consumerGroupId: this.groupId, topics: offsetsByTopic(offsets) });
    } catch (error) {
      const failure = this.mapped('kafkajs could not add offsets to the transaction', error);
      if (failure.code === 'KAFKA_FENCED') throw failure;
      await this.abort();
      throw notCommitted(failure);
    }
    try {
      await transaction.commit();
      this.transaction = undefined;
      return;
    } catch (error) {
      this.transaction = undefined;
      const failure = this.mapped('kafkajs could not commit the transaction', error);
      if (failure.code === 'KAFKA_FENCED') throw failure;
      // The answer is lost: a new producer with the same id settles the transaction, then the
      // group's offsets tell whether it committed.
      this.broken = true;
      this.logger.warn({ err: failure }, 'commit unconfirmed; replacing the producer to settle it');
      let committed: boolean;
      try {
        await this.reset();
        committed = await this.offsetsCommitted(offsets);
      } catch (settleError) {
        if ((settleError as PipelineError).code === 'KAFKA_FENCED') throw settleError;
        // Retrying the batch now could write it twice: stop, and let the next start read the offsets.
        throw new PipelineError(
          'KAFKA_UNAVAILABLE',
          `kafkajs could not tell whether a transaction of ${this.transactionalId} committed (${(settleError as Error).message}); stopping so that a restart resumes from the committed offsets`,
          { cause: settleError },
        );
      }
      if (committed) return;
      throw notCommitted(failure);
    }
  }

  async abort(): Promise<void> {
    const transaction = this.transaction;
    this.transaction = undefined;
    if (!transaction?.isActive()) return;
    try {
      await transaction.abort();
    } catch (error) {
      const failure = this.mapped('kafkajs could not abort the transaction', error);
      if (failure.code === 'KAFKA_FENCED') throw failure;
      this.logger.warn({ err: failure }, 'abort unconfirmed; replacing the producer to settle it');
      this.broken = true;
    }
  }

  /** A new producer with the same id: its start completes or aborts what the old one left. */
  private async reset(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const old = this.producer;
      await old.disconnect().catch(() => undefined);
      this.producer = this.create();
      try {
        await this.open();
        this.broken = false;
        return;
      } catch (error) {
        const failure = error as PipelineError;
        if (failure.code === 'KAFKA_FENCED' || !failure.retriable || attempt >= 20) throw failure;
        await delay(Math.min(MAX_RESET_PAUSE_MS, RESET_PAUSE_MS * 2 ** attempt));
      }
    }
  }

  /** Whether the group's committed offsets have reached these (the transaction that held them committed). */
  private async offsetsCommitted(offsets: readonly TransactionOffset[]): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.fetchCommitted(offsets);
      } catch (error) {
        if (!(error as PipelineError).retriable || attempt >= 10) throw error;
        await delay(Math.min(MAX_RESET_PAUSE_MS, RESET_PAUSE_MS * 2 ** attempt));
      }
    }
  }

  private async fetchCommitted(offsets: readonly TransactionOffset[]): Promise<boolean> {
    try {
      if (!this.admin) {
        this.admin = this.kafka.admin();
        await this.admin.connect();
      }
      const topics = [...new Set(offsets.map((o) => o.topic))];
      const committed = await this.admin.fetchOffsets({ groupId: this.groupId, topics });
      const at = new Map<string, bigint>();
      for (const { topic, partitions } of committed)
        for (const { partition, offset } of partitions) at.set(`${topic}\u0000${partition}`, BigInt(offset));
      return offsets.every((o) => (at.get(`${o.topic}\u0000${o.partition}`) ?? -1n) >= BigInt(o.offset));
    } catch (error) {
      throw this.mapped('kafkajs could not read the committed offsets', error);
    }
  }

  disconnect(): Promise<void> {
    this.closing ??= (async () => {
      await this.queue;
      await this.abort().catch(() => undefined);
      await this.admin?.disconnect().catch(() => undefined);
      await this.producer.disconnect();
    })();
    return this.closing;
  }
}

function notCommitted(cause: PipelineError): PipelineError {
  return new PipelineError('KAFKA_UNAVAILABLE', `transaction not committed: ${cause.message}`, {
    retriable: true,
    cause,
  });
}
