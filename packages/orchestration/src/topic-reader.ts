import { randomUUID } from 'node:crypto';
import type { DecodeOutcome, IncomingMessage } from '@netattack/core/kafka';
import type { KafkaConnection } from '@netattack/core/runtime';

export interface ReadTopicOptions<T> {
  /** From the earliest record; otherwise only records produced after the reader started. */
  fromBeginning: boolean;
  /** Keep reading new records until the signal aborts; otherwise stop once caught up with the start's end. */
  follow: boolean;
  signal?: AbortSignal;
  onRecords(records: { message: IncomingMessage; outcome: DecodeOutcome<T> }[]): void | Promise<void>;
}

/** How often a reader without `follow` looks whether its position has passed the end offsets. */
const END_CHECK_MS = 50;

/**
 * Reads a pipeline topic with a throwaway consumer group: what `netattack alerts`, the demo's summary
 * and the integration tests use to see what the pipeline wrote. It reads committed records only
 * (read_committed: nothing of an aborted or still open transaction). Without `follow`, it reads up to
 * the end offsets seen at the start and returns. A topic written in transactions (DELIVERY=exactly-once)
 * ends in transaction markers that no batch carries, so the end is also reached when the consumer's
 * position has passed it.
 */
export async function readTopic<T>(
  connection: KafkaConnection,
  topic: string,
  options: ReadTopicOptions<T>,
): Promise<number> {
  const ends = await connection.admin.topicOffsets(topic);
  const remaining = new Map<number, number>();
  for (const p of ends) {
    const left = options.fromBeginning ? Number(p.high) - Number(p.low) : 0;
    if (left > 0) remaining.set(p.partition, Number(p.high));
  }
  if (!options.follow && remaining.size === 0) return 0;

  const consumer = connection.bus.consumer({ groupId: `netattack-reader-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe([topic], { fromBeginning: options.fromBeginning });
  let read = 0;
  const stopOnAbort = () => void consumer.stop();
  options.signal?.addEventListener('abort', stopOnAbort, { once: true });
  const checkPositions = () => {
    for (const { partition, position } of consumer.lag()) {
      const end = remaining.get(partition);
      if (end !== undefined && Number(position) >= end) remaining.delete(partition);
    }
    if (remaining.size === 0) void consumer.stop();
  };
  const timer = options.follow ? undefined : setInterval(checkPositions, END_CHECK_MS);
  const running = consumer.run(async (batch) => {
    const outcomes = await connection.serde.decodeMany<T>(
      topic,
      batch.messages.map((m) => m.value),
    );
    await options.onRecords(batch.messages.map((message, i) => ({ message, outcome: outcomes[i]! })));
    read += batch.messages.length;
    if (options.follow) return;
    const last = batch.messages.at(-1);
    const end = remaining.get(batch.partition);
    if (last !== undefined && end !== undefined && Number(last.offset) + 1 >= end)
      remaining.delete(batch.partition);
    if (remaining.size === 0) void consumer.stop();
  });
  try {
    await running;
  } finally {
    clearInterval(timer);
    options.signal?.removeEventListener('abort', stopOnAbort);
    await consumer.stop();
  }
  return read;
}
