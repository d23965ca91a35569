import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FlowScore, SAMPLE, startTestDeployment } from './deployment-harness.ts';

/** Partitions a scorer reports lag for (its assignment) and records it consumed, from its /metrics. */
async function scorerMetrics(
  port: number,
  topic: string,
): Promise<{ partitions: number[]; recordsIn: number }> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const partitions: number[] = [];
  let recordsIn = 0;
  for (const line of text.split('\n')) {
    const lag = /^netattack_consumer_lag\{([^}]*)\} /.exec(line);
    if (lag && lag[1]!.includes(`topic="${topic}"`))
      partitions.push(Number(/partition="(\d+)"/.exec(lag[1]!)![1]));
    const consumed = /^netattack_records_in_total\{([^}]*)\} (\d+)/.exec(line);
    if (consumed && consumed[1]!.includes(`topic="${topic}"`)) recordsIn += Number(consumed[2]);
  }
  return { partitions: partitions.sort((a, b) => a - b), recordsIn };
}

const SCORERS = 3;
const PARTITIONS = 12;

describe(`${SCORERS} scorer instances in one consumer group over ${PARTITIONS} partitions`, () => {
  it('take disjoint partitions that cover the topic and together score every record once (after dedupe)', async () => {
    const pipeline = await startTestDeployment({ name: 'group', scorers: SCORERS, partitions: PARTITIONS });
    try {
      assert.equal(await pipeline.replay([SAMPLE]), 0);
      await pipeline.waitUntilScored();
      const topic = pipeline.connection.topics.features;
      const scorers = pipeline.processes.services.filter((s) => s.name === 'scorer');
      assert.equal(scorers.length, SCORERS);
      const seen = await Promise.all(scorers.map((s) => scorerMetrics(s.healthPort, topic)));
      const held = seen.flatMap((m) => m.partitions);
      for (const [i, m] of seen.entries()) {
        assert.ok(m.partitions.length > 0, `scorer ${i + 1} holds partitions`);
        assert.ok(m.recordsIn > 0, `scorer ${i + 1} scored records`);
      }
      assert.equal(new Set(held).size, held.length, 'no partition is held twice');
      assert.deepEqual(
        held.sort((x, y) => x - y),
        Array.from({ length: PARTITIONS }, (_, p) => p),
        'together they hold every partition',
      );

      const scores = await pipeline.read<FlowScore>(pipeline.connection.topics.scores);
      const distinct = new Set(scores.map((s) => s.recordId));
      assert.equal(distinct.size, 15471, 'every sample row scored');
      const consumed = seen.reduce((sum, m) => sum + m.recordsIn, 0);
      assert.ok(consumed >= distinct.size, 'the instances consumed every record between them');
      assert.equal(
        scores.length - distinct.size,
        consumed - distinct.size,
        'duplicates only from re-consumed records',
      );
    } finally {
      await pipeline.close();
    }
  });
});
