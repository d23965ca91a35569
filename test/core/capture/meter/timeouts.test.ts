import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFlowMeter } from '../../../../packages/core/src/capture/meter/index.ts';
import type { FlowRecord } from '../../../../packages/core/src/flow/flow-record.ts';
import { CLIENT, meter, SECOND, SERVER, T0, tcp, udp } from './packets.ts';

describe('flow timeout (120 s from the first packet)', () => {
  it('keeps a packet exactly 120 s after the start, ends the flow at the first one later', () => {
    const { records, starts, stats } = meter('cic', [
      udp(0, CLIENT, SERVER, 10),
      udp(120 * SECOND, CLIENT, SERVER, 20),
      udp(120 * SECOND + 1, CLIENT, SERVER, 30),
      udp(121 * SECOND, CLIENT, SERVER, 40),
    ]);
    assert.equal(records.length, 2);
    assert.equal(records[0]!.totFwdPkts, 2);
    assert.equal(records[0]!.flowDuration, 120 * SECOND);
    assert.equal(stats.endedByReason.timeout, 1);
    assert.equal(starts[1], T0 + 120 * SECOND + 1);
    assert.equal(records[1]!.totLenFwdPkts, 70);
  });

  it('counts from the start, not from the last packet: a busy flow is cut too', () => {
    const packets = [];
    for (let s = 0; s <= 130; s += 10) packets.push(udp(s * SECOND, CLIENT, SERVER, 1));
    const { records, stats } = meter('cic', packets);
    // The 13 packets up to 120 s; the one at 130 s is a flow of its own, and alone: cic drops it.
    assert.deepEqual(
      records.map((r) => r.totFwdPkts),
      [13],
    );
    assert.equal(stats.droppedSinglePacket, 1);
  });

  it('cic: the next flow keeps the old Src, and its first packet counts as forward whoever sent it', () => {
    const { records } = meter('cic', [
      udp(0, CLIENT, SERVER, 1),
      udp(10 * SECOND, CLIENT, SERVER, 2),
      udp(130 * SECOND, SERVER, CLIENT, 7),
      udp(131 * SECOND, SERVER, CLIENT, 8),
      udp(132 * SECOND, CLIENT, SERVER, 9),
    ]);
    const next = records[1]!;
    assert.equal(next.srcIp, CLIENT.ip);
    assert.equal(next.srcPort, CLIENT.port);
    assert.equal(next.totFwdPkts, 2, 'the server packet at 130 s and the client one at 132 s');
    assert.equal(next.totLenFwdPkts, 16);
    assert.equal(next.totBwdPkts, 1);
    assert.equal(next.totLenBwdPkts, 8);
  });

  it('fixed: the next flow keeps the old Src; its packets go in their true direction', () => {
    const { records } = meter('fixed', [
      udp(0, CLIENT, SERVER, 1),
      udp(10 * SECOND, CLIENT, SERVER, 2),
      udp(130 * SECOND, SERVER, CLIENT, 7),
      udp(131 * SECOND, SERVER, CLIENT, 8),
      udp(132 * SECOND, CLIENT, SERVER, 9),
    ]);
    const next = records[1]!;
    assert.equal(next.srcIp, CLIENT.ip);
    assert.equal(next.totFwdPkts, 1);
    assert.equal(next.totLenFwdPkts, 9);
    assert.equal(next.totBwdPkts, 2);
    assert.equal(next.totLenBwdPkts, 15);
  });

  it('remembers the old Src for one more timeout period only', () => {
    for (const mode of ['cic', 'fixed'] as const) {
      const { records } = meter(mode, [
        udp(0, CLIENT, SERVER, 1),
        udp(10 * SECOND, CLIENT, SERVER, 1),
        udp(121 * SECOND, CLIENT, { ip: '10.0.0.3', port: 53 }, 1),
        udp(121 * SECOND + 1, { ip: '10.0.0.3', port: 53 }, CLIENT, 1),
        // The first flow timed out at 120 s; 240 s is the last moment its Src is remembered.
        udp(240 * SECOND + 1, SERVER, CLIENT, 1),
        udp(240 * SECOND + 2, CLIENT, SERVER, 1),
      ]);
      const last = records.at(-1)!;
      assert.equal(last.srcIp, SERVER.ip, mode);
      assert.equal(last.totFwdPkts, 1, mode);
    }
  });

  it('fixed: after a timeout a SYN without ACK is a new connection, its sender the new Src', () => {
    const { records } = meter('fixed', [
      tcp(0, CLIENT, SERVER, 0x10),
      tcp(121 * SECOND, SERVER, CLIENT, 0x02),
      tcp(122 * SECOND, CLIENT, SERVER, 0x12),
    ]);
    assert.equal(records.length, 2);
    assert.equal(records[1]!.srcIp, SERVER.ip);
    assert.equal(records[1]!.totFwdPkts, 1);
    assert.equal(records[1]!.totBwdPkts, 1);
  });

  it("ends a flow when another flow's packet moves the clock past its timeout", () => {
    const other = { ip: '10.0.0.3', port: 53 };
    const { records } = meter(
      'cic',
      [
        udp(0, CLIENT, SERVER, 1),
        udp(SECOND, CLIENT, SERVER, 1),
        udp(121 * SECOND, CLIENT, other, 1),
        udp(122 * SECOND, other, CLIENT, 1),
      ],
      { noFlush: true },
    );
    assert.equal(records.length, 1);
    assert.equal(records[0]!.dstIp, SERVER.ip);
  });

  it('advance() ends timed-out flows without a packet; an activity gap never ends a flow', () => {
    const written: FlowRecord[] = [];
    const m = createFlowMeter({
      mode: 'cic',
      sourceName: 'live',
      label: null,
      onFlow: (r) => written.push(r),
    });
    m.add(udp(0, CLIENT, SERVER, 1));
    m.add(udp(60 * SECOND, CLIENT, SERVER, 1));
    m.advance(T0 + 119 * SECOND);
    assert.equal(written.length, 0, '59 s without a packet is not a timeout');
    m.advance(T0 + 120 * SECOND);
    assert.equal(written.length, 0);
    m.advance(T0 + 120 * SECOND + 1);
    assert.equal(written.length, 1);
    assert.equal(m.stats().endedByReason.timeout, 1);
    assert.equal(m.stats().flowsOpen, 0);
  });

  it('honours other timeouts', () => {
    const { records } = meter('fixed', [udp(0, CLIENT, SERVER, 1), udp(3 * SECOND, CLIENT, SERVER, 1)], {
      flowTimeoutMicros: 2 * SECOND,
    });
    assert.equal(records.length, 2);
  });
});
