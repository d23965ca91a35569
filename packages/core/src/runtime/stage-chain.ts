import type { AvroSerde } from '../avro/avro-serde.ts';
import type { IncomingMessage, OutgoingMessage } from '../kafka/bus.ts';
import { deadLetterOfMessage } from '../topology/dead-letters.ts';
import type { DeadLetter } from '../topology/records.ts';
import type { TopicRole } from '../topology/topics.ts';
import type { OutputSink, Stage } from './stage-catalog.ts';

/** The part of AvroSerde a chain needs: batch decode with per-record outcomes, batch encode. */
export type RecordSerde = Pick<AvroSerde, 'decodeMany' | 'encodeMany'>;

/**
 * Stages run one after another in one process: one consume of the first stage's input, one produce of
 * the last stage's outputs. The topics between them are written only when `emitIntermediate` is on
 * (for audit); otherwise a record goes from stage to stage in memory, never encoded in between.
 */
export interface StageChain {
  readonly stages: readonly Stage[];
  readonly input: TopicRole;
  /** Topics the chain writes, dead letters aside. */
  readonly outputs: readonly TopicRole[];
  readonly emitIntermediate: boolean;
}

export function chainStages(stages: readonly Stage[], emitIntermediate = false): StageChain {
  const last = stages.at(-1);
  if (last === undefined) throw new Error('a chain needs at least one stage');
  const outputs = emitIntermediate ? stages.flatMap((s) => s.outputs) : [...last.outputs];
  return { stages, input: stages[0]!.input, outputs, emitIntermediate };
}

export interface BatchOutcome {
  recordsIn: number;
  /** Output records per topic role. */
  recordsOut: Partial<Record<TopicRole, number>>;
  deadLetters: DeadLetter[];
  messages: OutgoingMessage[];
}

/** Output values gathered per topic role, with the key and headers of the record that made each. */
class PendingOutputs implements OutputSink {
  readonly byRole = new Map<
    TopicRole,
    { values: unknown[]; keys: (string | null)[]; headers: Record<string, string>[] }
  >();
  private key: string | null = null;
  private headers: Record<string, string> = {};

  /** The key and headers of the outputs `add` is called with next. */
  from(key: string | null, headers: Record<string, string>): this {
    this.key = key;
    this.headers = headers;
    return this;
  }

  add(role: TopicRole, value: unknown): void {
    let entry = this.byRole.get(role);
    if (entry === undefined) {
      entry = { values: [], keys: [], headers: [] };
      this.byRole.set(role, entry);
    }
    entry.values.push(value);
    entry.keys.push(this.key);
    entry.headers.push(this.headers);
  }
}

const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * Turns consumed messages (one partition's batch, or several joined) into the messages to produce:
 * decode, run each stage of the chain on what the one before it accepted, encode the outputs, and a
 * dead letter (with the original input bytes) for every record that failed to decode or that a stage
 * rejected. A failure that retrying can fix (the registry is away) is thrown instead, so the batch is
 * retried and nothing is lost. An output carries its input's headers (the source file and line the
 * producer stamped) as the same object, not a copy per record.
 */
export async function processChainBatch(
  input: readonly IncomingMessage[],
  chain: StageChain,
  serde: RecordSerde,
  topicOf: (role: TopicRole) => string,
): Promise<BatchOutcome> {
  const deadLetters: DeadLetter[] = [];
  const first = chain.stages[0]!;
  // Throws only when no record is at fault (the registry is away): the batch is then retried whole.
  const outcomes = await serde.decodeMany<unknown>(
    topicOf(chain.input),
    input.map((m) => m.value),
  );
  let records: unknown[] = [];
  let origin: IncomingMessage[] = [];
  for (let i = 0; i < outcomes.length; i++) {
    const outcome = outcomes[i]!;
    if (outcome.ok) {
      records.push(outcome.value);
      origin.push(input[i]!);
    } else {
      deadLetters.push(deadLetterOfMessage(first.worker, input[i]!, outcome.error));
    }
  }

  const pending = new PendingOutputs();
  const lastIndex = chain.stages.length - 1;
  for (let s = 0; s <= lastIndex && records.length > 0; s++) {
    const stage = chain.stages[s]!;
    const isLast = s === lastIndex;
    const written = isLast || chain.emitIntermediate;
    const results = stage.process(records);
    const next: unknown[] = [];
    const nextOrigin: IncomingMessage[] = [];
    for (let i = 0; i < results.length; i++) {
      const result = results[i]!;
      const message = origin[i]!;
      if (!result.ok) {
        deadLetters.push(deadLetterOfMessage(stage.worker, message, result));
        continue;
      }
      if (written) stage.emit(result.value, pending.from(stage.keyOf(result.value), message.headers));
      if (!isLast) {
        next.push(result.value);
        nextOrigin.push(message);
      }
    }
    records = next;
    origin = nextOrigin;
  }
  for (const letter of deadLetters) {
    const key =
      letter.inputTopic === null
        ? null
        : `${letter.inputTopic}:${letter.inputPartition}:${letter.inputOffset}`;
    pending.from(key, NO_HEADERS).add('deadLetter', letter);
  }

  const messages: OutgoingMessage[] = [];
  const recordsOut: Partial<Record<TopicRole, number>> = {};
  for (const [role, entry] of pending.byRole) {
    const topic = topicOf(role);
    const values = serde.encodeMany(topic, entry.values);
    for (let i = 0; i < values.length; i++) {
      messages.push({ topic, key: entry.keys[i]!, value: values[i]!, headers: entry.headers[i]! });
    }
    if (role !== 'deadLetter') recordsOut[role] = values.length;
  }
  return { recordsIn: input.length, recordsOut, deadLetters, messages };
}
