import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PipelineError } from '../../../packages/core/src/errors.ts';
import { readFlowRows } from '../../../packages/core/src/flow/csv-reader.ts';
import type { FlowRecord } from '../../../packages/core/src/flow/flow-record.ts';
import {
  type BusConsumer,
  type IncomingMessage,
  KAFKA_CLIENTS,
  type MessageBatch,
  type OutgoingMessage,
} from '../../../packages/core/src/kafka/bus.ts';
import { REPO_ROOT } from '../../fixtures/paths.ts';
import { waitFor } from '../../support/wait-for.ts';
import { type BusFixture, openBusFixture, Received, rawFlowMessages, sendAll } from './bus-fixture.ts';

const ROWS = 600;

/** Real rows shipped with the repository (the bundled sample), so the test runs on a plain clone. */
async function sampleFlows(count: number): Promise<FlowRecord[]> {
  const flows: FlowRecord[] = [];
  for await (const result of readFlowRows([join(REPO_ROOT, 'data/sample/cic2018')])) {
    if (result.ok) flows.push(result.record);
    if (flows.length >= count) break;
  }
  return flows;
}

/** What the transform writes for an input message: its bytes, keyed by where it came from. */
function outputOf(topic: string, message: IncomingMessage): OutgoingMessage {
  return { topic, key: `${message.partition}:${message.offset}`, value: message.value! };
}

/**
 * A read_committed reader of `topic` (a group of its own) that has read everything on the topic:
 * its position on every partition is at the high watermark, past the transaction markers.
 */
async function readCommitted(fixture: BusFixture, topic: string, label: string): Promise<Received> {
  const reader = fixture.consumer({ groupId: `${fixture.runId}-${label}` });
  const received = new Received();
  await reader.connect();
  await reader.subscribe([topic], { fromBeginning: true });
  const running = reader.run(async (batch) => {
    received.add(batch.messages);
  });
  const ends = (await fixture.admin.topicOffsets(topic)).filter((p) => BigInt(p.high) > BigInt(p.low));
  await waitFor(
    () => {
      const at = new Map(reader.lag().map((l) => [l.partition, BigInt(l.position)]));
      return ends.every((p) => (at.get(p.partition) ?? -1n) >= BigInt(p.high));
    },
    { timeoutMs: 60_000, description: `a read_committed reader at the end of ${topic}` },
  );
  await reader.stop();
  await running;
  return received;
}

