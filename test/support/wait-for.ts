import { setTimeout as delay } from 'node:timers/promises';

export interface WaitForOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** What is awaited, phrased for the failure message: "all 10000 records consumed". */
  readonly description: string;
}

/**
 * Polls `condition` until it returns a value other than false/undefined/null, and returns that value.
 * Tests wait for conditions this way instead of sleeping a guessed time. A condition that throws is
 * retried; on timeout the last thrown error is attached as the cause.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  options: WaitForOptions,
): Promise<Exclude<T, false | undefined | null>> {
  const interval = options.intervalMs ?? 100;
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== false && value !== undefined && value !== null)
        return value as Exclude<T, false | undefined | null>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${options.description}${reason}`, {
        cause: lastError,
      });
    }
    await delay(Math.min(interval, Math.max(0, deadline - Date.now())));
  }
}
