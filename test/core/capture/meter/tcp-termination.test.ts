import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT, meter, SERVER, tcp } from './packets.ts';

const SYN = 0x02;
const ACK = 0x10;
const FIN_ACK = 0x11;
const RST = 0x04;
const RST_ACK = 0x14;
const PSH_ACK = 0x18;

describe('TCP flow termination', () => {
  it('cic: the first FIN from either side ends the flow, with the FIN as its last packet', () => {
    const { records, stats } = meter(
      'cic',
      [
        tcp(0, CLIENT, SERVER, SYN),
        tcp(10, SERVER, CLIENT, 0x12),
        tcp(20, SERVER, CLIENT, FIN_ACK),
        tcp(30, CLIENT, SERVER, ACK),
        tcp(40, CLIENT, SERVER, FIN_ACK),
      ],
      { noFlush: true },
    );
    assert.equal(records.length, 2, 'the server FIN ends the first flow, the client FIN the second');
    assert.equal(records[0]!.totFwdPkts + records[0]!.totBwdPkts, 3);
    assert.equal(records[1]!.srcIp, CLIENT.ip, 'the packet after a FIN starts a flow in its own direction');
    assert.equal(records[1]!.totFwdPkts, 2);
    assert.equal(stats.endedByReason.fin, 2);
  });

  it('a FIN that opens a flow: cic ignores it, fixed counts it towards the teardown', () => {
    const packets = [
      tcp(0, CLIENT, SERVER, FIN_ACK),
      tcp(10, SERVER, CLIENT, FIN_ACK),
      tcp(20, CLIENT, SERVER, ACK),
    ];
    const cic = meter('cic', packets, { noFlush: true });
    assert.equal(cic.records.length, 1, 'the second FIN ends the flow');
    assert.equal(cic.records[0]!.totFwdPkts + cic.records[0]!.totBwdPkts, 2);
    assert.equal(cic.stats.flowsOpen, 1, 'the last ACK opens another');
    const fixed = meter('fixed', packets, { noFlush: true });
    assert.equal(fixed.records.length, 1);
    assert.equal(
      fixed.records[0]!.totFwdPkts + fixed.records[0]!.totBwdPkts,
      3,
      'the ACK after both FINs ends it',
    );
    assert.equal(fixed.stats.flowsOpen, 0);
  });

  it('cic: RST is an ordinary packet', () => {
    const { records, stats } = meter(
      'cic',
      [tcp(0, CLIENT, SERVER, SYN), tcp(10, SERVER, CLIENT, RST_ACK), tcp(20, CLIENT, SERVER, SYN)],
      { noFlush: true },
    );
    assert.equal(records.length, 0);
    assert.equal(stats.flowsOpen, 1);
  });

  it('fixed: FINs both ways do not end the flow until the ACK that follows', () => {
    const { records } = meter(
      'fixed',
      [
        tcp(0, CLIENT, SERVER, PSH_ACK, { payload: 10 }),
        tcp(10, CLIENT, SERVER, FIN_ACK),
        tcp(20, SERVER, CLIENT, PSH_ACK, { payload: 5 }),
        tcp(30, SERVER, CLIENT, FIN_ACK),
      ],
      { noFlush: true },
    );
    assert.equal(records.length, 0, 'no ACK after the second FIN yet');
    const closed = meter(
      'fixed',
      [
        tcp(0, CLIENT, SERVER, PSH_ACK, { payload: 10 }),
        tcp(10, CLIENT, SERVER, FIN_ACK),
        tcp(20, SERVER, CLIENT, FIN_ACK),
        tcp(30, CLIENT, SERVER, ACK),
        tcp(40, CLIENT, SERVER, ACK),
      ],
      { noFlush: true },
    );
    assert.equal(closed.records.length, 1);
    assert.equal(closed.records[0]!.totFwdPkts, 3, 'the ACK after both FINs is the last packet');
    assert.equal(closed.stats.endedByReason.fin, 1);
    assert.equal(closed.stats.flowsOpen, 1, 'a later packet starts a new flow');
  });

  it('fixed: a RST ends the flow, and a lone RST is a flow of its own', () => {
    const { records, stats } = meter(
      'fixed',
      [tcp(0, CLIENT, SERVER, SYN), tcp(10, SERVER, CLIENT, RST_ACK), tcp(20, SERVER, CLIENT, RST)],
      { noFlush: true },
    );
    assert.equal(records.length, 2);
    assert.equal(records[0]!.totBwdPkts, 1);
    assert.equal(records[0]!.rstFlagCnt, 1);
    assert.equal(records[1]!.srcIp, SERVER.ip);
    assert.equal(records[1]!.totFwdPkts, 1);
    assert.equal(stats.endedByReason.rst, 2);
  });
});
