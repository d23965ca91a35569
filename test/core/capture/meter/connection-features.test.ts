import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closedConnection, meter, near } from './packets.ts';

/**
 * One closed HTTP exchange through both modes, every feature worked out by hand (packets.ts has the
 * ten packets: handshake, 400 bytes up, 1000 down, FIN from the client, FIN back, last ACK).
 */

function assertNear(actual: number, expected: number, what: string): void {
  assert.ok(near(actual, expected), `${what}: ${actual}, expected ${expected}`);
}

describe('flow meter features, cic mode (CICFlowMeter-V4)', () => {
  const { records, stats } = meter('cic', closedConnection());
  const [main, appendix] = records;

  it('ends the flow at the first FIN; the FIN back and the last ACK make a second flow from the server', () => {
    assert.equal(records.length, 2);
    assert.equal(stats.endedByReason.fin, 1);
    assert.equal(stats.endedByReason.flush, 1);
    assert.equal(main!.totFwdPkts, 5);
    assert.equal(main!.totBwdPkts, 3);
    assert.equal(main!.flowDuration, 4300);
    assert.equal(appendix!.srcIp, '10.0.0.2');
    assert.equal(appendix!.srcPort, 80);
    assert.equal(appendix!.totFwdPkts, 1);
    assert.equal(appendix!.totBwdPkts, 1);
    assert.equal(appendix!.flowId, main!.flowId);
  });

  it('names the flow as CICFlowMeter does', () => {
    assert.equal(main!.flowId, '10.0.0.1-10.0.0.2-40000-80-6');
    assert.equal(main!.flowKey, main!.flowId);
    assert.equal(main!.srcIp, '10.0.0.1');
    assert.equal(main!.dstPort, 80);
    assert.equal(main!.protocol, 6);
    assert.equal(main!.timestamp, '14/02/2018 10:00:00');
    assert.equal(main!.recordId, 'test.pcap:1');
    assert.deepEqual(main!.source, { file: 'test.pcap', line: 1 });
    assert.equal(appendix!.recordId, 'test.pcap:2');
    assert.equal(main!.label, null);
  });

  it('packet lengths: per direction once, over the flow with the first packet twice', () => {
    assert.equal(main!.totLenFwdPkts, 400);
    assert.equal(main!.totLenBwdPkts, 1000);
    assert.equal(main!.fwdPktLenMax, 400);
    assert.equal(main!.fwdPktLenMin, 0);
    assertNear(main!.fwdPktLenMean, 80, 'fwd mean');
    assertNear(main!.fwdPktLenStd, Math.sqrt(32000), 'fwd std (n - 1)');
    assertNear(main!.bwdPktLenMean, 1000 / 3, 'bwd mean');
    assertNear(main!.bwdPktLenStd, Math.sqrt(1e6 / 3), 'bwd std');
    // Nine values: the SYN's 0 twice, then the other seven packets.
    assertNear(main!.pktLenMean, 1400 / 9, 'pkt len mean');
    assertNear(main!.pktLenVar, (1_160_000 - 1400 ** 2 / 9) / 8, 'pkt len var');
    assertNear(main!.pktLenStd, Math.sqrt((1_160_000 - 1400 ** 2 / 9) / 8), 'pkt len std');
    assert.equal(main!.pktLenMax, 1000);
    assertNear(main!.pktSizeAvg, 1400 / 8, 'pkt size avg: the doubled sum over 8 packets');
    assertNear(main!.fwdSegSizeAvg, 80, 'fwd seg size avg');
    assertNear(main!.bwdSegSizeAvg, 1000 / 3, 'bwd seg size avg');
  });

  it('rates and inter-arrival times', () => {
    assertNear(main!.flowBytsPerS, 1400 / 0.0043, 'bytes/s');
    assertNear(main!.flowPktsPerS, 8 / 0.0043, 'packets/s');
    assertNear(main!.fwdPktsPerS, 5 / 0.0043, 'fwd packets/s');
    assertNear(main!.bwdPktsPerS, 3 / 0.0043, 'bwd packets/s');
    assertNear(main!.flowIatMean, 4300 / 7, 'flow IAT mean');
    assert.equal(main!.flowIatMax, 1000);
    assert.equal(main!.flowIatMin, 100);
    assert.equal(main!.fwdIatTot, 4300);
    assertNear(main!.fwdIatMean, 1075, 'fwd IAT mean');
    assert.equal(main!.fwdIatMax, 3000);
    assert.equal(main!.fwdIatMin, 100);
    assert.equal(main!.bwdIatTot, 2200);
    assertNear(main!.bwdIatStd, Math.sqrt(20000), 'bwd IAT std');
  });

  it('headers, windows, data packets', () => {
    assert.equal(main!.fwdHeaderLen, 40 + 4 * 32);
    assert.equal(main!.bwdHeaderLen, 40 + 2 * 32);
    assert.equal(main!.fwdSegSizeMin, 32);
    assert.equal(main!.initFwdWinByts, 29200);
    // The last backward window, not the SYN-ACK's 28960.
    assert.equal(main!.initBwdWinByts, 235);
    assert.equal(main!.fwdActDataPkts, 1);
  });

  it('flags: the first packet only, in HashMap order', () => {
    // The SYN is the only flag counted, and it shows under "PSH Flag Cnt".
    assert.equal(main!.pshFlagCnt, 1);
    for (const f of [
      'finFlagCnt',
      'synFlagCnt',
      'rstFlagCnt',
      'ackFlagCnt',
      'urgFlagCnt',
      'cwrFlagCnt',
      'eceFlagCnt',
    ] as const) {
      assert.equal(main![f], 0, f);
    }
    assert.equal(main!.fwdPshFlags, 0);
    assert.equal(main!.bwdPshFlags, 0);
    // The appendix starts with FIN|ACK: FIN under "URG Flag Cnt", ACK under ACK.
    assert.equal(appendix!.urgFlagCnt, 1);
    assert.equal(appendix!.ackFlagCnt, 1);
    assert.equal(appendix!.finFlagCnt, 0);
  });

  it('down/up, subflows, bulk', () => {
    assert.equal(main!.downUpRatio, 0);
    assert.equal(appendix!.downUpRatio, 1);
    assert.equal(main!.subflowFwdPkts, 5);
    assert.equal(main!.subflowFwdByts, 400);
    assert.equal(main!.subflowBwdPkts, 3);
    assert.equal(main!.subflowBwdByts, 1000);
    for (const f of [
      'fwdBytsPerBulkAvg',
      'fwdPktsPerBulkAvg',
      'fwdBlkRateAvg',
      'bwdBytsPerBulkAvg',
      'bwdPktsPerBulkAvg',
      'bwdBlkRateAvg',
    ] as const) {
      assert.equal(main![f], 0, f);
    }
  });
});

