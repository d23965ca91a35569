import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { PipelineError } from '@netattack/core';
import type { KafkaConnection, ServiceName } from '@netattack/core/runtime';
import type { DeadLetter } from '@netattack/core/topology';
import { type ServiceProcess, startServiceProcess } from './service-processes.ts';
import { readTopic } from './topic-reader.ts';

/**
 * Where the topic boundaries sit: `separate` runs cleaner, features and scorer as three services on
 * their own topics (the default deployment); `fused` runs the three stages in one scorer process
 * (STAGES=clean,features,score), reading flows.raw and writing scores and alerts.
 */
export type DeploymentTopology = 'separate' | 'fused';
export const DEPLOYMENT_TOPOLOGIES: readonly DeploymentTopology[] = ['separate', 'fused'];

/** The STAGES of the one consuming service of a fused deployment. */
export const FUSED_STAGES = 'clean,features,score';

export interface DeploymentOptions {
  /** KAFKA_BROKERS, SCHEMA_REGISTRY_URL, TOPIC_PREFIX, KAFKA_CLIENT, MODEL_DIR, ... for every service. */
  env: Record<string, string>;
  logDir: string;
  /** separate (default) or fused. */
  topology?: DeploymentTopology;
  /** Instances of the last service (the scorer) in one consumer group (default 1). */
  scorers?: number;
  readyTimeoutMs?: number;
  /** Settings of one service only, over `env`: e.g. its own login on a secured cluster. */
  serviceEnv?: (service: ServiceName) => Record<string, string>;
}

export interface Deployment {
  readonly topology: DeploymentTopology;
  readonly services: ServiceProcess[];
  /** Stops them in stream order, each finishing and committing its batch; resolves with exit codes. */
  stop(): Promise<Record<string, number>>;
}

interface Member {
  name: ServiceName;
  label: string;
  env: Record<string, string>;
}

function members(options: DeploymentOptions): Member[] {
  const topology = options.topology ?? 'separate';
  const envOf = (service: ServiceName) => ({ ...options.env, ...options.serviceEnv?.(service) });
  const scorers = Array.from(
    { length: options.scorers ?? 1 },
    (_, i): Member => ({
      name: 'scorer',
      label: `scorer-${i + 1}`,
      env: topology === 'fused' ? { ...envOf('scorer'), STAGES: FUSED_STAGES } : envOf('scorer'),
    }),
  );
  if (topology === 'fused') return scorers;
  return [
    { name: 'cleaner', label: 'cleaner', env: envOf('cleaner') },
    { name: 'features', label: 'features', env: envOf('features') },
    ...scorers,
  ];
}

/**
 * Several scorers in one group need an INSTANCE_ID each (their transactional ids with
 * DELIVERY=exactly-once): their labels, unless the environment names one. A single instance keeps
 * the default (the host name), so that restarting it with the deployment's environment fences the
 * old process.
 */
function instanceEnv(member: Member, scorers: number): Record<string, string> {
  if (member.name !== 'scorer' || scorers <= 1) return member.env;
  const base = member.env.INSTANCE_ID;
  return { ...member.env, INSTANCE_ID: base ? `${base}-${member.label}` : member.label };
}

/** Starts the consuming services of a deployment as processes and waits until every one is ready. */
export async function startDeployment(options: DeploymentOptions): Promise<Deployment> {
  const planned = members(options);
  const services: ServiceProcess[] = [];
  const stop = async () => {
    const codes: Record<string, number> = {};
    for (let i = 0; i < services.length; i++) codes[planned[i]!.label] = await services[i]!.stop();
    return codes;
  };
  try {
    for (const member of planned) {
      services.push(
        await startServiceProcess(
          member.name,
          instanceEnv(member, options.scorers ?? 1),
          join(options.logDir, `${member.label}.log`),
        ),
      );
    }
    await Promise.all(services.map((s) => s.waitReady(options.readyTimeoutMs ?? 60_000)));
  } catch (error) {
    await stop();
    throw error;
  }
  return { topology: options.topology ?? 'separate', services, stop };
}

/** Records on a topic now (every partition's high watermark less its low one). */
export async function topicCount(connection: KafkaConnection, topic: string): Promise<number> {
  const offsets = await connection.admin.topicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
}

/** Dead letters written by the stages after the producer (each stands for a raw record not scored). */
export async function stageDeadLetters(connection: KafkaConnection): Promise<DeadLetter[]> {
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

export interface WaitUntilScoredOptions {
  /**
   * The services run with DELIVERY=exactly-once: flows.scores and flows.deadletter are written in
   * transactions, whose markers take offsets, so scores and dead letters are counted as a
   * read_committed reader sees them instead of from the offsets.
   */
  exactlyOnce?: boolean;
}

/**
 * Polls until every raw record has come out the other end, as a score or as a stage's dead letter
 * (at-least-once: duplicates may make the sum larger, never smaller), or the deadline passes.
 */
export async function waitUntilScored(
  connection: KafkaConnection,
  timeoutMs: number,
  options: WaitUntilScoredOptions = {},
): Promise<void> {
  if (options.exactlyOnce) return waitUntilScoredCommitted(connection, timeoutMs);
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

/**
 * waitUntilScored for topics written in transactions: two readers follow flows.scores and
 * flows.deadletter from the beginning (read_committed) and count what they get; raw records are
 * counted from the offsets (the producer does not write in transactions).
 */
async function waitUntilScoredCommitted(connection: KafkaConnection, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const stop = new AbortController();
  let scored = 0;
  let dead = 0;
  const readers = [
    readTopic<unknown>(connection, connection.topics.scores, {
      fromBeginning: true,
      follow: true,
      signal: stop.signal,
      onRecords(records) {
        scored += records.length;
      },
    }),
    readTopic<DeadLetter>(connection, connection.topics.deadLetter, {
      fromBeginning: true,
      follow: true,
      signal: stop.signal,
      onRecords(records) {
        for (const { outcome } of records) if (outcome.ok && outcome.value.stage !== 'producer') dead++;
      },
    }),
  ];
  let failed: unknown;
  for (const reader of readers)
    reader.catch((error) => {
      failed ??= error;
    });
  let last = '';
  try {
    while (Date.now() < deadline && failed === undefined) {
      const raw = await topicCount(connection, connection.topics.raw);
      if (scored + dead >= raw) return;
      last = `${scored} scored and ${dead} dead-lettered (committed) of ${raw} raw records`;
      await delay(250);
    }
  } finally {
    stop.abort();
    await Promise.allSettled(readers);
  }
  if (failed !== undefined) throw failed;
  throw new PipelineError('STAGE_FAILED', `pipeline did not finish within ${timeoutMs} ms: ${last}`, {
    retriable: true,
  });
}
