import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT, meter, SERVER, tcp, udp } from './packets.ts';

describe('one-packet and zero-duration flows', () => {
  it('cic drops a flow of one packet, and counts it', () => {
    const { records, stats } = meter('cic', [udp(0, CLIENT, SERVER, 10)]);
    assert.equal(records.length, 0);
    assert.equal(stats.droppedSinglePacket, 1);
    assert.equal(stats.flowsEnded, 0);
  });

  it('fixed writes it: rates -1 without a duration, inter-arrival times 0', () => {
    const { records } = meter('fixed', [udp(0, CLIENT, SERVER, 10)]);
    assert.equal(records.length, 1);
    const r = records[0]!;
    assert.equal(r.flowDuration, 0);
    assert.equal(r.flowBytsPerS, -1);
    assert.equal(r.flowPktsPerS, -1);
    assert.equal(r.flowIatMean, 0);
    assert.equal(r.flowIatMax, 0);
    assert.equal(r.fwdPktsPerS, 0);
    assert.equal(r.totLenFwdPkts, 10);
    assert.equal(r.initFwdWinByts, -1, 'no TCP window');
  });

  it('cic: two packets at the same microsecond divide by zero seconds', () => {
    const withBytes = meter('cic', [udp(0, CLIENT, SERVER, 10), udp(0, SERVER, CLIENT, 0)]).records[0]!;
    assert.equal(withBytes.flowBytsPerS, Number.POSITIVE_INFINITY);
    assert.equal(withBytes.flowPktsPerS, Number.POSITIVE_INFINITY);
    assert.equal(withBytes.fwdPktsPerS, 0);
    assert.equal(withBytes.flowIatMean, 0);
    const empty = meter('cic', [tcp(0, CLIENT, SERVER, 0x02), tcp(0, SERVER, CLIENT, 0x12)]).records[0]!;
    assert.ok(Number.isNaN(empty.flowBytsPerS), '0 bytes / 0 s');
    assert.equal(empty.flowPktsPerS, Number.POSITIVE_INFINITY);
  });

  it('cic: UDP and a flow without backward packets have window -1', () => {
    const r = meter('cic', [udp(0, CLIENT, SERVER, 10), udp(5, CLIENT, SERVER, 10)]).records[0]!;
    assert.equal(r.initFwdWinByts, -1);
    assert.equal(r.initBwdWinByts, -1);
    assert.equal(r.fwdHeaderLen, 16);
    assert.equal(r.fwdSegSizeMin, 8);
    const t = meter('cic', [tcp(0, CLIENT, SERVER, 0x02, { window: 512 }), tcp(5, CLIENT, SERVER, 0x02)])
      .records[0]!;
    assert.equal(t.initFwdWinByts, 512);
    assert.equal(t.initBwdWinByts, -1);
  });
});
