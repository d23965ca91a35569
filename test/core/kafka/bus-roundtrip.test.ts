import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DecodeOutcome } from '../../../packages/core/src/avro/avro-serde.ts';
import type { FlowRecord } from '../../../packages/core/src/flow/flow-record.ts';
import { KAFKA_CLIENTS, type OutgoingMessage } from '../../../packages/core/src/kafka/bus.ts';
import { SOURCE_FILE_HEADER, SOURCE_LINE_HEADER } from '../../../packages/core/src/topology/dead-letters.ts';
import { SHARED_DATA_MISSING } from '../../fixtures/paths.ts';
import { plainValue } from '../avro/plain-value.ts';
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

const RECORDS = 10_000;

const sourceOf = (headers: Record<string, string> | undefined) =>
  `${headers?.[SOURCE_FILE_HEADER]}:${headers?.[SOURCE_LINE_HEADER]}`;
const SEND_BATCH = 1000;

for (const client of KAFKA_CLIENTS) {
  describe(`Avro raw flows through the real broker with ${client}`, { skip: SHARED_DATA_MISSING }, () => {
    let fixture: BusFixture;
    let flows: FlowRecord[];

    before(async () => {
      flows = realFlows(RECORDS);
      fixture = await openBusFixture(client, 'roundtrip');
    });
    after(() => fixture?.close());

    it('gets 10,000 records back equal and in order per partition; bad payloads are reported and skipped', async (t) => {
      const { serde, bus } = fixture;
      const topic = fixture.topics.raw.topic;
      const good = rawFlowMessages(serde, topic, flows);
      const corrupt: OutgoingMessage = {
        topic,
        key: 'corrupt',
        value: Buffer.from('Flow ID,Src IP,not avro'),
      };
      const forged = Buffer.from(good[0]!.value);
      forged.writeInt32BE(0x7fff_fff0, 1);
      const unknownId: OutgoingMessage = { topic, key: 'unknown-id', value: forged };
      // The bad payloads sit in the middle of the stream: the records after them must still arrive.
      const stream = [...good.slice(0, RECORDS / 2), corrupt, unknownId, ...good.slice(RECORDS / 2)];

      const consumer = fixture.consumer();
      // A failed assertion must not leave this member in the group for the next test.
      t.after(() => consumer.stop());
      const received = new Received();
      const decoded = new Map<string, FlowRecord>();
      const failures: { key: string; code: string; message: string }[] = [];
      await consumer.connect();
      await consumer.subscribe([topic], { fromBeginning: true });
      const running = consumer.run(async (batch) => {
        const outcomes: DecodeOutcome<FlowRecord>[] = await serde.decodeMany<FlowRecord>(
          topic,
          batch.messages.map((m) => m.value),
        );
        outcomes.forEach((outcome, i) => {
          const message = batch.messages[i]!;
          if (outcome.ok) decoded.set(outcome.value.recordId, outcome.value);
          else
            failures.push({
              key: String(message.key),
              code: outcome.error.code,
              message: outcome.error.message,
            });
        });
        received.add(batch.messages);
      });

      const producer = bus.producer();
      await producer.connect();
      const started = performance.now();
      for (let i = 0; i < stream.length; i += SEND_BATCH)
        await producer.send(stream.slice(i, i + SEND_BATCH));
      const produced = performance.now();
      await received.waitForCount(stream.length, 'every produced message');
      const consumed = performance.now();
      await producer.disconnect();
      t.diagnostic(
        `${client}: produced ${stream.length} in ${(produced - started).toFixed(0)} ms, all consumed after ` +
          `${(consumed - started).toFixed(0)} ms: ${Math.round(stream.length / ((consumed - started) / 1000))} records/s round trip`,
      );

      assert.equal(received.messages.length, stream.length, 'no message twice');
      assert.equal(decoded.size, RECORDS);
      for (const flow of flows) assert.deepEqual(plainValue(decoded.get(flow.recordId)), flow, flow.recordId);

      assert.deepEqual(failures.map((f) => `${f.key} ${f.code}`).sort(), [
        'corrupt AVRO_DECODE',
        'unknown-id UNKNOWN_SCHEMA_ID',
      ]);
      assert.match(
        failures.find((f) => f.key === 'corrupt')!.message,
        /does not start with the Confluent magic byte 0/,
      );
      assert.match(
        failures.find((f) => f.key === 'unknown-id')!.message,
        /schema id 2147483632 is not known/,
      );

      // In order per partition: offsets run 0, 1, 2, ... and records come in the order they were sent.
      const sentAt = new Map(stream.map((m, i) => [sourceOf(m.headers), i]));
      const byPartition = received.offsetsByPartition();
      assert.ok(byPartition.size > 1, 'records spread over several partitions');
      for (const [partition, offsets] of byPartition) {
        assert.deepEqual(
          offsets,
          offsets.map((_, i) => i),
          `partition ${partition} offsets`,
        );
        const positions = received.messages
          .filter((m) => m.partition === partition && m.headers[SOURCE_LINE_HEADER] !== undefined)
          .map((m) => sentAt.get(sourceOf(m.headers))!);
        assert.ok(
          positions.every((position, i) => i === 0 || position > positions[i - 1]!),
          `partition ${partition} holds its records in the order they were sent`,
        );
      }
      assert.equal(
        sentAt.size,
        RECORDS + 1,
        'file and line name each record (plus one entry for no headers)',
      );

      const highs = await fixture.admin.topicOffsets(topic);
      assert.equal(highs.length, 6);
      assert.equal(
        highs.reduce((sum, p) => sum + Number(p.high), 0),
        stream.length,
      );
      assert.deepEqual(
        consumer.lag().map((l) => l.lag),
        consumer.lag().map(() => 0),
      );

      await consumer.stop();
      await running;
      assert.deepEqual(consumer.assignment(), []);
    });

    it('committed every handled batch: a new member of the group starts after them', async (t) => {
      const { serde, bus } = fixture;
      const topic = fixture.topics.raw.topic;
      const consumer = fixture.consumer();
      t.after(() => consumer.stop());
      const { received, running } = await collect(consumer, topic);
      await waitForAssignment(consumer, 'the new member to join', 6);
      await sendAll(
        bus,
        rawFlowMessages(serde, topic, [{ ...flows[0]!, recordId: 'marker', flowKey: 'marker' }]),
      );
      await received.waitForCount(1, 'the marker');
      assert.deepEqual(
        received.messages.map((m) => m.key?.toString()),
        ['marker'],
      );
      await consumer.stop();
      await running;
    });
  });
}
