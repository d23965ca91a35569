import { fileURLToPath } from 'node:url';
import type { CleanFlow } from '../clean/clean-flow.ts';
import { intVar, readEnv, stringVar } from '../config/env.ts';
import { PipelineError } from '../errors.ts';
import type { FlowRecord } from '../flow/flow-record.ts';
import type { Logger } from '../log/logger.ts';
import { ModelWatcher } from '../model/model-watcher.ts';
import { cleanStage } from '../stages/clean-stage.ts';
import { featuresStage } from '../stages/features-stage.ts';
import { type Scored, scoreStage } from '../stages/score-stage.ts';
import type { StageResult } from '../stages/stage-result.ts';
import type { FeatureVector } from '../topology/records.ts';
import type { TopicRole } from '../topology/topics.ts';

/** The stages a consuming service can run, in the order they chain. */
export const STAGE_NAMES = ['clean', 'features', 'score'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/**
 * What each stage reads and may write; the stages below, the topic checks at start and the ACLs that
 * `netattack provision --acls` grants all come from this table.
 */
export const STAGE_TOPICS = {
  clean: { input: 'raw', outputs: ['clean'] },
  features: { input: 'clean', outputs: ['features'] },
  score: { input: 'features', outputs: ['scores', 'alerts'] },
} as const satisfies Record<StageName, { input: TopicRole; outputs: readonly TopicRole[] }>;

/** Where a stage's result records go; `add` is called once per output record. */
export interface OutputSink {
  add(role: TopicRole, value: unknown): void;
}

/**
 * One library stage as a service runs it: what it reads, the topic its results go to (the next
 * stage's input), the library function, and the records a result becomes.
 */
export interface Stage<In = unknown, Out = unknown> {
  name: StageName;
  /** Names the stage in dead letters and logs: cleaner, features, scorer (the services' names). */
  worker: string;
  input: TopicRole;
  output: TopicRole;
  /** Every topic a result may be written to (the scorer writes a score, and an alert for some). */
  outputs: readonly TopicRole[];
  process(records: readonly In[]): StageResult<Out>[];
  emit(result: Out, sink: OutputSink): void;
  /** Key of the output records: the flow key, so a flow's records stay on one partition downstream. */
  keyOf(result: Out): string;
}

export interface BuiltStage {
  stage: Stage;
  /** Releases what the stage opened (the scorer's model watcher); runs last at shutdown. */
  close?: () => Promise<void>;
}

export interface StageContext {
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../../../../models/default', import.meta.url));

const clean: Stage<FlowRecord, CleanFlow> = {
  name: 'clean',
  worker: 'cleaner',
  input: STAGE_TOPICS.clean.input,
  output: STAGE_TOPICS.clean.outputs[0],
  outputs: STAGE_TOPICS.clean.outputs,
  process: cleanStage,
  emit: (flow, sink) => sink.add('clean', flow),
  keyOf: (flow) => flow.flowKey,
};

const features: Stage<CleanFlow, FeatureVector> = {
  name: 'features',
  worker: 'features',
  input: STAGE_TOPICS.features.input,
  output: STAGE_TOPICS.features.outputs[0],
  outputs: STAGE_TOPICS.features.outputs,
  process: featuresStage,
  emit: (vector, sink) => sink.add('features', vector),
  keyOf: (vector) => vector.flowKey,
};

/** The scorer's settings; read only when a chain holds the score stage. */
function scoreSettings(env: NodeJS.ProcessEnv) {
  return readEnv(
    {
      MODEL_DIR: stringVar({
        default: DEFAULT_MODEL_DIR,
        description: 'Model directory written by netattack train',
      }),
      MODEL_POLL_MS: intVar({
        default: 1000,
        min: 50,
        max: 600_000,
        description: 'How often the model directory is checked',
      }),
      ALERT_TOP_FEATURES: intVar({ default: 5, min: 1, max: 50, description: 'Features named in an alert' }),
    },
    env,
  );
}

async function buildScore(context: StageContext): Promise<BuiltStage> {
  const config = scoreSettings(context.env);
  const watcher = new ModelWatcher(config.MODEL_DIR, {
    logger: context.logger,
    pollMs: config.MODEL_POLL_MS,
  });
  await watcher.start();
  const options = { topFeatures: config.ALERT_TOP_FEATURES };
  const stage: Stage<FeatureVector, Scored> = {
    name: 'score',
    worker: 'scorer',
    input: STAGE_TOPICS.score.input,
    output: STAGE_TOPICS.score.outputs[0],
    outputs: STAGE_TOPICS.score.outputs,
    // One model per batch: read once per call, so a swap lands between batches.
    process: (vectors) => scoreStage(vectors, watcher.current(), options),
    emit: ({ score, alert }, sink) => {
      sink.add('scores', score);
      if (alert !== null) sink.add('alerts', alert);
    },
    keyOf: ({ score }) => score.flowKey,
  };
  return { stage: stage as Stage, close: async () => watcher.stop() };
}

/** Builds the named stages in order; a stage's own settings are read and checked here. */
export async function buildStages(names: readonly StageName[], context: StageContext): Promise<BuiltStage[]> {
  const built: BuiltStage[] = [];
  try {
    for (const name of names) {
      if (name === 'clean') built.push({ stage: clean as Stage });
      else if (name === 'features') built.push({ stage: features as Stage });
      else built.push(await buildScore(context));
    }
  } catch (error) {
    for (const stage of built) await stage.close?.();
    throw error;
  }
  return built;
}

/**
 * Reads `STAGES=clean,features,score`: known names, each once, each reading what the one before it
 * writes. A chain that skips a stage (clean,score) would read a topic nothing in it writes.
 */
export function parseStageNames(raw: readonly string[]): StageName[] {
  const problems: string[] = [];
  const names: StageName[] = [];
  for (const item of raw) {
    if (!(STAGE_NAMES as readonly string[]).includes(item)) problems.push(`unknown stage "${item}"`);
    else if (names.includes(item as StageName)) problems.push(`stage "${item}" given twice`);
    else names.push(item as StageName);
  }
  if (raw.length === 0) problems.push('no stage given');
  for (let i = 1; i < names.length; i++) {
    const before = STAGE_NAMES.indexOf(names[i - 1]!);
    if (STAGE_NAMES.indexOf(names[i]!) !== before + 1) {
      problems.push(
        `${names[i]} cannot follow ${names[i - 1]}: stages chain in the order ${STAGE_NAMES.join(',')}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `STAGES=${raw.join(',')}: ${problems.join('; ')} (expected consecutive stages of ${STAGE_NAMES.join(',')}, e.g. clean,features,score)`,
    );
  }
  return names;
}
