import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KafkaClientName } from '@netattack/core/kafka';
import { evaluateModel } from '@netattack/core/train';
import type { DeploymentTopology } from '@netattack/orchestration';
import {
  type Alert,
  DEFAULT_MODEL,
  type FlowScore,
  SAMPLE,
  startTestDeployment,
} from './deployment-harness.ts';

interface OfflineRow {
  recordId: string;
  attackProbability: number;
  predictedClass: string;
}

const scratch = await mkdtemp(join(tmpdir(), 'netattack-parity-'));
after(() => rm(scratch, { recursive: true, force: true }));
const offline = new Map<string, OfflineRow>();
let threshold = 0.5;

before(async () => {
  const scoresPath = join(scratch, 'offline.jsonl');
  const run = await evaluateModel({ modelDir: DEFAULT_MODEL, paths: [SAMPLE], scoresPath });
  threshold = run.metadata.threshold;
  for (const line of (await readFile(scoresPath, 'utf8')).split('\n')) {
    if (line !== '') {
      const row = JSON.parse(line) as OfflineRow;
      offline.set(row.recordId, row);
    }
  }
});

/**
 * Each topology with each client; the fused runs also check the topics between the stages: written in
 * full with EMIT_INTERMEDIATE=true, untouched without it. With DELIVERY=exactly-once (each client, both
 * topologies) a read_committed reader finds every score and alert exactly once, not only once each
 * after dedupe.
 */
const RUNS: {
  topology: DeploymentTopology;
  client: KafkaClientName;
  emitIntermediate?: boolean;
  exactlyOnce?: boolean;
}[] = [
  { topology: 'separate', client: 'kafkajs' },
  { topology: 'separate', client: 'rdkafka' },
  { topology: 'fused', client: 'kafkajs', emitIntermediate: true },
  { topology: 'fused', client: 'rdkafka', emitIntermediate: false },
  { topology: 'separate', client: 'confluent' },
  { topology: 'fused', client: 'confluent' },
  { topology: 'separate', client: 'rdkafka', exactlyOnce: true },
  { topology: 'separate', client: 'confluent', exactlyOnce: true },
  { topology: 'fused', client: 'kafkajs', exactlyOnce: true, emitIntermediate: true },
  { topology: 'fused', client: 'rdkafka', exactlyOnce: true },
];

for (const { topology, client, emitIntermediate, exactlyOnce } of RUNS) {
  const setting =
    (emitIntermediate === undefined ? '' : `, EMIT_INTERMEDIATE=${emitIntermediate}`) +
    (exactlyOnce ? ', DELIVERY=exactly-once' : '');
  describe(`the bundled sample through the ${topology} deployment (${client}${setting})`, () => {
    it('scores every row exactly once, as netattack evaluate does, and alerts on the same rows', async () => {
      const pipeline = await startTestDeployment({
        name: `parity-${topology}-${client}${exactlyOnce ? '-eos' : ''}`,
        client,
        topology,
        env: {
          ...(emitIntermediate === undefined ? {} : { EMIT_INTERMEDIATE: String(emitIntermediate) }),
          ...(exactlyOnce ? { DELIVERY: 'exactly-once' } : {}),
        },
      });
      try {
        assert.equal(await pipeline.replay([SAMPLE]), 0, 'producer exits 0');
        await pipeline.waitUntilScored();
        const scores = await pipeline.read<FlowScore>(pipeline.connection.topics.scores);
        const alerts = await pipeline.read<Alert>(pipeline.connection.topics.alerts);

        const byRecord = new Map<string, FlowScore>();
        for (const score of scores) byRecord.set(score.recordId, score);
        assert.equal(byRecord.size, offline.size, 'every input row has a score');
        if (exactlyOnce) {
          assert.equal(scores.length, offline.size, 'exactly-once: no row scored twice');
          assert.equal(alerts.length, new Set(alerts.map((a) => a.recordId)).size, 'no alert twice');
        }
        for (const [recordId, want] of offline) {
          const got = byRecord.get(recordId);
          assert.ok(got, `${recordId} was scored`);
          assert.ok(Math.abs(got.attackProbability - want.attackProbability) <= 1e-12, recordId);
          assert.equal(got.predictedClass, want.predictedClass, recordId);
        }

        const alerted = new Set(alerts.map((a) => a.recordId));
        const expected = new Set(
          [...offline.values()].filter((r) => r.attackProbability >= threshold).map((r) => r.recordId),
        );
        assert.equal(alerted.size, expected.size);
        for (const id of expected) assert.ok(alerted.has(id), `${id} raised an alert`);
        for (const alert of alerts) assert.ok(alert.topFeatures.length > 0, 'alerts name their features');

        if (emitIntermediate !== undefined) {
          const { clean, features } = pipeline.connection.topics;
          const expectedOnEach = emitIntermediate ? offline.size : 0;
          const cleanRecords = await pipeline.read<FlowScore>(clean);
          const featureRecords = await pipeline.read<FlowScore>(features);
          assert.equal(new Set(cleanRecords.map((r) => r.recordId)).size, expectedOnEach);
          assert.equal(new Set(featureRecords.map((r) => r.recordId)).size, expectedOnEach);
          if (exactlyOnce) {
            assert.equal(cleanRecords.length, expectedOnEach, 'exactly-once: flows.clean once each');
            assert.equal(featureRecords.length, expectedOnEach, 'exactly-once: flows.features once each');
          }
        }
      } finally {
        await pipeline.close();
      }
    });
  });
}
