import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Broker and registry of the running stack, from KAFKA_BROKERS / SCHEMA_REGISTRY_URL or the local
 * dev-stack defaults. Kept here until the shared test/support helpers land.
 */
export function kafkaBrokers(): string[] {
  return (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
}

export function registryUrl(): string {
  return (process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7').replace(/\/+$/, '');
}

/** A name no other run uses: topics and groups of parallel test runs never meet. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Says what was awaited when the deadline passes. */
  what: string;
}

/** Polls `condition` until it returns true; fails with `what` at the deadline. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  options: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what}`);
    await delay(options.intervalMs ?? 25);
  }
}

/** Removes subjects a test registered: soft delete first, as the Confluent API requires. */
export async function deleteSubjects(subjects: readonly string[]): Promise<void> {
  for (const subject of subjects) {
    const url = `${registryUrl()}/subjects/${encodeURIComponent(subject)}`;
    await fetch(url, { method: 'DELETE' });
    await fetch(`${url}?permanent=true`, { method: 'DELETE' });
  }
}
