import type { AvroSerde } from '../avro/avro-serde.ts';
import type { FlowRecord } from '../flow/flow-record.ts';
import type { RowRejection } from '../flow/parse-row.ts';
import type { BusProducer, OutgoingMessage } from '../kafka/bus.ts';
import { deadLetterOfLine } from '../topology/dead-letters.ts';
import type { ReplaySink } from './replay.ts';

export interface KafkaSinkTopics {
  raw: string;
  deadLetter: string;
}

/**
 * The producer's end of a replay: records to the raw topic, keyed by flow key; lines that did not parse to the dead-letter topic with their text. `send`
 * resolves once the broker acknowledged every message (acks=all). No record headers: the record names
 * its own source file and line, and two string headers a message doubled kafkajs's CPU per message
 * (produce 31-34 -> 17-18 µs, consume 8-11 -> 4-5 µs; bench/README.md).
 */
export function kafkaReplaySink(
  producer: Pick<BusProducer, 'send'>,
  serde: Pick<AvroSerde, 'encodeMany'>,
  topics: KafkaSinkTopics,
): ReplaySink {
  return {
    async send(records: FlowRecord[], rejects: RowRejection[]): Promise<void> {
      const messages: OutgoingMessage[] = [];
      if (records.length > 0) {
        const values = serde.encodeMany(topics.raw, records);
        records.forEach((record, i) => {
          messages.push({
            topic: topics.raw,
            key: record.flowKey,
            value: values[i]!,
          });
        });
      }
      if (rejects.length > 0) {
        const letters = rejects.map((reject) =>
          deadLetterOfLine('producer', reject.source, reject.text, {
            code: reject.code,
            message: reject.message,
            retriable: false,
            column: reject.column,
          }),
        );
        const values = serde.encodeMany(topics.deadLetter, letters);
        rejects.forEach((reject, i) => {
          messages.push({
            topic: topics.deadLetter,
            key: `${reject.source.file}:${reject.source.line}`,
            value: values[i]!,
          });
        });
      }
      if (messages.length > 0) await producer.send(messages);
    },
  };
}
