import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { frame } from '@netattack/core/kafka';
import { DEPLOYMENT_TOPOLOGIES } from '@netattack/orchestration';
import { fixture } from '../fixtures/paths.ts';
import { type DeadLetter, type FlowScore, startTestDeployment } from './deployment-harness.ts';

for (const topology of DEPLOYMENT_TOPOLOGIES) {
  describe(`bad input on the real pipeline (${topology})`, () => {
    it('dead-letters each bad line and each undecodable record with its reason, and scores the rest', async () => {
      // SCHEMA_WAIT_TIMEOUT_S=0: the unknown schema id below is dead-lettered at once, not waited for
      // (faults/poison.test.ts tests the wait).
      const pipeline = await startTestDeployment({
        name: `deadletters-${topology}`,
        topology,
        env: { SCHEMA_WAIT_TIMEOUT_S: '0' },
      });
      try {
        assert.equal(await pipeline.replay([fixture('traps.csv')]), 0);
        const producer = pipeline.connection.bus.producer();
        await producer.connect();
        const garbage = Buffer.from('not an avro record');
        const unknownId = frame(987_654, Buffer.from([2, 4, 6]));
        await producer.send([
          { topic: pipeline.connection.topics.raw, key: 'garbage', value: garbage },
          { topic: pipeline.connection.topics.raw, key: 'unknown-id', value: unknownId },
        ]);
        await producer.disconnect();
        await pipeline.waitUntilScored();

        const letters = await pipeline.read<DeadLetter>(pipeline.connection.topics.deadLetter);
        const lines = (await readFile(fixture('traps.csv'), 'utf8')).split(/\r?\n/);
        const fromProducer = letters
          .filter((l) => l.stage === 'producer')
          .sort((a, b) => a.sourceLine! - b.sourceLine!);
        assert.deepEqual(
          fromProducer.map((l) => [l.sourceLine, l.reasonCode]),
          [
            [5, 'HEADER_REPEAT'],
            [9, 'BAD_NUMBER'],
            [10, 'BAD_NUMBER'],
            [11, 'MISSING_VALUE'],
            [12, 'BAD_FIELD_COUNT'],
            [15, 'BAD_TIMESTAMP'],
          ],
        );
        for (const letter of fromProducer) {
          assert.equal(letter.originalText, lines[letter.sourceLine! - 1], 'the line is kept whole');
          assert.equal(letter.sourceFile, 'traps.csv');
        }
        assert.deepEqual(
          fromProducer.map((l) => l.column),
          [null, 'Tot Fwd Pkts', 'Flow IAT Mean', 'Fwd Pkt Len Max', null, 'Timestamp'],
        );

        const fromCleaner = letters.filter((l) => l.stage === 'cleaner');
        const byBytes = (bytes: Buffer) => fromCleaner.find((l) => l.originalBytes?.equals(bytes));
        assert.equal(byBytes(garbage)?.reasonCode, 'AVRO_DECODE');
        assert.equal(byBytes(unknownId)?.reasonCode, 'UNKNOWN_SCHEMA_ID');
        assert.equal(byBytes(garbage)?.inputTopic, pipeline.connection.topics.raw);

        const scores = await pipeline.read<FlowScore>(pipeline.connection.topics.scores);
        assert.equal(new Set(scores.map((s) => s.recordId)).size, 10, 'the 10 good lines are scored');
      } finally {
        await pipeline.close();
      }
    });
  });
}
