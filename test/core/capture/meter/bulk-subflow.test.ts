import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT, meter, SECOND, SERVER, udp } from './packets.ts';

describe('bulk transfers and subflows', () => {
  // Five 100-byte packets 10 µs apart up, one packet down, one more up.
  const bulk = [
    udp(0, CLIENT, SERVER, 100),
    udp(10, CLIENT, SERVER, 100),
    udp(20, CLIENT, SERVER, 100),
    udp(30, CLIENT, SERVER, 100),
    udp(40, CLIENT, SERVER, 100),
    udp(50, SERVER, CLIENT, 300),
    udp(60, CLIENT, SERVER, 100),
  ];

  it('fixed: a bulk is 4 or more payload packets one way within 1 s of each other', () => {
    const r = meter('fixed', bulk).records[0]!;
    assert.equal(r.fwdBytsPerBulkAvg, 500);
    assert.equal(r.fwdPktsPerBulkAvg, 5);
    assert.equal(r.fwdBlkRateAvg, 500 / (40 / 1e6));
    assert.equal(r.bwdBytsPerBulkAvg, 0);
    assert.equal(r.bwdPktsPerBulkAvg, 0);
    assert.equal(r.bwdBlkRateAvg, 0);
  });

  it('fixed: a packet the other way breaks a run; averages are not truncated', () => {
    const twoBulks = [
      ...bulk.slice(0, 4),
      udp(50, SERVER, CLIENT, 300),
      udp(60, CLIENT, SERVER, 10),
      udp(70, CLIENT, SERVER, 10),
      udp(80, CLIENT, SERVER, 10),
      udp(90, CLIENT, SERVER, 11),
      // A gap over 1 s starts a run again.
      udp(2 * SECOND, CLIENT, SERVER, 100),
    ];
    const r = meter('fixed', twoBulks).records[0]!;
    assert.equal(r.fwdBytsPerBulkAvg, (400 + 41) / 2);
    assert.equal(r.fwdPktsPerBulkAvg, 4);
    assert.equal(r.fwdBlkRateAvg, 441 / (60 / 1e6));
  });

  it('cic: no bulk is ever complete', () => {
    const r = meter('cic', bulk).records[0]!;
    assert.equal(r.fwdBytsPerBulkAvg, 0);
    assert.equal(r.fwdPktsPerBulkAvg, 0);
    assert.equal(r.fwdBlkRateAvg, 0);
  });

  const gaps = [
    udp(0, CLIENT, SERVER, 10),
    udp(SECOND / 2, CLIENT, SERVER, 10),
    udp(2 * SECOND, SERVER, CLIENT, 30),
    udp(2.5 * SECOND, CLIENT, SERVER, 10),
    udp(4 * SECOND, CLIENT, SERVER, 10),
    udp(5 * SECOND, CLIENT, SERVER, 10),
  ];

  it('fixed: subflows are split by gaps over 1 s; the features are means per subflow', () => {
    const r = meter('fixed', gaps).records[0]!;
    assert.equal(r.subflowFwdPkts, 5 / 3);
    assert.equal(r.subflowFwdByts, 50 / 3);
    assert.equal(r.subflowBwdPkts, 1 / 3);
    assert.equal(r.subflowBwdByts, 10);
  });

  it('cic: one subflow, the totals', () => {
    const r = meter('cic', gaps).records[0]!;
    assert.equal(r.subflowFwdPkts, 5);
    assert.equal(r.subflowFwdByts, 50);
    assert.equal(r.subflowBwdPkts, 1);
    assert.equal(r.subflowBwdByts, 30);
  });
});
