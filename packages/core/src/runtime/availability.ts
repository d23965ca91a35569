import { setTimeout as delay } from 'node:timers/promises';
import { isPipelineError, PipelineError } from '../errors.ts';
import type { BusAdmin } from '../kafka/bus.ts';
import type { Logger } from '../log/logger.ts';

/** Something a service depends on that is failing now: what, why, since when. */
export interface AvailabilityProblem {
  /** `kafka`, `batches`, `sends`: who noticed. */
  what: string;
  reason: string;
  /** Milliseconds it has been failing. */
  forMs: number;
}

/**
 * What a running service cannot do right now because something it needs is away (the broker, the
 * registry). Readiness is off while any problem is recorded; a problem that lasts longer than the
 * retry limit (KAFKA_RETRY_TIMEOUT_S) makes the service give up and exit non-zero.
 */
export class Availability {
  private readonly failing = new Map<string, { reason: string; since: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  get ok(): boolean {
    return this.failing.size === 0;
  }

  /** Records (or updates the reason of) a failure; the first call starts its clock. */
  fail(what: string, reason: string): void {
    const known = this.failing.get(what);
    this.failing.set(what, { reason, since: known?.since ?? this.now() });
  }

  /** Returns how long it had been failing (0 if it was not). */
  clear(what: string): number {
    const known = this.failing.get(what);
    this.failing.delete(what);
    return known === undefined ? 0 : this.now() - known.since;
  }

  problems(): AvailabilityProblem[] {
    const now = this.now();
    return [...this.failing].map(([what, { reason, since }]) => ({ what, reason, forMs: now - since }));
  }

  /** The problem failing longest, if any. */
  oldest(): AvailabilityProblem | undefined {
    return this.problems().sort((a, b) => b.forMs - a.forMs)[0];
  }
}

/**
 * Wraps a batch handler so that a retriable failure (the broker or the registry is away, a schema id
 * the registry does not know yet) turns readiness off until a batch goes through again. The consumer
 * retries the batch itself (handle-with-retry.ts), logging each attempt with its delay.
 */
export function reportingTo<A extends unknown[]>(
  availability: Availability,
  what: string,
  handle: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await handle(...args);
    } catch (error) {
      if (isPipelineError(error) && error.retriable)
        availability.fail(what, `${error.code}: ${error.message}`);
      throw error;
    }
    availability.clear(what);
  };
}

export interface KafkaWatchOptions {
  admin: Pick<BusAdmin, 'topicOffsets'>;
  /** A topic of the service's own, whose offsets are asked for (a cheap metadata round trip). */
  topic: string;
  brokers: readonly string[];
  availability: Availability;
  logger: Logger;
  /** How long a problem may last before `onGiveUp` (KAFKA_RETRY_TIMEOUT_S). */
  retryTimeoutMs: number;
  onGiveUp(error: PipelineError): void;
  /** Between probes while Kafka answers (default 2 s). */
  intervalMs?: number;
  /** A probe not answered within this is a failure (default 5 s). */
  probeTimeoutMs?: number;
  /** Back-off of the probes while Kafka does not answer: from 500 ms doubling to this (default 5 s). */
  maxRetryDelayMs?: number;
}

const FIRST_RETRY_DELAY_MS = 500;

/** Settles with the promise, or rejects after `ms` (the promise is left to settle on its own). */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  promise.catch(() => undefined);
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Probes Kafka for as long as the service runs, whatever its workload is doing: while the broker does
 * not answer, readiness is off and one line per attempt says so with the next delay (back-off from
 * 500 ms to 5 s); when it answers again, one line says after how long. Any problem on record (this
 * one, or failing batches or sends) that outlasts the retry limit ends the service through
 * `onGiveUp` with a message naming the limit, rather than a service that waits for ever.
 */
export function watchKafka(options: KafkaWatchOptions): { stop(): void } {
  const interval = options.intervalMs ?? 2000;
  const probeTimeout = options.probeTimeoutMs ?? 5000;
  const maxDelay = options.maxRetryDelayMs ?? 5000;
  const { availability, logger } = options;
  const abort = new AbortController();
  let attempt = 0;

  const giveUpIfTooLong = (): boolean => {
    const oldest = availability.oldest();
    if (oldest === undefined || oldest.forMs < options.retryTimeoutMs) return false;
    const seconds = Math.round(options.retryTimeoutMs / 1000);
    const away =
      oldest.what === 'kafka'
        ? `Kafka (${options.brokers.join(',')}) has not answered for ${Math.round(oldest.forMs / 1000)} s`
        : `${oldest.what} have been failing for ${Math.round(oldest.forMs / 1000)} s`;
    options.onGiveUp(
      new PipelineError(
        'KAFKA_UNAVAILABLE',
        `${away}, longer than KAFKA_RETRY_TIMEOUT_S=${seconds}: giving up (last error: ${oldest.reason})`,
      ),
    );
    return true;
  };

  const loop = async () => {
    while (!abort.signal.aborted) {
      let wait = interval;
      try {
        await withDeadline(options.admin.topicOffsets(options.topic), probeTimeout, 'Kafka probe');
        if (attempt > 0) {
          const downFor = availability.clear('kafka');
          logger.info({ downForMs: downFor, attempts: attempt }, 'Kafka answers again');
        }
        attempt = 0;
      } catch (error) {
        attempt++;
        const reason = error instanceof Error ? error.message : String(error);
        availability.fail('kafka', reason);
        wait = Math.min(maxDelay, FIRST_RETRY_DELAY_MS * 2 ** (attempt - 1));
        const downFor = availability.problems().find((p) => p.what === 'kafka')?.forMs ?? 0;
        logger.warn(
          { attempt, retryInMs: wait, downForMs: downFor, retryTimeoutMs: options.retryTimeoutMs },
          `Kafka unreachable (${reason}); not ready, retrying`,
        );
      }
      if (giveUpIfTooLong()) return;
      try {
        await delay(wait, undefined, { signal: abort.signal });
      } catch {
        return;
      }
    }
  };
  void loop();
  return { stop: () => abort.abort() };
}
