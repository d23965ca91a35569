import type { MessageBatch } from '../kafka/bus.ts';
import type { TopicRole } from '../topology/topics.ts';
import { Availability, reportingTo } from './availability.ts';
import { coalesceBatches } from './coalesce-batches.ts';
import { processChainBatch, type StageChain } from './stage-chain.ts';
import type { ServiceWork, WorkContext } from './work.ts';

/** Summary lines at most this often: per batch is already too chatty at 20k records/s. */
const LOG_EVERY_MS = 10_000;

/** The transactional id of a consuming service instance (DELIVERY=exactly-once): stable across its restarts. */
export function transactionalIdOf(config: { GROUP_ID: string; INSTANCE_ID: string }): string {
  return `${config.GROUP_ID}.${config.INSTANCE_ID}`;
}

/**
 * A chain of stages as a consumer: consume a batch of the chain's input, run the stages, produce the
 * outputs and dead letters, wait for their acknowledgement (acks=all), let the consumer commit. So an
 * input offset is committed only after everything made from it is on the broker (at-least-once).
 * With DELIVERY=exactly-once the outputs, the dead letters and the input offsets of a batch commit in
 * one Kafka transaction (the consumer's transactional producer), so a read_committed reader sees
 * each output once, also after a retry, a crash or a rebalance.
 */
export async function startChainWork(context: WorkContext, chain: StageChain): Promise<ServiceWork> {
  const { config, logger, metrics, connection } = context;
  const { serde, topics } = connection;
  const topicOf = (role: TopicRole) => topics[role];
  const exactlyOnce = config.DELIVERY === 'exactly-once';
  const transactionalId = exactlyOnce ? transactionalIdOf(config) : undefined;
  const consumer = connection.bus.consumer({
    groupId: config.GROUP_ID,
    maxBatchSize: config.BATCH_SIZE,
    partitionsConcurrently: config.PARTITIONS_CONCURRENTLY,
    ...(transactionalId === undefined ? {} : { transactionalId }),
  });
  const producer = consumer.transactionalProducer ?? connection.bus.producer();
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await consumer.stop();
      await producer.disconnect();
    })();
    return stopping;
  };
  try {
    await producer.connect();
    await consumer.connect();
    const inputTopic = topicOf(chain.input);
    await consumer.subscribe([inputTopic], { fromBeginning: true });
    metrics.trackLag(() => consumer.lag());

    const totals = { in: 0, out: 0, dead: 0, batches: 0 };
    let loggedAt = performance.now();
    const handle = async (batches: MessageBatch[]): Promise<void> => {
      const started = performance.now();
      const outcome = await processChainBatch(
        batches.length === 1 ? batches[0]!.messages : batches.flatMap((b) => b.messages),
        chain,
        serde,
        topicOf,
      );
      await producer.send(outcome.messages);
      metrics.recordsIn.inc({ topic: inputTopic }, outcome.recordsIn);
      for (const [role, count] of Object.entries(outcome.recordsOut)) {
        metrics.recordsOut.inc({ topic: topicOf(role as TopicRole) }, count);
        totals.out += count;
      }
      for (const letter of outcome.deadLetters) metrics.deadLetters.inc({ reason: letter.reasonCode });
      metrics.batchSeconds.observe({ topic: inputTopic }, (performance.now() - started) / 1000);
      totals.in += outcome.recordsIn;
      totals.dead += outcome.deadLetters.length;
      totals.batches++;
      if (outcome.deadLetters.length > 0) {
        const first = outcome.deadLetters[0]!;
        logger.warn(
          { count: outcome.deadLetters.length, reason: first.reasonCode, example: first.message },
          'records dead-lettered',
        );
      }
      if (performance.now() - loggedAt >= LOG_EVERY_MS) {
        loggedAt = performance.now();
        logger.info({ ...totals, partitions: consumer.assignment().length }, 'progress');
      }
    };
    // A batch failing retriably (broker or registry away) turns readiness off until one goes through.
    const done = consumer.run(
      coalesceBatches(reportingTo(context.availability ?? new Availability(), 'batches', handle)),
    );
    logger.info(
      {
        stages: chain.stages.map((s) => s.name),
        input: inputTopic,
        outputs: chain.outputs.map(topicOf),
        group: config.GROUP_ID,
        client: config.KAFKA_CLIENT,
        delivery: config.DELIVERY,
        ...(transactionalId === undefined ? {} : { transactionalId }),
      },
      'ready',
    );
    return { done, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
