import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FlowRecord } from '../../../packages/core/src/flow/flow-record.ts';
import type { RowRejection } from '../../../packages/core/src/flow/parse-row.ts';
import { orderFilesByTime } from '../../../packages/core/src/replay/file-order.ts';
import { type ReplaySink, replayFiles } from '../../../packages/core/src/replay/replay.ts';
import { fixture } from '../../fixtures/paths.ts';

class MemorySink implements ReplaySink {
  records: FlowRecord[] = [];
  rejects: RowRejection[] = [];
  sends = 0;
  async send(records: FlowRecord[], rejects: RowRejection[]): Promise<void> {
    this.records.push(...records);
    this.rejects.push(...rejects);
    this.sends++;
  }
}

const base = { speed: { mode: 'max' } as const, rate: null, limit: null, loop: false, batchSize: 4 };

describe('replayFiles', () => {
  it('hands every parsed row to the sink and every bad line as a reject, in file order', async () => {
    const sink = new MemorySink();
    const summary = await replayFiles({ ...base, paths: [fixture('traps.csv')] }, sink);
    // traps.csv: 16 data lines after the header, one blank line that is not a row.
    assert.equal(summary.rowsRead, 16);
    assert.equal(summary.produced + summary.rejected, summary.rowsRead);
    assert.deepEqual(summary.rejectedByReason, {
      HEADER_REPEAT: 1,
      BAD_NUMBER: 2,
      MISSING_VALUE: 1,
      BAD_FIELD_COUNT: 1,
      BAD_TIMESTAMP: 1,
    });
    assert.deepEqual(
      sink.rejects.map((r) => r.source.line),
      [5, 9, 10, 11, 12, 15],
    );
    const lines = sink.records.map((r) => r.source.line);
    assert.deepEqual(
      lines,
      [...lines].sort((a, b) => a - b),
    );
    assert.equal(sink.records.length, 10);
    assert.ok(sink.sends >= 4, 'batches of at most 4 rows');
  });

  it('reads on while up to maxInFlight sends await their acknowledgement, and counts them once acknowledged', async () => {
    let pending = 0;
    let mostPending = 0;
    const sink: ReplaySink = {
      send: () =>
        new Promise<void>((resolve) => {
          pending++;
          mostPending = Math.max(mostPending, pending);
          setTimeout(() => {
            pending--;
            resolve();
          }, 5);
        }),
    };
    const counts: number[] = [];
    const summary = await replayFiles(
      {
        ...base,
        paths: [fixture('traps.csv')],
        maxInFlight: 3,
        onProgress: (s) => counts.push(s.produced + s.rejected),
      },
      sink,
    );
    assert.equal(summary.produced + summary.rejected, 16);
    assert.equal(mostPending, 3);
    assert.equal(counts.at(-1), 16);
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => a - b),
    );
  });

  it('throws when a send fails, after the sends before it were acknowledged', async () => {
    let sends = 0;
    const sink: ReplaySink = {
      send: async () => {
        sends++;
        if (sends === 2) throw new Error('broker gone');
      },
    };
    await assert.rejects(
      replayFiles({ ...base, paths: [fixture('traps.csv')], maxInFlight: 2 }, sink),
      /broker gone/,
    );
  });

  it('stops at the limit, and loops over the files until it', async () => {
    const once = new MemorySink();
    const limited = await replayFiles({ ...base, paths: [fixture('cic2018-80.csv')], limit: 10 }, once);
    assert.equal(limited.rowsRead, 10);
    assert.equal(once.records.length, 10);

    const looped = new MemorySink();
    const summary = await replayFiles(
      { ...base, paths: [fixture('cic2018-80.csv')], loop: true, limit: 100 },
      looped,
    );
    assert.equal(summary.rowsRead, 100);
    assert.ok(summary.passes >= 3, `passes ${summary.passes}`);
    // The second pass starts again at the first data line.
    assert.equal(looped.records[37]!.recordId, looped.records[0]!.recordId);
  });

  it('paces at the requested rate', async () => {
    const sink = new MemorySink();
    const summary = await replayFiles(
      { ...base, paths: [fixture('cic2018-80.csv')], rate: 200, limit: 21 },
      sink,
    );
    // 21 rows at 200/s: the last one is due 100 ms after the first.
    assert.ok(summary.elapsedMs >= 95, `took ${summary.elapsedMs} ms`);
  });
});

describe('orderFilesByTime', () => {
  it('puts files by the time of their first flow, files without Timestamp last', async () => {
    const order = await orderFilesByTime([
      fixture('cic2018-79.csv'),
      fixture('cic2018-80.csv'),
      fixture('cic2017-trafficlabelling.csv'),
    ]);
    assert.deepEqual(order, [
      fixture('cic2017-trafficlabelling.csv'),
      fixture('cic2018-80.csv'),
      fixture('cic2018-79.csv'),
    ]);
  });
});

describe('replayFiles on packet captures', () => {
  it('meters captures among the day files and reports each one', async () => {
    const sink = new MemorySink();
    const summary = await replayFiles(
      {
        ...base,
        batchSize: 2000,
        paths: [fixture('traps.csv'), fixture('pcap/test_copy.pcap')],
        capture: { mode: 'cic', label: 'Benign' },
      },
      sink,
    );
    const metered = sink.records.filter((r) => r.source.file === 'test_copy.pcap');
    // CICFlowMeter's own CSV of this capture: 96 flows.
    assert.equal(metered.length, 96);
    assert.ok(metered.every((r) => r.label === 'Benign'));
    assert.equal(summary.captures.length, 1);
    assert.equal(summary.captures[0]!.meter.flowsEnded, 96);
    assert.equal(summary.produced, 10 + 96);
    assert.deepEqual(
      summary.files.at(-1),
      fixture('pcap/test_copy.pcap'),
      'captures after the timed day files',
    );
  });

  it('paced by the packets: at 1000x the capture spans its own time a thousand times faster', async () => {
    const sink = new MemorySink();
    const summary = await replayFiles(
      { ...base, speed: { mode: 'realtime', factor: 1000 }, paths: [fixture('pcap/WebattackSQLinj.pcap')] },
      sink,
    );
    assert.equal(summary.produced, 18);
    // The capture's flows end over 106.7 s of packet time (first to last, measured): 107 ms at 1000x.
    assert.ok(summary.elapsedMs >= 100, `took ${summary.elapsedMs} ms, so it waited for the packets' clock`);
  });
});
