import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FlowRecord } from '../../../packages/core/src/flow/flow-record.ts';
import { createBus } from '../../../packages/core/src/kafka/create-bus.ts';
import { createLogger } from '../../../packages/core/src/log/logger.ts';
import { SHARED_DATA_MISSING } from '../../fixtures/paths.ts';
import { stackEnv } from '../../support/stack-env.ts';
import {
  type BusFixture,
  collect,
  openBusFixture,
  rawFlowMessages,
  sendAll,
  waitForAssignment,
} from './bus-fixture.ts';
import { realFlows } from './real-flows.ts';

describe('kafkajs and node-rdkafka side by side', { skip: SHARED_DATA_MISSING }, () => {
  let fixture: BusFixture;
  let flows: FlowRecord[];

  before(async () => {
    // Flow IDs repeat across rows of one conversation, and the 2018 rows are keyed by file:line.
    flows = realFlows(8000).filter((_, i) => i % 8 === 0);
    fixture = await openBusFixture('kafkajs', 'parity');
  });
  after(() => fixture?.close());

  it('put a key on the same partition whichever client produced it, and read what the other wrote', async (t) => {
    const topic = fixture.topics.raw.topic;
    const rdkafka = createBus({
      client: 'rdkafka',
      brokers: stackEnv().brokers,
      clientId: `${fixture.runId}-rd`,
      logger: createLogger('parity', 'error'),
    });
    const consumer = rdkafka.consumer({ groupId: `${fixture.runId}-rd` });
    t.after(() => consumer.stop());
    const { received, running } = await collect(consumer, topic);
    await waitForAssignment(consumer, 'the rdkafka consumer to join', 6);

    const messages = rawFlowMessages(fixture.serde, topic, flows);
    for (const bus of [fixture.bus, rdkafka]) {
      await sendAll(
        bus,
        messages.map((m) => ({ ...m, headers: { ...m.headers, client: bus.client } })),
      );
    }
    await received.waitForCount(2 * messages.length, 'both copies of every record');

    const partitionsOfKey = new Map<string, Set<number>>();
    for (const m of received.messages) {
      const key = m.key!.toString();
      partitionsOfKey.set(key, (partitionsOfKey.get(key) ?? new Set()).add(m.partition));
    }
    assert.equal(partitionsOfKey.size, new Set(flows.map((f) => f.flowKey)).size);
    for (const [key, partitions] of partitionsOfKey) assert.equal(partitions.size, 1, `key ${key}`);
    assert.ok(
      new Set(received.messages.map((m) => m.partition)).size === 6,
      'keys spread over all partitions',
    );

    const fromKafkaJs = received.messages.filter((m) => m.headers.client === 'kafkajs');
    const decoded = await fixture.serde.decodeMany<FlowRecord>(
      topic,
      fromKafkaJs.map((m) => m.value),
    );
    assert.deepEqual(
      decoded.map((d) => (d.ok ? d.value.recordId : d.error.message)).sort(),
      flows.map((f) => f.recordId).sort(),
    );
    await consumer.stop();
    await running;
  });
});
