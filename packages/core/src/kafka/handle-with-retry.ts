import { setTimeout as delay } from 'node:timers/promises';
import { isPipelineError, toPipelineError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { BatchHandler, MessageBatch } from './bus.ts';

export interface RetryPolicy {
  maxRetryDelayMs: number;
  /** Aborted by `stop()`: a batch that is still failing is then left uncommitted for the next owner. */
  signal: AbortSignal;
  logger: Logger;
  /** Called between attempts so a slow retry does not cost the group membership. */
  keepAlive?: () => Promise<void>;
}

const FIRST_RETRY_DELAY_MS = 100;

/**
 * Runs the handler on one batch until it succeeds. A retriable failure (the broker or the registry
 * is away) is retried with exponential back-off, because skipping the batch would lose records and
 * the next batch would fail the same way. Anything else is a defect: it is thrown so that `run()`
 * rejects and the service stops with the batch uncommitted. Returns false when stopped first.
 */
export async function handleWithRetry(
  handler: BatchHandler,
  batch: MessageBatch,
  policy: RetryPolicy,
): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await handler(batch);
      return true;
    } catch (error) {
      if (!isPipelineError(error) || !error.retriable) throw toPipelineError(error, 'STAGE_FAILED');
      const wait = Math.min(policy.maxRetryDelayMs, FIRST_RETRY_DELAY_MS * 2 ** attempt);
      policy.logger.warn(
        { topic: batch.topic, partition: batch.partition, code: error.code, attempt: attempt + 1, wait },
        `batch failed (${error.message}); retrying`,
      );
      if (policy.signal.aborted) return false;
      try {
        await delay(wait, undefined, { signal: policy.signal });
      } catch {
        return false;
      }
      await policy.keepAlive?.();
    }
  }
}
