import type { PipelineConnection } from '../service/pipeline-connection.ts';
import { kafkaReplaySink } from './kafka-sink.ts';
import { type ReplayOptions, type ReplaySummary, replayFiles } from './replay.ts';

/** A replay into the pipeline's raw and dead-letter topics, with its own producer. */
export async function replayToKafka(
  connection: PipelineConnection,
  options: ReplayOptions,
): Promise<ReplaySummary> {
  const producer = connection.bus.producer();
  await producer.connect();
  try {
    const sink = kafkaReplaySink(producer, connection.serde, {
      raw: connection.topics.raw,
      deadLetter: connection.topics.deadLetter,
    });
    return await replayFiles(options, sink);
  } finally {
    await producer.disconnect();
  }
}
