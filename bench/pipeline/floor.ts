import { randomUUID } from 'node:crypto';
import type { OutgoingMessage } from '@netattack/core/kafka';
import type { KafkaConnection } from '@netattack/core/runtime';
import { cpuSecondsOf } from './process-cpu.ts';

export interface FloorResult {
  messages: number;
  bytesPerMessage: number;
  /** A bare producer of the encoded records: batches of `batch`, each awaited (acks=all), as the services send. */
  produce: { perSecond: number; cpuMicrosPerMessage: number; brokerCpuMicrosPerMessage: number };
  /** A bare consumer group reading them back, with nothing done per message. */
  consume: { perSecond: number; cpuMicrosPerMessage: number; brokerCpuMicrosPerMessage: number };
  /** produce + consume CPU per message: what one service hop costs with no work in it. */
  hopCpuMicrosPerMessage: number;
}

/** CPU seconds of this process (every thread: librdkafka's too), as /proc counts them for the services. */
const selfCpu = () => cpuSecondsOf(process.pid) ?? process.cpuUsage().user / 1e6;

/**
 * The floor a service hop is measured against, in the same run and through the same broker: the same
 * encoded records (real raw-flow Avro values with their keys, no headers, as the producer sends them) produced by a bare
 * client and consumed by a bare consumer, CPU per message read from /proc like the services'.
 */
export async function measureFloor(
  connection: KafkaConnection,
  messages: readonly Omit<OutgoingMessage, 'topic'>[],
  options: { batch: number; brokerPid: number | undefined },
): Promise<FloorResult> {
  const topic = `bench-floor-${randomUUID()}`;
  const broker = () => (options.brokerPid === undefined ? 0 : (cpuSecondsOf(options.brokerPid) ?? 0));
  await connection.admin.createTopics([{ topic, partitions: 6 }]);
  const producer = connection.bus.producer();
  await producer.connect();
  try {
    const outgoing: OutgoingMessage[] = messages.map((m) => ({ ...m, topic }));
    let cpu = selfCpu();
    let brokerCpu = broker();
    let started = performance.now();
    for (let i = 0; i < outgoing.length; i += options.batch)
      await producer.send(outgoing.slice(i, i + options.batch));
    const produceSeconds = (performance.now() - started) / 1000;
    const produceCpu = selfCpu() - cpu;
    const produceBroker = broker() - brokerCpu;

    const consumer = connection.bus.consumer({
      groupId: `bench-floor-${randomUUID()}`,
      maxBatchSize: options.batch,
      partitionsConcurrently: 6,
    });
    await consumer.connect();
    await consumer.subscribe([topic], { fromBeginning: true });
    let seen = 0;
    cpu = selfCpu();
    brokerCpu = broker();
    started = performance.now();
    let finished = 0;
    await consumer.run(async (batch) => {
      seen += batch.messages.length;
      if (seen >= outgoing.length && finished === 0) {
        finished = performance.now();
        void consumer.stop();
      }
    });
    const consumeSeconds = ((finished || performance.now()) - started) / 1000;
    const consumeCpu = selfCpu() - cpu;
    const consumeBroker = broker() - brokerCpu;
    const n = outgoing.length;
    const micros = (seconds: number) => (seconds / n) * 1e6;
    const result: FloorResult = {
      messages: n,
      bytesPerMessage: outgoing.reduce((sum, m) => sum + m.value.length, 0) / n,
      produce: {
        perSecond: n / produceSeconds,
        cpuMicrosPerMessage: micros(produceCpu),
        brokerCpuMicrosPerMessage: micros(produceBroker),
      },
      consume: {
        perSecond: n / consumeSeconds,
        cpuMicrosPerMessage: micros(consumeCpu),
        brokerCpuMicrosPerMessage: micros(consumeBroker),
      },
      hopCpuMicrosPerMessage: micros(produceCpu + consumeCpu),
    };
    return result;
  } finally {
    await producer.disconnect();
    await connection.admin.deleteTopics([topic]).catch(() => undefined);
  }
}
