import { toPipelineError } from '../errors.ts';
import type { IncomingMessage, MessageBatch, OutgoingMessage } from '../kafka/bus.ts';
import type { TopicRole } from '../kafka/topics.ts';
import type { DeadLetter, StageResult } from '../stages/pipeline-records.ts';
import { deadLetterOfMessage, SOURCE_FILE_HEADER, SOURCE_LINE_HEADER } from './dead-letter.ts';

/** Encodes and decodes values in the Confluent wire format of the topic's registered schema. */
export interface RecordSerde {
  encode(topic: string, value: unknown): Promise<Buffer>;
  decode(buffer: Buffer): Promise<unknown>;
}

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
 * Turns one consumed batch into the messages to produce: decode, run the stage, encode the results,
 * and a dead letter for every record that failed to decode or that the stage rejected. A failure that
 * retrying can fix (the registry is away) is thrown instead, so the batch is retried and nothing is lost.
 */
export async function processStageBatch<In, Out>(
  batch: MessageBatch,
  stage: StageDefinition<In, Out>,
  serde: RecordSerde,
  topicOf: (role: TopicRole) => string,
): Promise<BatchOutcome> {
  const decoded: In[] = [];
  const origin: IncomingMessage[] = [];
  const deadLetters: DeadLetter[] = [];
  for (const message of batch.messages) {
    if (message.value === null) {
      deadLetters.push(
        deadLetterOfMessage(stage.name, message, {
          code: 'AVRO_DECODE',
          message: 'record has no value (a tombstone)',
          retriable: false,
        }),
      );
      continue;
    }
    try {
      decoded.push((await serde.decode(message.value)) as In);
      origin.push(message);
    } catch (error) {
      const failure = toPipelineError(error, 'AVRO_DECODE');
      if (failure.retriable) throw failure;
      deadLetters.push(deadLetterOfMessage(stage.name, message, failure));
    }
  }

  const results = decoded.length > 0 ? await stage.process(decoded) : [];
  const messages: OutgoingMessage[] = [];
  const recordsOut: Partial<Record<TopicRole, number>> = {};
  for (let i = 0; i < results.length; i++) {
    const result = results[i]!;
    const message = origin[i]!;
    if (!result.ok) {
      deadLetters.push(deadLetterOfMessage(stage.name, message, result));
      continue;
    }
    const key = stage.keyOf(result.value);
    const headers = sourceHeaders(message);
    for (const output of stage.emit(result.value)) {
      const topic = topicOf(output.role);
      messages.push({ topic, key, value: await serde.encode(topic, output.value), headers });
      recordsOut[output.role] = (recordsOut[output.role] ?? 0) + 1;
    }
  }
  const deadLetterTopic = topicOf('deadLetter');
  for (const letter of deadLetters) {
    messages.push({
      topic: deadLetterTopic,
      key:
        letter.inputTopic === null
          ? null
          : `${letter.inputTopic}:${letter.inputPartition}:${letter.inputOffset}`,
      value: await serde.encode(deadLetterTopic, letter),
    });
  }
  return { recordsIn: batch.messages.length, recordsOut, deadLetters, messages };
}
