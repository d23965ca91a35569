import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PipelineError } from '../../../packages/core/src/errors.ts';
import type { FlowRecord } from '../../../packages/core/src/flow/flow-record.ts';
import { KAFKA_CLIENTS } from '../../../packages/core/src/kafka/bus.ts';
import { SHARED_DATA_MISSING } from '../../fixtures/paths.ts';
import {
  type BusFixture,
  collect,
  openBusFixture,
  Received,
  rawFlowMessages,
  sendAll,
  waitForAssignment,
} from './bus-fixture.ts';
import { realFlows } from './real-flows.ts';

for (const client of KAFKA_CLIENTS) {
  describe(`a failing handler with ${client}`, { skip: SHARED_DATA_MISSING }, () => {
    let fixture: BusFixture;
    let flows: FlowRecord[];

    before(async () => {
      flows = realFlows(600);
      fixture = await openBusFixture(client, 'failures');
    });
    after(() => fixture?.close());

    it('gets the same batch again after a retriable error and commits it once it succeeds', async (t) => {
      const topic = fixture.topics.raw.topic;
      const consumer = fixture.consumer({ maxRetryDelayMs: 50 });
      t.after(() => consumer.stop());
      const attempts: string[] = [];
      const received = new Received();
      let failuresLeft = 2;
      await consumer.connect();
      await consumer.subscribe([topic], { fromBeginning: true });
      const running = consumer.run(async (batch) => {
        attempts.push(`${batch.partition}/${batch.messages[0]!.offset}`);
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new PipelineError('KAFKA_UNAVAILABLE', 'output topic not reachable', { retriable: true });
        }
        received.add(batch.messages);
      });
      await sendAll(fixture.bus, rawFlowMessages(fixture.serde, topic, flows));
      await received.waitForCount(flows.length, 'every record after the retries');
      assert.equal(attempts[0], attempts[1]);
      assert.equal(attempts[1], attempts[2]);
      assert.equal(received.messages.length, flows.length, 'nothing handled twice once it succeeded');
      await consumer.stop();
      await running;

      // Committed: the group's next member sees only what comes after.
      const next = fixture.consumer();
      t.after(() => next.stop());
      const { received: later, running: nextRunning } = await collect(next, topic);
      await waitForAssignment(next, 'the next member to join', 6);
      await sendAll(
        fixture.bus,
        rawFlowMessages(fixture.serde, topic, [{ ...flows[0]!, flowKey: 'marker' }]),
      );
      await later.waitForCount(1, 'the marker');
      assert.deepEqual(
        later.messages.map((m) => m.key?.toString()),
        ['marker'],
      );
      await next.stop();
      await nextRunning;
    });

    it('stops on a non-retriable error, leaves the group, and leaves the batch uncommitted', async (t) => {
      const topic = fixture.topics.clean.topic;
      const consumer = fixture.consumer({ groupId: `${fixture.runId}-fatal` });
      t.after(() => consumer.stop());
      let failedBatch: { partition: number; offset: string } | undefined;
      await consumer.connect();
      await consumer.subscribe([topic], { fromBeginning: true });
      const running = consumer.run(async (batch) => {
        failedBatch ??= { partition: batch.partition, offset: batch.messages[0]!.offset };
        throw new TypeError('a defect in the stage');
      });
      // Raw-schema records on the clean topic stand in for any input: the handler never decodes them.
      await sendAll(
        fixture.bus,
        rawFlowMessages(fixture.serde, fixture.topics.raw.topic, flows.slice(0, 50)).map((m) => ({
          ...m,
          topic,
        })),
      );
      await assert.rejects(running, (error: unknown) => {
        assert.ok(error instanceof PipelineError);
        assert.equal(error.code, 'STAGE_FAILED');
        assert.match(error.message, /a defect in the stage/);
        return true;
      });
      assert.deepEqual(consumer.assignment(), []);

      const again = fixture.consumer({ groupId: `${fixture.runId}-fatal` });
      t.after(() => again.stop());
      const { received: redelivered, running: againRunning } = await collect(again, topic);
      await redelivered.waitForCount(50, 'the uncommitted records again');
      const first = redelivered.messages.find((m) => m.partition === failedBatch!.partition)!;
      assert.equal(first.offset, failedBatch!.offset, 'the failed batch comes back from its first offset');
      await again.stop();
      await againRunning;
    });
  });
}
