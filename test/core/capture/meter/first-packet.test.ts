import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT, meter, near, SERVER, tcp } from './packets.ts';

describe("the first packet's payload", () => {
  // A flow opened by a data packet (a capture that starts mid-connection, or UDP).
  const packets = [
    tcp(0, CLIENT, SERVER, 0x18, { payload: 300, header: 32 }),
    tcp(10, SERVER, CLIENT, 0x10, { header: 20 }),
    tcp(20, CLIENT, SERVER, 0x18, { payload: 100, header: 20 }),
  ];

  it('cic leaves it out of Fwd Act Data Pkts and counts it twice over the flow', () => {
    const r = meter('cic', packets).records[0]!;
    assert.equal(r.fwdActDataPkts, 1);
    // Payloads 300, 300, 0, 100.
    assert.ok(near(r.pktLenMean, 175));
    assert.ok(near(r.pktSizeAvg, 700 / 3));
    assert.equal(r.fwdSegSizeMin, 20);
    assert.equal(r.fwdHeaderLen, 52);
  });

  it('fixed counts it once, and as a data packet', () => {
    const r = meter('fixed', packets).records[0]!;
    assert.equal(r.fwdActDataPkts, 2);
    assert.ok(near(r.pktLenMean, 400 / 3));
    assert.ok(near(r.pktSizeAvg, 400 / 3));
    assert.equal(r.fwdSegSizeMin, 20);
  });
});
