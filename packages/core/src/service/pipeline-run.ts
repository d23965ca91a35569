import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { PipelineError } from '../errors.ts';
import type { DeadLetter } from '../stages/pipeline-records.ts';
import type { PipelineConnection } from './pipeline-connection.ts';
import { type ServiceName, type ServiceProcess, startServiceProcess } from './service-processes.ts';
import { readTopic } from './topic-reader.ts';

export interface PipelineProcessesOptions {
  /** KAFKA_BROKERS, SCHEMA_REGISTRY_URL, TOPIC_PREFIX, KAFKA_CLIENT, MODEL_DIR, ... for every service. */
  env: Record<string, string>;
  logDir: string;
  /** Scorer instances in one consumer group (default 1). */
  scorers?: number;
  readyTimeoutMs?: number;
}

export interface PipelineProcesses {
  readonly services: ServiceProcess[];
  /** Stops them in pipeline order, each finishing and committing its batch; resolves with exit codes. */
  stop(): Promise<Record<string, number>>;
}

/** Starts cleaner, features and scorer(s) as processes and waits until every one is ready. */
export async function startPipelineProcesses(options: PipelineProcessesOptions): Promise<PipelineProcesses> {
  const names: [ServiceName, string][] = [
    ['cleaner', 'cleaner'],
    ['features', 'features'],
    ...Array.from({ length: options.scorers ?? 1 }, (_, i): [ServiceName, string] => [
      'scorer',
      `scorer-${i + 1}`,
    ]),
  ];
  const services: ServiceProcess[] = [];
  const stop = async () => {
    const codes: Record<string, number> = {};
    for (let i = 0; i < services.length; i++) codes[names[i]![1]] = await services[i]!.stop();
    return codes;
  };
  try {
    for (const [name, label] of names) {
      services.push(await startServiceProcess(name, options.env, join(options.logDir, `${label}.log`)));
    }
    await Promise.all(services.map((s) => s.waitReady(options.readyTimeoutMs ?? 60_000)));
  } catch (error) {
    await stop();
    throw error;
  }
  return { services, stop };
}

/** Records on a topic now (every partition's high watermark less its low one). */
export async function topicCount(connection: PipelineConnection, topic: string): Promise<number> {
  const offsets = await connection.admin.topicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
}

/** Dead letters written by the stages after the producer (each stands for a raw record not scored). */
export async function stageDeadLetters(connection: PipelineConnection): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  await readTopic<DeadLetter>(connection, connection.topics.deadLetter, {
    fromBeginning: true,
    follow: false,
    onRecords(records) {
      for (const { outcome } of records)
        if (outcome.ok && outcome.value.stage !== 'producer') letters.push(outcome.value);
    },
  });
  return letters;
}

/**
 * Polls until every raw record has come out the other end, as a score or as a stage's dead letter
 * (at-least-once: duplicates may make the sum larger, never smaller), or the deadline passes.
 */
export async function waitUntilScored(connection: PipelineConnection, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const raw = await topicCount(connection, connection.topics.raw);
    const scored = await topicCount(connection, connection.topics.scores);
    const dead = scored >= raw ? 0 : (await stageDeadLetters(connection)).length;
    if (scored + dead >= raw) return;
    last = `${scored} scored and ${dead} dead-lettered of ${raw} raw records`;
    await delay(250);
  }
  throw new PipelineError('STAGE_FAILED', `pipeline did not finish within ${timeoutMs} ms: ${last}`, {
    retriable: true,
  });
}
