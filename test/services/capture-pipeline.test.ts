import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { meterCapture } from '@netattack/core/capture';
import type { FlowRecord } from '@netattack/core/flow';
import { startServiceProcess, topicCount } from '@netattack/orchestration';
import { fixture } from '../fixtures/paths.ts';
import { waitFor } from '../support/wait-for.ts';
import { type Alert, type FlowScore, startTestDeployment } from './deployment-harness.ts';

/** Real captures: an nmap OS-fingerprint scan, a TCP reflection flood and a CIC-IDS2017 SQL injection. */
const CAPTURES = [
  fixture('pcap/activeosfingerprinting.pcapng'),
  fixture('pcap/amp.TCP.syn.optionallyACK.optionallysamePort.pcapng'),
  fixture('pcap/WebattackSQLinj.pcap'),
];

async function meteredOffline(path: string, stdin?: NodeJS.ReadableStream): Promise<FlowRecord[]> {
  const flows: FlowRecord[] = [];
  const options = stdin === undefined ? {} : { stdin: stdin as never, live: false };
  for await (const event of meterCapture(path, options)) {
    if (event.kind === 'flows') for (const r of event.results) flows.push(r.record);
  }
  return flows;
}

describe('packet captures through the Kafka pipeline', () => {
  it('a replayed capture comes out as one score per metered flow, and alerts', async () => {
    const expected = new Map<string, FlowRecord>();
    for (const path of CAPTURES)
      for (const flow of await meteredOffline(path)) expected.set(flow.recordId, flow);
    assert.ok(expected.size > 0);

    const pipeline = await startTestDeployment({ name: 'capture-replay' });
    try {
      assert.equal(await pipeline.replay(CAPTURES), 0, 'producer exits 0');
      await pipeline.waitUntilScored();
      const scores = await pipeline.read<FlowScore>(pipeline.connection.topics.scores);
      const alerts = await pipeline.read<Alert>(pipeline.connection.topics.alerts);
      const scored = new Map(scores.map((s) => [s.recordId, s]));
      assert.equal(scored.size, expected.size, 'every metered flow scored');
      for (const [recordId, flow] of expected) {
        const score = scored.get(recordId);
        assert.ok(score, `${recordId} scored`);
        assert.equal(score.label, flow.label);
      }
      const flagged = [...scored.values()].filter((s) => s.attackProbability >= s.threshold);
      assert.ok(flagged.length > 0, 'the scan and the flood raise alerts');
      assert.deepEqual(
        new Set(alerts.map((a) => a.recordId)),
        new Set(flagged.map((s) => s.recordId)),
        'one alert per flagged flow',
      );
      for (const alert of alerts) {
        const flow = expected.get(alert.recordId)!;
        assert.equal(alert.srcIp, flow.srcIp, 'the alert names the metered endpoints');
        assert.equal(alert.dstIp, flow.dstIp);
        assert.equal(alert.dstPort, flow.dstPort);
      }
    } finally {
      await pipeline.close();
    }
  });

  it('live: the producer meters standard input, emits flows as they end, and flushes the open ones on SIGTERM', async () => {
    const capture = fixture('pcap/WebattackSQLinj.pcap');
    const bytes = await readFile(capture);
    const all = await meteredOffline(capture);

    const pipeline = await startTestDeployment({ name: 'capture-live' });
    try {
      const producer = await startServiceProcess(
        'producer',
        { ...pipeline.env, DATA_PATHS: '-' },
        join(pipeline.logDir, 'producer-live.log'),
        { stdin: 'pipe' },
      );
      // tcpdump's pipe: the packets arrive, the pipe stays open.
      producer.child.stdin!.write(bytes);
      const raw = pipeline.connection.topics.raw;
      // Flows that a FIN or RST ended go out while the capture is still open...
      const early = await waitFor(
        async () => {
          const n = await topicCount(pipeline.connection, raw);
          return n > 0 ? n : false;
        },
        { timeoutMs: 60_000, description: 'flows produced while standard input is open' },
      );
      assert.ok(early <= all.length);
      // ...and the rest, still open, when the producer is told to stop.
      assert.equal(await producer.stop(), 0, 'graceful exit');
      assert.equal(await topicCount(pipeline.connection, raw), all.length, 'every flow produced once');
      await pipeline.waitUntilScored();
      const scores = await pipeline.read<FlowScore>(pipeline.connection.topics.scores);
      assert.equal(new Set(scores.map((s) => s.recordId)).size, all.length);
    } finally {
      await pipeline.close();
    }
  });
});
