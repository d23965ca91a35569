import { setTimeout as delay } from 'node:timers/promises';
import { isPipelineError, PipelineError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { LibrdKafkaErrorMapping } from './librdkafka-errors.ts';
import { fencedError, type TransactionClient, type TransactionOffset } from './transactions.ts';

/**
 * Exactly-once on librdkafka (node-rdkafka and @confluentinc/kafka-javascript, whose callback APIs
 * are the same here): one transactional producer per consumer, KIP-447 style. The offsets go into
 * the transaction with the consumer's group metadata (member id and generation), so a member that
 * lost its partitions in a rebalance cannot commit them any more (the broker refuses the stale
 * generation), and a restarted instance with the same transactional id fences the old one in
 * `init`. Consumers read committed records only, and fetch committed offsets as stable (a new
 * owner waits for a pending transaction's offsets instead of reading around them).
 */

type Callback = (error: unknown) => void;

/** The transactional calls both native producers offer (node-rdkafka's signatures). */
export interface NativeTransactionalProducer {
  initTransactions(timeout: number, cb: Callback): void;
  beginTransaction(cb: Callback): void;
  sendOffsetsToTransaction(
    offsets: { topic: string; partition: number; offset: number }[],
    consumer: never,
    timeout: number,
    cb: Callback,
  ): void;
  commitTransaction(timeout: number, cb: Callback): void;
  abortTransaction(timeout: number, cb: Callback): void;
}

interface TxnErrorLike {
  code?: number;
  message?: string;
  isFatal?: boolean;
  isRetriable?: boolean;
  isTxnRequiresAbort?: boolean;
}

/** The settings a transactional producer adds to the client's producer settings. */
export function transactionalProducerConfig(transactionalId: string): Record<string, string | number> {
  return {
    'transactional.id': transactionalId,
    // Not lower than message.timeout.ms (60 s, librdkafka checks it). An instance killed with a
    // transaction open holds read_committed readers at that transaction until it restarts (its
    // init aborts the transaction at once) or this passes.
    'transaction.timeout.ms': 60_000,
  };
}

/** Stated although it is librdkafka's default: a consumer never sees an aborted or open transaction. */
export const READ_COMMITTED = { 'isolation.level': 'read_committed' } as const;

/** Longest a single transactional call waits for the coordinator before it counts as failed. */
const CALL_TIMEOUT_MS = 30_000;
const RETRY_PAUSE_MS = 200;
const MAX_RETRY_PAUSE_MS = 5_000;

const FENCED_CODE_NAMES = ['ERR__FENCED', 'ERR_PRODUCER_FENCED', 'ERR_INVALID_PRODUCER_EPOCH'];

export interface LibrdKafkaTransactionsOptions {
  label: string;
  transactionalId: string;
  producer: NativeTransactionalProducer;
  /** The native consumer whose group metadata goes with the offsets (it can be replaced by subscribe). */
  consumer: () => unknown;
  groupId: string;
  errors: LibrdKafkaErrorMapping;
  codes: () => Record<string, number>;
  logger: Logger;
  /** Aborted by the consumer's stop: a commit that keeps failing is then given up. */
  signal: AbortSignal;
}

export class LibrdKafkaTransactions implements TransactionClient {
  private readonly options: LibrdKafkaTransactionsOptions;
  private fencedCodes: Set<number> | undefined;

  constructor(options: LibrdKafkaTransactionsOptions) {
    this.options = options;
  }

  private cause(error: unknown): TxnErrorLike {
    const cause = isPipelineError(error) ? error.cause : error;
    return (cause && typeof cause === 'object' ? cause : {}) as TxnErrorLike;
  }

  /** A fatal error of a transactional producer: fenced (another instance took over) or otherwise broken. */
  private fatal(error: unknown): PipelineError | undefined {
    const like = this.cause(error);
    if (!like.isFatal) return undefined;
    this.fencedCodes ??= new Set(FENCED_CODE_NAMES.map((name) => this.options.codes()[name]!));
    const { label, transactionalId } = this.options;
    if ((like.code !== undefined && this.fencedCodes.has(like.code)) || /fenc/i.test(like.message ?? ''))
      return fencedError(label, transactionalId, error);
    return new PipelineError(
      'KAFKA_REJECTED',
      `${label} transactional producer ${transactionalId} failed for good: ${like.message ?? String(error)}`,
      { cause: error },
    );
  }

  private call(what: string, start: (done: Callback) => void): Promise<void> {
    return this.options.errors.callbackPromise<void>(
      `${this.options.label} ${what} (transactional id ${this.options.transactionalId})`,
      start,
    );
  }

  /**
   * Registers the transactional id with the coordinator: bumps its epoch, so an older instance with
   * the same id is fenced, and aborts (or completes) the transaction that instance left open. Waits
   * for that while the coordinator answers "concurrent transactions".
   */
  async init(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.call('could not init transactions', (done) =>
          this.options.producer.initTransactions(CALL_TIMEOUT_MS, done),
        );
        return;
      } catch (error) {
        const fatal = this.fatal(error);
        if (fatal) throw fatal;
        if (!isPipelineError(error) || !error.retriable || attempt >= 5) throw error;
        this.options.logger.warn({ err: error, attempt: attempt + 1 }, 'init transactions failed; retrying');
        await delay(Math.min(MAX_RETRY_PAUSE_MS, RETRY_PAUSE_MS * 2 ** attempt));
      }
    }
  }

  async begin(): Promise<void> {
    try {
      await this.call('could not begin a transaction', (done) =>
        this.options.producer.beginTransaction(done),
      );
    } catch (error) {
      throw this.fatal(error) ?? error;
    }
  }

  async commit(offsets: readonly TransactionOffset[]): Promise<void> {
    const { producer } = this.options;
    try {
      await this.call('could not add offsets to the transaction', (done) =>
        producer.sendOffsetsToTransaction(
          offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset: Number(offset) })),
          this.options.consumer() as never,
          CALL_TIMEOUT_MS,
          done,
        ),
      );
    } catch (error) {
      // A stale generation (rebalanced away) lands here as "abort required": nothing is committed.
      throw await this.abortAfter(error);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await this.call('could not commit the transaction', (done) =>
          producer.commitTransaction(CALL_TIMEOUT_MS, done),
        );
        return;
      } catch (error) {
        const like = this.cause(error);
        if (like.isFatal || like.isTxnRequiresAbort || !like.isRetriable) throw await this.abortAfter(error);
        // Retriable (a timeout): the outcome is not known yet; librdkafka resumes the same commit.
        if (this.options.signal.aborted)
          throw new PipelineError(
            'KAFKA_UNAVAILABLE',
            `${this.options.label}: stopped while the commit of a transaction was still unconfirmed; the next start of ${this.options.transactionalId} completes or aborts it`,
            { cause: error },
          );
        this.options.logger.warn({ err: error, attempt: attempt + 1 }, 'commit unconfirmed; retrying it');
        await delay(Math.min(MAX_RETRY_PAUSE_MS, RETRY_PAUSE_MS * 2 ** attempt));
      }
    }
  }

  /** Aborts after a failed step and returns what to throw: retriable unless the producer is gone. */
  private async abortAfter(error: unknown): Promise<PipelineError> {
    const fatal = this.fatal(error);
    if (fatal) return fatal;
    try {
      await this.abort();
    } catch (abortError) {
      return abortError as PipelineError;
    }
    const message = isPipelineError(error) ? error.message : String(error);
    return new PipelineError('KAFKA_UNAVAILABLE', `transaction not committed: ${message}`, {
      retriable: true,
      cause: error,
    });
  }

  async abort(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.call('could not abort the transaction', (done) =>
          this.options.producer.abortTransaction(CALL_TIMEOUT_MS, done),
        );
        return;
      } catch (error) {
        const fatal = this.fatal(error);
        if (fatal) throw fatal;
        const like = this.cause(error);
        if (!like.isRetriable || this.options.signal.aborted || attempt >= 10)
          throw new PipelineError(
            'KAFKA_REJECTED',
            `${this.options.label} could not abort a transaction of ${this.options.transactionalId}: ${like.message ?? String(error)}`,
            { cause: error },
          );
        this.options.logger.warn({ err: error, attempt: attempt + 1 }, 'abort unconfirmed; retrying it');
        await delay(Math.min(MAX_RETRY_PAUSE_MS, RETRY_PAUSE_MS * 2 ** attempt));
      }
    }
  }
}
