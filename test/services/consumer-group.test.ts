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

describe('two scorer instances in one consumer group', () => {
  it('take disjoint partitions and together score every record', async () => {
    const pipeline = await startTestDeployment({ name: 'group', scorers: 2 });
    try {
      assert.equal(await pipeline.replay([SAMPLE]), 0);
      await pipeline.waitUntilScored();
      const topic = pipeline.connection.topics.features;
      const scorers = pipeline.processes.services.filter((s) => s.name === 'scorer');
      assert.equal(scorers.length, 2);
      const [a, b] = await Promise.all(scorers.map((s) => scorerMetrics(s.healthPort, topic)));
      assert.ok(a!.partitions.length > 0 && b!.partitions.length > 0, 'both hold partitions');
      assert.deepEqual(
        a!.partitions.filter((p) => b!.partitions.includes(p)),
        [],
        'no partition is held twice',
      );
      assert.deepEqual(
        [...a!.partitions, ...b!.partitions].sort((x, y) => x - y),
        [0, 1, 2, 3, 4, 5],
      );
      assert.ok(a!.recordsIn > 0 && b!.recordsIn > 0, 'both scored records');

      const scores = await pipeline.read<FlowScore>(pipeline.connection.topics.scores);
      const distinct = new Set(scores.map((s) => s.recordId));
      assert.equal(distinct.size, 15471, 'every sample row scored');
      assert.ok(a!.recordsIn + b!.recordsIn >= distinct.size);
    } finally {
      await pipeline.close();
    }
  });
});