function keysOnce(received: Received): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of received.messages) {
    const key = m.key!.toString();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

async function totalOffsets(fixture: BusFixture, topic: string): Promise<number> {
  const offsets = await fixture.admin.topicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
}

async function startTransactional(
  consumer: BusConsumer,
  topic: string,
  handle: (batch: MessageBatch) => Promise<void>,
): Promise<{ running: Promise<void> }> {
  await consumer.connect();
  await consumer.subscribe([topic], { fromBeginning: true });
  return { running: consumer.run(handle) };
}

for (const client of KAFKA_CLIENTS) {
  describe(`exactly-once consume-transform-produce with ${client}`, () => {
    let fixture: BusFixture;
    let flows: FlowRecord[];

    before(async () => {
      flows = await sampleFlows(ROWS);
      fixture = await openBusFixture(client, 'eos');
    });
    after(() => fixture?.close());

    it('aborts the attempt that failed mid-way: read_committed sees only the retried outputs, each once', async (t) => {
      const input = fixture.topics.raw.topic;
      const output = fixture.topics.clean.topic;
      const consumer = fixture.consumer({
        groupId: `${fixture.runId}-transform`,
        transactionalId: `${fixture.runId}-transform.1`,
        maxRetryDelayMs: 50,
        partitionsConcurrently: 3,
      });
      t.after(() => consumer.stop());
      const producer = consumer.transactionalProducer;
      assert.ok(producer, 'a transactional consumer has its producer');
      const abortedKeys: string[] = [];
      let failed = false;
      let handled = 0;
      const { running } = await startTransactional(consumer, input, async (batch) => {
        const outputs = batch.messages.map((m) => outputOf(output, m));
        if (!failed) {
          // Half the outputs reach the broker (acknowledged), then the batch fails.
          failed = true;
          const half = outputs.slice(0, Math.ceil(outputs.length / 2));
          await producer.send(half);
          abortedKeys.push(...half.map((m) => m.key!));
          throw new PipelineError('REGISTRY_UNAVAILABLE', 'registry away mid-batch', { retriable: true });
        }
        await producer.send(outputs);
        handled += batch.messages.length;
      });
      await sendAll(fixture.bus, rawFlowMessages(fixture.serde, input, flows));
      await waitFor(() => handled >= flows.length, {
        timeoutMs: 90_000,
        description: `all ${flows.length} records transformed`,
      });
      await consumer.stop();
      await running;

      assert.ok(abortedKeys.length > 0);
      // The aborted half is on the broker, with at least one abort marker beside the committed records.
      assert.ok((await totalOffsets(fixture, output)) >= flows.length + abortedKeys.length + 1);

      const seen = keysOnce(await readCommitted(fixture, output, 'reader'));
      assert.equal(seen.size, flows.length, 'every input has its output');
      assert.deepEqual(
        [...seen.values()].filter((n) => n !== 1),
        [],
        'no output twice',
      );
      for (const key of abortedKeys) assert.equal(seen.get(key), 1, `${key}: the retried output, once`);

      // The input offsets committed with the outputs: the group's next member gets only what is new.
      const next = fixture.consumer({ groupId: `${fixture.runId}-transform` });
      const later = new Received();
      await next.connect();
      await next.subscribe([input], { fromBeginning: true });
      const nextRunning = next.run(async (batch) => {
        later.add(batch.messages);
      });
      await waitFor(() => next.assignment().length >= 6, {
        timeoutMs: 60_000,
        description: 'next member joined',
      });
      await sendAll(
        fixture.bus,
        rawFlowMessages(fixture.serde, input, [{ ...flows[0]!, flowKey: 'marker' }]),
      );
      await later.waitForCount(1, 'the marker');
      assert.deepEqual(
        later.messages.map((m) => m.key?.toString()),
        ['marker'],
      );
      await next.stop();
      await nextRunning;
    });

    it('a second instance with the same transactional id fences the first, whose open transaction is aborted', async (t) => {
      const input = fixture.topics.features.topic;
      const output = fixture.topics.scores.topic;
      const transactionalId = `${fixture.runId}-fenced.1`;
      const first = fixture.consumer({ groupId: `${fixture.runId}-first`, transactionalId });
      t.after(() => first.stop());
      let releaseFirst!: () => void;
      const gate = new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      let firstSent = 0;
      const { running: firstRunning } = await startTransactional(first, input, async (batch) => {
        await first.transactionalProducer!.send(batch.messages.map((m) => outputOf(output, m)));
        firstSent += batch.messages.length;
        await gate; // the transaction stays open, as in a process killed at this point
      });
      // Raw flow bytes on another topic: the transform copies bytes and never decodes them.
      const raw = rawFlowMessages(fixture.serde, fixture.topics.raw.topic, flows.slice(0, 100));
      await sendAll(
        fixture.bus,
        raw.map((m) => ({ ...m, topic: input })),
      );
      await waitFor(() => firstSent > 0, { timeoutMs: 60_000, description: 'the first instance wrote' });

      // The "restarted" instance: same transactional id (another group, so both read everything).
      const second = fixture.consumer({ groupId: `${fixture.runId}-second`, transactionalId });
      t.after(() => second.stop());
      let secondHandled = 0;
      const { running: secondRunning } = await startTransactional(second, input, async (batch) => {
        await second.transactionalProducer!.send(batch.messages.map((m) => outputOf(output, m)));
        secondHandled += batch.messages.length;
      });
      releaseFirst();
      await assert.rejects(firstRunning, (error: PipelineError) => {
        assert.equal(error.code, 'KAFKA_FENCED', error.message);
        assert.match(error.message, /fenced/);
        return true;
      });
      await waitFor(() => secondHandled >= 100, {
        timeoutMs: 90_000,
        description: 'the second instance wrote all',
      });
      await second.stop();
      await secondRunning;

      const seen = keysOnce(await readCommitted(fixture, output, 'fenced-reader'));
      assert.equal(seen.size, 100);
      assert.deepEqual(
        [...seen.values()].filter((n) => n !== 1),
        [],
        'the first instance wrote nothing visible',
      );
    });
  });
}
