import type { IncomingMessage } from '../kafka/bus.ts';
import type { DeadLetter } from './records.ts';

/**
 * Headers a producer may put on a record to name its source line; a dead letter reports them when
 * present. Our producer does not (the record carries its source, and headers cost kafkajs as much as
 * the message), so a record that does not decode is found by its topic, partition and offset.
 */
export const SOURCE_FILE_HEADER = 'netattack-source-file';
export const SOURCE_LINE_HEADER = 'netattack-source-line';

export interface DeadLetterReason {
  code: string;
  message: string;
  retriable: boolean;
  /** The column at fault, when the reason is one cell of a row. */
  column?: string | null;
}

/** A dead letter for a Kafka record a stage could not process: the original bytes are kept whole. */
export function deadLetterOfMessage(
  stage: string,
  message: IncomingMessage,
  reason: DeadLetterReason,
): DeadLetter {
  const line = Number(message.headers[SOURCE_LINE_HEADER]);
  return {
    reasonCode: reason.code,
    message: reason.message,
    retriable: reason.retriable,
    stage,
    sourceFile: message.headers[SOURCE_FILE_HEADER] ?? null,
    sourceLine: Number.isInteger(line) ? line : null,
    originalText: null,
    originalBytes: message.value,
    inputTopic: message.topic,
    inputPartition: message.partition,
    inputOffset: message.offset,
    column: reason.column ?? null,
    failedAt: Date.now(),
  };
}

/** A dead letter for a line of a flow file that could not be parsed: the line's text is kept whole. */
export function deadLetterOfLine(
  stage: string,
  source: { file: string; line: number },
  text: string,
  reason: DeadLetterReason,
): DeadLetter {
  return {
    reasonCode: reason.code,
    message: reason.message,
    retriable: reason.retriable,
    stage,
    sourceFile: source.file,
    sourceLine: source.line,
    originalText: text,
    originalBytes: null,
    inputTopic: null,
    inputPartition: null,
    inputOffset: null,
    column: reason.column ?? null,
    failedAt: Date.now(),
  };
}
