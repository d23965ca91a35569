import type { AvroSerde } from '../avro/avro-serde.ts';
import type { IncomingMessage, OutgoingMessage } from '../kafka/bus.ts';
import type { TopicRole } from '../kafka/topics.ts';
import type { DeadLetter, StageResult } from '../stages/pipeline-records.ts';
import { deadLetterOfMessage, SOURCE_FILE_HEADER, SOURCE_LINE_HEADER } from './dead-letter.ts';

/** The part of AvroSerde a stage needs: batch decode with per-record outcomes, batch encode. */
export type RecordSerde = Pick<AvroSerde, 'decodeMany' | 'encodeMany'>;

/** What a stage service does, apart from Kafka: the library function and where its results go. */
export interface StageDefinition<In, Out> {
  /** cleaner, features or scorer: names the stage in dead letters and logs. */
  name: string;
  input: TopicRole;
  outputs: readonly TopicRole[];
  process(records: In[]): StageResult<Out>[] | Promise<StageResult<Out>[]>;
  /** The records a result produces, by topic role (the scorer writes a score, and an alert for some). */
  emit(result: Out): { role: TopicRole; value: unknown }[];
  /** Key of the output records: the flow key, so a flow's records stay on one partition downstream. */
  keyOf(result: Out): string;
}

export interface BatchOutcome {
  recordsIn: number;
  /** Output records per topic role. */
  recordsOut: Partial<Record<TopicRole, number>>;
  deadLetters: DeadLetter[];
  messages: OutgoingMessage[];
}

function sourceHeaders(message: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  const file = message.headers[SOURCE_FILE_HEADER];
  const line = message.headers[SOURCE_LINE_HEADER];
  if (file !== undefined) headers[SOURCE_FILE_HEADER] = file;
  if (line !== undefined) headers[SOURCE_LINE_HEADER] = line;
  return headers;
}

/**
 * Turns consumed messages (one partition's batch, or several joined) into the messages to produce:
 * decode, run the stage, encode the results, and a dead letter for every record that failed to decode
 * or that the stage rejected. A failure that
 * retrying can fix (the registry is away) is thrown instead, so the batch is retried and nothing is lost.
 */
export async function processStageBatch<In, Out>(
  input: readonly IncomingMessage[],
  stage: StageDefinition<In, Out>,
  serde: RecordSerde,
  topicOf: (role: TopicRole) => string,
): Promise<BatchOutcome> {
  const decoded: In[] = [];
  const origin: IncomingMessage[] = [];
  const deadLetters: DeadLetter[] = [];
  // Throws only when no record is at fault (the registry is away): the batch is then retried whole.
  const outcomes = await serde.decodeMany<In>(
    topicOf(stage.input),
    input.map((m) => m.value),
  );
  outcomes.forEach((outcome, i) => {
    const message = input[i]!;
    if (outcome.ok) {
      decoded.push(outcome.value);
      origin.push(message);
    } else {
      deadLetters.push(deadLetterOfMessage(stage.name, message, outcome.error));
    }
  });

  const results = decoded.length > 0 ? await stage.process(decoded) : [];
  const pending = new Map<
    TopicRole,
    { values: unknown[]; keys: (string | null)[]; headers: Record<string, string>[] }
  >();
  const queue = (role: TopicRole, value: unknown, key: string | null, headers: Record<string, string>) => {
    let entry = pending.get(role);
    if (entry === undefined) {
      entry = { values: [], keys: [], headers: [] };
      pending.set(role, entry);
    }
    entry.values.push(value);
    entry.keys.push(key);
    entry.headers.push(headers);
  };
  for (let i = 0; i < results.length; i++) {
    const result = results[i]!;
    const message = origin[i]!;
    if (!result.ok) {
      deadLetters.push(deadLetterOfMessage(stage.name, message, result));
      continue;
    }
    const key = stage.keyOf(result.value);
    const headers = sourceHeaders(message);
    for (const output of stage.emit(result.value)) queue(output.role, output.value, key, headers);
  }
  for (const letter of deadLetters) {
    const key =
      letter.inputTopic === null
        ? null
        : `${letter.inputTopic}:${letter.inputPartition}:${letter.inputOffset}`;
    queue('deadLetter', letter, key, {});
  }

  const messages: OutgoingMessage[] = [];
  const recordsOut: Partial<Record<TopicRole, number>> = {};
  for (const [role, entry] of pending) {
    const topic = topicOf(role);
    const values = serde.encodeMany(topic, entry.values);
    values.forEach((value, i) => {
      messages.push({ topic, key: entry.keys[i]!, value, headers: entry.headers[i]! });
    });
    if (role !== 'deadLetter') recordsOut[role] = values.length;
  }
  return { recordsIn: input.length, recordsOut, deadLetters, messages };
}
