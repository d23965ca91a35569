import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { type CaptureSummary, type MeterCaptureOptions, meterCapture } from '@netattack/core/capture';
import type { FlowRecord } from '@netattack/core/flow';
import { fixture } from '../../fixtures/paths.ts';
import { waitFor } from '../../support/wait-for.ts';

const CAPTURE = fixture('pcap/test_copy.pcap');

async function meterAll(
  path: string,
  options: MeterCaptureOptions = {},
): Promise<{ flows: FlowRecord[]; endedAtMs: number[]; summary: CaptureSummary }> {
  const flows: FlowRecord[] = [];
  const endedAtMs: number[] = [];
  let summary: CaptureSummary | undefined;
  for await (const event of meterCapture(path, options)) {
    if (event.kind === 'end') summary = event.summary;
    else {
      for (const result of event.results) flows.push(result.record);
      endedAtMs.push(...event.endedAtMs);
    }
  }
  assert.ok(summary, 'the stream ends with a summary');
  return { flows, endedAtMs, summary };
}

/** A capture's bytes written to a stream in chunks of `size`, the stream left open unless `end`. */
function streamOf(bytes: Buffer, size: number, end: boolean): PassThrough {
  const stream = new PassThrough();
  for (let at = 0; at < bytes.length; at += size) stream.write(bytes.subarray(at, at + size));
  if (end) stream.end();
  return stream;
}

/** The first `count` records of a classic pcap (24-byte header, 16-byte record headers), little-endian. */
function pcapPrefix(bytes: Buffer, count: number): Buffer {
  let at = 24;
  for (let i = 0; i < count; i++) at += 16 + bytes.readUInt32LE(at + 8);
  return bytes.subarray(0, at);
}

describe('meterCapture', () => {
  it('meters a real capture into the flows CICFlowMeter found in it, each with the time it ended', async () => {
    const { flows, endedAtMs, summary } = await meterAll(CAPTURE);
    // CICFlowMeter's own CSV for this capture (test_copy.out_2018header.csv) has 96 flows.
    assert.equal(flows.length, 96);
    assert.equal(summary.meter.flowsEnded, 96);
    assert.equal(
      summary.read.decoded + Object.values(summary.read.skipped).reduce((a, b) => a + (b ?? 0), 0),
      summary.read.packets,
    );
    assert.equal(endedAtMs.length, flows.length);
    const ids = new Set(flows.map((f) => f.recordId));
    assert.equal(ids.size, flows.length, 'every flow has its own record id');
    for (let i = 0; i < flows.length; i++) {
      const flow = flows[i]!;
      assert.match(flow.recordId, /^test_copy\.pcap:\d+$/);
      assert.ok(flow.srcIp !== null && flow.dstIp !== null && flow.protocol !== null, flow.recordId);
      assert.equal(flow.label, null, 'unlabelled without --label');
      // A flow ends at or after the last of its packets; its Flow Duration is part of that span.
      assert.ok(endedAtMs[i]! >= endedAtMs[0]! - 120_000, 'end times follow the capture clock');
    }
  });

  it('gives every flow the label asked for', async () => {
    const { flows } = await meterAll(CAPTURE, { label: 'Benign' });
    assert.ok(flows.every((f) => f.label === 'Benign'));
  });

  it('meters a stream in small chunks exactly as the file (records cut across chunks)', async () => {
    const bytes = await readFile(CAPTURE);
    const fromFile = await meterAll(CAPTURE);
    const fromStream = await meterAll('-', { stdin: streamOf(bytes, 4093, true), live: false });
    assert.deepEqual(
      fromStream.flows.map((f) => ({ ...f, recordId: '', flowKey: '', source: null })),
      fromFile.flows.map((f) => ({ ...f, recordId: '', flowKey: '', source: null })),
    );
    assert.equal(fromStream.summary.read.packets, fromFile.summary.read.packets);
  });

  it('on the signal, ends the open flows and hands them over before it stops (SIGTERM loses nothing)', async () => {
    const bytes = await readFile(CAPTURE);
    const prefix = pcapPrefix(bytes, 2000);
    const { flows: offline } = await meterAll('-', { stdin: streamOf(prefix, 65536, true), live: false });

    const abort = new AbortController();
    const stdin = streamOf(prefix, 65536, false); // still open, as tcpdump's pipe would be
    const flows: FlowRecord[] = [];
    let summary: CaptureSummary | undefined;
    const run = (async () => {
      for await (const event of meterCapture('-', { stdin, live: false, signal: abort.signal })) {
        if (event.kind === 'end') summary = event.summary;
        else for (const r of event.results) flows.push(r.record);
      }
    })();
    // Every byte of the prefix read (its last packets decoded) before the stop.
    await waitFor(() => stdin.readableLength === 0, { timeoutMs: 10_000, description: 'the prefix read' });
    await new Promise((resolve) => setImmediate(resolve));
    abort.abort();
    await run;
    assert.ok(summary);
    assert.equal(summary.read.packets, 2000);
    assert.equal(flows.length, offline.length, 'the open flows were flushed, not dropped');
    assert.ok(offline.length > 0);
  });

  it('live: a clock ends timed-out flows while no packet arrives', async () => {
    const bytes = await readFile(CAPTURE);
    const prefix = pcapPrefix(bytes, 300);
    const stdin = streamOf(prefix, 65536, false); // the pipe stays open and silent
    const abort = new AbortController();
    const flows: FlowRecord[] = [];
    const run = (async () => {
      for await (const event of meterCapture('-', {
        stdin,
        live: true,
        tickMs: 50,
        flowTimeoutMicros: 2_000_000,
        signal: abort.signal,
      })) {
        if (event.kind === 'flows') for (const r of event.results) flows.push(r.record);
      }
    })();
    const { flows: all } = await meterAll('-', {
      stdin: streamOf(prefix, 65536, true),
      live: false,
      flowTimeoutMicros: 2_000_000,
    });
    // Without the clock, flows that had not timed out by the last packet stay open on a silent pipe.
    const silent = streamOf(prefix, 65536, false);
    const stopSilent = new AbortController();
    let beforeStop = 0;
    const silentRun = (async () => {
      for await (const event of meterCapture('-', {
        stdin: silent,
        live: false,
        flowTimeoutMicros: 2_000_000,
        signal: stopSilent.signal,
      })) {
        if (event.kind === 'flows' && !stopSilent.signal.aborted) beforeStop += event.results.length;
      }
    })();
    await waitFor(() => silent.readableLength === 0, { timeoutMs: 10_000, description: 'the prefix read' });
    await new Promise((resolve) => setImmediate(resolve));
    stopSilent.abort();
    await silentRun;
    assert.ok(
      beforeStop < all.length,
      `some flows still open at the last packet (${beforeStop} of ${all.length} ended)`,
    );
    try {
      // Without the clock these flows would wait for the next packet or the end of the stream.
      await waitFor(() => flows.length >= all.length, {
        timeoutMs: 15_000,
        description: 'every flow ended by the clock',
      });
    } finally {
      abort.abort();
      await run;
    }
    assert.equal(flows.length, all.length);
  });
});
