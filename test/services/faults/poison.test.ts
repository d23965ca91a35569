import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { frame } from '@netattack/core/kafka';
import type { TopicRole } from '@netattack/core/topology';
import avro, { type Schema } from 'avsc';
import { fixture } from '../../fixtures/paths.ts';
import { waitFor } from '../../support/wait-for.ts';
import { type DeadLetter, type FlowScore, startTestDeployment } from '../deployment-harness.ts';
import { readiness, recordFigures } from './fault-support.ts';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const INVOICE = { type: 'record', name: 'Invoice', fields: [{ name: 'amount', type: 'double' }] } as const;

async function postSchema(registryUrl: string, subject: string, schema: unknown) {
  const response = await fetch(`${registryUrl}/subjects/${encodeURIComponent(subject)}/versions`, {
    method: 'POST',
    headers: { 'content-type': CONTENT_TYPE },
    body: JSON.stringify({ schema: JSON.stringify(schema) }),
  });
  return { status: response.status, body: await response.text() };
}

/**
 * Poison on every input topic: random bytes, a wrong magic byte, and a well-framed record of a schema
 * the registry knows but that is not ours. Each goes to flows.deadletter with its bytes and a reason;
 * an id the registry does not know is waited for (readiness says so), then dead-lettered; an
 * incompatible schema under one of our subjects is refused with 409, and the services keep running.
 */
describe('poison messages and a refused schema on the real pipeline', () => {
  it('dead-letters each poison with its bytes and reason, waits for an unknown id, refuses an incompatible schema', async () => {
    const pipeline = await startTestDeployment({ name: 'fault-poison', env: { SCHEMA_WAIT_TIMEOUT_S: '6' } });
    try {
      const { connection, env } = pipeline;
      const registryUrl = env.SCHEMA_REGISTRY_URL!;
      const foreign = await postSchema(registryUrl, `${env.TOPIC_PREFIX}other-value`, INVOICE);
      assert.equal(foreign.status, 200, foreign.body);
      const foreignId = (JSON.parse(foreign.body) as { id: number }).id;
      const invoice = frame(
        foreignId,
        avro.Type.forSchema(INVOICE as unknown as Schema).toBuffer({ amount: 12.5 }),
      );
      const producer = connection.bus.producer();
      await producer.connect();

      // A schema id no registry gave out: the cleaner waits (readiness off), then dead-letters it.
      const unknown = frame(2_000_000_001, Buffer.from([2, 4, 6]));
      await producer.send([{ topic: connection.topics.raw, key: 'unknown-id', value: unknown }]);
      const cleaner = pipeline.processes.services[0]!;
      const waiting = await waitFor(
        async () => {
          const ready = await readiness(cleaner.healthPort);
          return ready.status === 503 ? JSON.stringify(ready.body) : false;
        },
        { timeoutMs: 10_000, intervalMs: 100, description: 'the cleaner waiting for the unknown schema id' },
      );
      assert.match(waiting, /UNKNOWN_SCHEMA_ID.*not known to the registry \(yet\)/);

      const poisons: { role: TopicRole; stage: string; kind: string; bytes: Buffer }[] = [];
      for (const [role, stage] of [
        ['raw', 'cleaner'],
        ['clean', 'features'],
        ['features', 'scorer'],
      ] as const) {
        const random = randomBytes(64);
        random[0] = 0x7f;
        poisons.push(
          { role, stage, kind: 'random bytes', bytes: random },
          { role, stage, kind: 'wrong magic byte', bytes: Buffer.from([1, 0, 0, 0, 1, 2, 3]) },
          { role, stage, kind: 'another registered schema', bytes: invoice },
        );
      }
      await producer.send(
        poisons.map((p, i) => ({ topic: connection.topics[p.role], key: `poison-${i}`, value: p.bytes })),
      );
      await producer.disconnect();

      // BACKWARD refuses a schema that cannot read the records already written (a new field, no default).
      const incompatible = await postSchema(registryUrl, `${connection.topics.raw}-value`, {
        type: 'record',
        name: 'FlowRecord',
        namespace: 'netattack',
        fields: [{ name: 'mustHave', type: 'string' }],
      });
      assert.equal(incompatible.status, 409, incompatible.body);

      assert.equal(await pipeline.replay([fixture('traps.csv')]), 0);
      await pipeline.waitUntilScored();
      const letters = await waitFor(
        async () => {
          const all = await pipeline.read<DeadLetter>(connection.topics.deadLetter);
          return all.filter((l) => l.stage !== 'producer').length >= poisons.length + 1 ? all : false;
        },
        { timeoutMs: 30_000, intervalMs: 500, description: 'every poison dead-lettered' },
      );
      for (const poison of poisons) {
        const letter = letters.find(
          (l) => l.inputTopic === connection.topics[poison.role] && l.originalBytes?.equals(poison.bytes),
        );
        assert.ok(letter, `${poison.kind} on ${poison.role} is dead-lettered with its bytes`);
        assert.equal(letter.reasonCode, 'AVRO_DECODE', poison.kind);
        assert.equal(letter.stage, poison.stage);
        assert.ok(letter.message.length > 0);
      }
      const unknownLetter = letters.find((l) => l.originalBytes?.equals(unknown));
      assert.equal(unknownLetter?.reasonCode, 'UNKNOWN_SCHEMA_ID');
      for (const service of pipeline.processes.services)
        assert.equal((await readiness(service.healthPort)).status, 200, `${service.name} still ready`);
      const scores = await pipeline.read<FlowScore>(connection.topics.scores);
      // traps.csv: 10 good lines (the others are the producer's dead letters, dead-letters.test.ts).
      const good = 10;
      recordFigures({
        test: 'fault-poison',
        rows: good,
        scoredDistinct: new Set(scores.map((s) => s.recordId)).size,
        lost: good - new Set(scores.map((s) => s.recordId)).size,
        duplicates: scores.length - new Set(scores.map((s) => s.recordId)).size,
        recoveryMs: 0,
        recovery: 'none needed: no service stopped',
        poisons: poisons.length + 1,
        deadLettered: poisons.length + (unknownLetter ? 1 : 0),
        incompatibleSchemaStatus: incompatible.status,
      });
      assert.equal(
        new Set(scores.map((s) => s.recordId)).size,
        good,
        'the good lines of traps.csv are scored',
      );
    } finally {
      await pipeline.close();
    }
  });
});
