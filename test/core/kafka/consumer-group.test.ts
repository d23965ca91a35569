import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FlowRecord } from '../../../packages/core/src/flow/flow-record.ts';
import {
  type BusConsumer,
  KAFKA_CLIENTS,
  type TopicPartition,
} from '../../../packages/core/src/kafka/bus.ts';
import { SHARED_DATA_MISSING } from '../../fixtures/paths.ts';
import { waitFor } from '../../support/wait-for.ts';
import { type BusFixture, collect, openBusFixture, type Received, rawFlowMessages } from './bus-fixture.ts';
import { realFlows } from './real-flows.ts';

const ids = (partitions: TopicPartition[]) => partitions.map((p) => p.partition).sort((a, b) => a - b);

for (const client of KAFKA_CLIENTS) {
  describe(`two members of one consumer group with ${client}`, { skip: SHARED_DATA_MISSING }, () => {
    let fixture: BusFixture;
    let flows: FlowRecord[];

    before(async () => {
      flows = realFlows(3000);
      fixture = await openBusFixture(client, 'group');
    });
    after(() => fixture?.close());

    it('split the partitions, each record goes to one of them, and one takes over when the other leaves', async () => {
      const topic = fixture.topics.raw.topic;
      const members: { consumer: BusConsumer; received: Received; running: Promise<void> }[] = [];
      for (let i = 0; i < 2; i++) {
        const consumer = fixture.consumer();
        members.push({ consumer, ...(await collect(consumer, topic)) });
      }
      const [a, b] = members as [(typeof members)[0], (typeof members)[0]];
      await waitFor(() => a.consumer.assignment().length > 0 && b.consumer.assignment().length > 0, {
        description: 'both members to own partitions',
        timeoutMs: 60_000,
      });
      await waitFor(() => a.consumer.assignment().length + b.consumer.assignment().length === 6, {
        description: 'the six partitions to be assigned',
        timeoutMs: 60_000,
      });
      const owned = [...ids(a.consumer.assignment()), ...ids(b.consumer.assignment())].sort((x, y) => x - y);
      assert.deepEqual(owned, [0, 1, 2, 3, 4, 5], 'disjoint, and together every partition');

      const producer = fixture.bus.producer();
      await producer.connect();
      const first = rawFlowMessages(fixture.serde, topic, flows.slice(0, 2400));
      await producer.send(first);
      await waitFor(() => a.received.messages.length + b.received.messages.length >= first.length, {
        description: 'the first 2,400 records',
        timeoutMs: 90_000,
      });
      for (const member of [a, b]) {
        const mine = new Set(ids(member.consumer.assignment()));
        assert.ok(member.received.messages.length > 0, 'both members got work');
        assert.ok(
          member.received.messages.every((m) => mine.has(m.partition)),
          'only from its own partitions',
        );
      }
      const keys = [...a.received.messages, ...b.received.messages].map((m) => `${m.partition}/${m.offset}`);
      assert.equal(new Set(keys).size, first.length, 'no record handled twice');

      await a.consumer.stop();
      await a.running;
      await waitFor(() => b.consumer.assignment().length === 6, {
        description: 'the remaining member to take all six',
        timeoutMs: 60_000,
      });
      const rest = rawFlowMessages(fixture.serde, topic, flows.slice(2400));
      const before = b.received.messages.length;
      await producer.send(rest);
      await producer.disconnect();
      await waitFor(() => b.received.messages.length - before >= rest.length, {
        description: 'the last 600 records',
        timeoutMs: 60_000,
      });
      const lateLines = new Set(
        b.received.messages.slice(before).map((m) => m.headers['netattack-source-line']),
      );
      assert.deepEqual(lateLines, new Set(flows.slice(2400).map((f) => String(f.source.line))));
      await b.consumer.stop();
      await b.running;
    });
  });
}
