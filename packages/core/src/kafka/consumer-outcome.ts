import type { PipelineError } from '../errors.ts';

/**
 * The promise `run()` returns: it resolves when the consumer is stopped and rejects with the first
 * fatal failure, after the consumer has left its group. Either way it settles once.
 */
export class ConsumerOutcome {
  readonly promise: Promise<void>;
  private failure: PipelineError | undefined;
  private resolve!: () => void;
  private reject!: (error: PipelineError) => void;

  constructor() {
    this.promise = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // A caller that never awaits `run()` must not crash the process with an unhandled rejection;
    // the failure is logged where it happens.
    this.promise.catch(() => undefined);
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Returns false when a failure was already recorded. */
  recordFailure(error: PipelineError): boolean {
    if (this.failure) return false;
    this.failure = error;
    return true;
  }

  finish(): void {
    if (this.failure) this.reject(this.failure);
    else this.resolve();
  }
}