describe('flow meter features, fixed mode', () => {
  const { records, stats } = meter('fixed', closedConnection(), { noFlush: true });
  const [flow] = records;

  it('ends the flow at the ACK after FINs both ways, before any flush', () => {
    assert.equal(records.length, 1);
    assert.equal(stats.endedByReason.fin, 1);
    assert.equal(stats.flowsOpen, 0);
    assert.equal(flow!.totFwdPkts, 6);
    assert.equal(flow!.totBwdPkts, 4);
    assert.equal(flow!.flowDuration, 4500);
    assert.equal(flow!.timestamp, '14/02/2018 10:00:00 AM');
  });

  it('counts every packet, each flag in its own column', () => {
    assert.equal(flow!.finFlagCnt, 2);
    assert.equal(flow!.synFlagCnt, 2);
    assert.equal(flow!.rstFlagCnt, 0);
    assert.equal(flow!.pshFlagCnt, 2);
    assert.equal(flow!.ackFlagCnt, 9);
    assert.equal(flow!.fwdPshFlags, 1);
    assert.equal(flow!.bwdPshFlags, 1);
  });

  it('the first packet once, true initial windows, the first data packet counted, a real ratio', () => {
    assertNear(flow!.pktLenMean, 140, 'pkt len mean over 10');
    assertNear(flow!.pktSizeAvg, 140, 'pkt size avg');
    assert.equal(flow!.initFwdWinByts, 29200);
    assert.equal(flow!.initBwdWinByts, 28960);
    assert.equal(flow!.fwdActDataPkts, 1);
    assertNear(flow!.downUpRatio, 4 / 6, 'down/up');
    assert.equal(flow!.subflowFwdPkts, 6);
    assert.equal(flow!.subflowBwdByts, 1000);
    assert.equal(flow!.fwdHeaderLen, 40 + 5 * 32);
    assert.equal(flow!.bwdHeaderLen, 40 + 3 * 32);
  });
});
