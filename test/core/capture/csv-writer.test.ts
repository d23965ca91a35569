import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CIC2018_84_HEADER, compileCsvLineWriter, meterCapture } from '@netattack/core/capture';
import { detectLayout, type FlowRecord, readFlowFiles, STAT_COLUMNS } from '@netattack/core/flow';
import { fixture } from '../../fixtures/paths.ts';

const scratch = await mkdtemp(join(tmpdir(), 'netattack-capture-csv-'));
after(() => rm(scratch, { recursive: true, force: true }));

async function metered(path: string, label: string | null): Promise<FlowRecord[]> {
  const flows: FlowRecord[] = [];
  for await (const event of meterCapture(path, { label })) {
    if (event.kind === 'flows') for (const r of event.results) flows.push(r.record);
  }
  return flows;
}

describe('the 84-column CSV of metered flows', () => {
  it('has the CSE-CIC-IDS2018 84-column header', () => {
    assert.equal(CIC2018_84_HEADER.split(',').length, 84);
    assert.equal(detectLayout(CIC2018_84_HEADER, 'x.csv').name, 'cic2018-84');
  });

  it('reads back as the same records, every statistic to the bit', async () => {
    const flows = await metered(fixture('pcap/test_copy.pcap'), 'Benign, "quoted"');
    const toLine = compileCsvLineWriter();
    const path = join(scratch, 'flows.csv');
    await writeFile(path, `${CIC2018_84_HEADER}\n${flows.map(toLine).join('\n')}\n`);
    const back: FlowRecord[] = [];
    for await (const event of readFlowFiles([path])) {
      if (event.kind === 'file') assert.equal(event.layout.name, 'cic2018-84');
      if (event.kind === 'rows') {
        for (const r of event.results) {
          assert.ok(r.ok, r.ok ? '' : r.message);
          back.push(r.record);
        }
      }
    }
    assert.equal(back.length, flows.length);
    for (let i = 0; i < flows.length; i++) {
      const a = flows[i]!;
      const b = back[i]!;
      for (const c of STAT_COLUMNS) assert.ok(Object.is(a[c.field], b[c.field]), `${a.recordId} ${c.header}`);
      for (const f of [
        'flowId',
        'srcIp',
        'srcPort',
        'dstIp',
        'dstPort',
        'protocol',
        'timestamp',
        'label',
      ] as const) {
        assert.equal(b[f], a[f], `${a.recordId} ${f}`);
      }
    }
  });

  it('a capture among the day files reads as flows in the 84-column layout, with the capture counts', async () => {
    let flows = 0;
    let packets = 0;
    for await (const event of readFlowFiles([fixture('pcap/tcp_handshake.pcapng')])) {
      if (event.kind === 'file') assert.equal(event.layout.name, 'cic2018-84');
      if (event.kind === 'rows') {
        flows += event.results.length;
        assert.equal(event.endedAtMs?.length, event.results.length);
      }
      if (event.kind === 'end') {
        assert.ok(event.summary.capture);
        packets = event.summary.capture.read.packets;
        assert.equal(event.summary.accepted, flows);
      }
    }
    assert.ok(flows >= 1);
    assert.ok(packets >= 3, 'a handshake has three packets at least');
  });
});
