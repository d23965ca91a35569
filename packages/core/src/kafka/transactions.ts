import { setTimeout as delay } from 'node:timers/promises';
import { isPipelineError, PipelineError, toPipelineError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { BatchHandler, MessageBatch } from './bus.ts';

/** An input offset committed inside a transaction: the offset the group resumes from. */
export interface TransactionOffset {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * What a client does for a transaction; the producer's sends between `begin` and `commit` (or
 * `abort`) belong to it. Every failure is a PipelineError: `KAFKA_FENCED` (or any other
 * non-retriable one) means the producer cannot go on.
 */
export interface TransactionClient {
  begin(): Promise<void>;
  /**
   * Adds the offsets to the transaction and commits it. Resolves once committed. Rejects with a
   * retriable error when it did not commit: the transaction is then aborted and the client ready for
   * the next one.
   */
  commit(offsets: readonly TransactionOffset[]): Promise<void>;
  /** Aborts the open transaction; rejects only when the producer cannot go on. */
  abort(): Promise<void>;
}

/** One partition batch waiting for its transaction. */
export interface TransactionalBatch {
  batch: MessageBatch;
  /** Committed with the batch's outputs (the offset after its last message, or past trailing markers). */
  nextOffset: string;
  /**
   * True once the batch's partition may belong to another member (a rebalance began after it was
   * fetched): its outputs must not commit, and the new owner reads it again from the committed offset.
   */
  isStale(): boolean;
}

export interface TransactionPolicy {
  maxRetryDelayMs: number;
  /** Aborted by `stop()`: a batch still failing is then left uncommitted (its transaction aborted). */
  signal: AbortSignal;
  logger: Logger;
  /** Called between attempts so a slow retry does not cost the group membership. */
  keepAlive?: () => Promise<void>;
}

const FIRST_RETRY_DELAY_MS = 100;

/** Librdkafka's and kafkajs's ways of saying "another producer with this transactional id took over". */
export function fencedError(label: string, transactionalId: string, cause: unknown): PipelineError {
  return new PipelineError(
    'KAFKA_FENCED',
    `${label} transactional producer ${transactionalId} was fenced: another instance with the same transactional id (GROUP_ID and INSTANCE_ID) started, or this one's transaction expired; stopping so that only one writes`,
    { cause },
  );
}

interface Waiting {
  entry: TransactionalBatch;
  resolve: (committed: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * Exactly-once consume-transform-produce: partition batches handed over at the same moment (one
 * fetch, or the concurrent batches of several partitions) go into one transaction: begin, run the
 * handler on each (its sends are the transaction's outputs, dead letters included), commit with the
 * batches' offsets. One transaction at a time per producer: batches that arrive while one runs wait
 * for the next. A retriable failure (of the handler, a send or the commit) aborts the transaction,
 * so nothing it wrote becomes visible to read_committed readers, and the same batches are retried
 * after a back-off; a fenced producer or any other error ends the consumer. `submit` resolves true
 * once the batch's transaction committed, false when it was dropped (stale, or stopped first).
 */
export class TransactionQueue {
  private waiting: Waiting[] = [];
  private running = false;

  constructor(
    private readonly handler: BatchHandler,
    private readonly client: TransactionClient,
    private readonly policy: TransactionPolicy,
  ) {}

  submit(entry: TransactionalBatch): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ entry, resolve, reject });
      // The clients start their partition batches in one turn of the event loop; setImmediate runs
      // after that turn, so it sees all of them.
      if (!this.running && this.waiting.length === 1) setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting;
        this.waiting = [];
        try {
          const committed = await this.runGroup(group.map((w) => w.entry));
          for (const [i, w] of group.entries()) w.resolve(committed[i]!);
        } catch (error) {
          for (const w of group) w.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** Per entry: committed, or dropped (stale or stopped). */
  private async runGroup(entries: readonly TransactionalBatch[]): Promise<boolean[]> {
    const committed = entries.map(() => false);
    let live = entries.map((_, i) => i);
    for (let attempt = 0; ; ) {
      live = live.filter((i) => !entries[i]!.isStale());
      if (live.length === 0) return committed;
      let failure: unknown;
      let open = false;
      try {
        await this.client.begin();
        open = true;
        const settled = await Promise.allSettled(live.map((i) => this.handler(entries[i]!.batch)));
        const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
        if (rejected) throw rejected.reason;
        const fresh = live.filter((i) => !entries[i]!.isStale());
        if (fresh.length < live.length) {
          // A rebalance began: whatever was made from the stale batches must not commit. Abort and
          // go on at once with the batches still owned (their outputs are made again).
          this.policy.logger.info(
            { dropped: live.length - fresh.length },
            'partitions revoked during a transaction; aborting it',
          );
          open = false;
          await this.client.abort();
          live = fresh;
          continue;
        }
        open = false; // commit aborts by itself when it fails
        await this.client.commit(live.map((i) => offsetOf(entries[i]!)));
        for (const i of live) committed[i] = true;
        return committed;
      } catch (error) {
        failure = error;
      }
      const error = toPipelineError(failure, 'STAGE_FAILED');
      if (open && error.code !== 'KAFKA_FENCED') await this.client.abort();
      if (error.code === 'KAFKA_FENCED' || !isPipelineError(failure) || !error.retriable) throw error;
      const wait = Math.min(this.policy.maxRetryDelayMs, FIRST_RETRY_DELAY_MS * 2 ** attempt);
      attempt++;
      this.policy.logger.warn(
        {
          partitions: live.map((i) => entries[i]!.batch.partition),
          code: error.code,
          attempt,
          wait,
        },
        `transaction aborted (${error.message}); retrying the batch`,
      );
      if (this.policy.signal.aborted) return committed;
      try {
        await delay(wait, undefined, { signal: this.policy.signal });
      } catch {
        return committed;
      }
      await this.policy.keepAlive?.();
    }
  }
}

function offsetOf(entry: TransactionalBatch): TransactionOffset {
  return { topic: entry.batch.topic, partition: entry.batch.partition, offset: entry.nextOffset };
}

/** Offsets of several batches, one per partition (the highest), grouped by topic. */
export function offsetsByTopic(
  offsets: readonly TransactionOffset[],
): { topic: string; partitions: { partition: number; offset: string }[] }[] {
  const topics = new Map<string, Map<number, string>>();
  for (const { topic, partition, offset } of offsets) {
    let partitions = topics.get(topic);
    if (!partitions) {
      partitions = new Map();
      topics.set(topic, partitions);
    }
    const previous = partitions.get(partition);
    if (previous === undefined || BigInt(offset) > BigInt(previous)) partitions.set(partition, offset);
  }
  return [...topics].map(([topic, partitions]) => ({
    topic,
    partitions: [...partitions].map(([partition, offset]) => ({ partition, offset })),
  }));
}
