import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFlowMeter } from '../../../../packages/core/src/capture/meter/index.ts';
import type { FlowRecord } from '../../../../packages/core/src/flow/flow-record.ts';
import { CLIENT, meter, SERVER, T0, udp } from './packets.ts';

const peer = (n: number) => ({ ip: `10.0.1.${n}`, port: 5000 + n });

describe('flow table: eviction, flush, numbering, the reused packet', () => {
  it('evicts the oldest flow when maxFlows are open, and counts it', () => {
    const { records, stats } = meter(
      'fixed',
      [
        udp(0, CLIENT, peer(1), 1),
        udp(1, CLIENT, peer(2), 2),
        udp(2, CLIENT, peer(1), 1),
        udp(3, CLIENT, peer(3), 3),
      ],
      { maxFlows: 2, noFlush: true },
    );
    assert.equal(stats.evicted, 1);
    assert.equal(stats.endedByReason.evicted, 1);
    assert.equal(records.length, 1);
    assert.equal(records[0]!.dstIp, peer(1).ip, 'the first flow started is the first evicted, busy or not');
    assert.equal(records[0]!.totFwdPkts, 2);
    assert.equal(stats.flowsOpen, 2);
  });

  it('cic counts an evicted flow of one packet as evicted, not written', () => {
    const { records, stats } = meter('cic', [udp(0, CLIENT, peer(1), 1), udp(1, CLIENT, peer(2), 2)], {
      maxFlows: 1,
      noFlush: true,
    });
    assert.equal(records.length, 0);
    assert.equal(stats.evicted, 1);
    assert.equal(stats.droppedSinglePacket, 1);
  });

  it('flush ends every open flow in the order they started; records are numbered as written', () => {
    const { records, stats } = meter('fixed', [
      udp(0, CLIENT, peer(3), 1),
      udp(1, CLIENT, peer(1), 1),
      udp(2, CLIENT, peer(2), 1),
      udp(3, peer(3), CLIENT, 1),
    ]);
    assert.deepEqual(
      records.map((r) => r.dstIp),
      [peer(3).ip, peer(1).ip, peer(2).ip],
    );
    assert.deepEqual(
      records.map((r) => r.recordId),
      ['test.pcap:1', 'test.pcap:2', 'test.pcap:3'],
    );
    assert.deepEqual(
      records.map((r) => r.source.line),
      [1, 2, 3],
    );
    assert.equal(stats.endedByReason.flush, 3);
    assert.equal(stats.flowsEnded, 3);
    assert.equal(stats.flowsOpen, 0);
  });

  it('copies what it keeps from the reused packet, and hands over the start time and the label', () => {
    const starts: number[] = [];
    const records: FlowRecord[] = [];
    const m = createFlowMeter({
      mode: 'cic',
      sourceName: 'x',
      label: 'DoS attacks-Hulk',
      onFlow: (r, start) => {
        starts.push(start);
        records.push(r);
      },
    });
    const p = udp(0, CLIENT, SERVER, 1);
    m.add(p);
    Object.assign(p, udp(7, SERVER, CLIENT, 2));
    m.add(p);
    Object.assign(p, { srcIp: '192.0.2.9', dstIp: '192.0.2.8', tsMicros: 0 });
    m.flush();
    assert.deepEqual(starts, [T0]);
    assert.equal(records.length, 1);
    const r = records[0]!;
    assert.equal(r.label, 'DoS attacks-Hulk');
    assert.equal(r.srcIp, CLIENT.ip);
    assert.equal(r.dstIp, SERVER.ip);
    assert.equal(r.totLenBwdPkts, 2);
    assert.equal(r.flowDuration, 7);
  });

  it('refuses bad settings', () => {
    const onFlow = () => {};
    assert.throws(
      () => createFlowMeter({ mode: 'x' as 'cic', sourceName: 's', onFlow }),
      /mode must be one of cic, fixed/,
    );
    assert.throws(() => createFlowMeter({ mode: 'cic', sourceName: 's', onFlow, maxFlows: 0 }), /maxFlows/);
    assert.throws(
      () => createFlowMeter({ mode: 'cic', sourceName: 's', onFlow, timeZone: 'Mars/Olympus' }),
      /time zone/,
    );
  });
});
