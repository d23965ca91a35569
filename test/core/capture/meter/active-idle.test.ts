import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT, meter, near, SECOND, SERVER, tcp, udp } from './packets.ts';

describe('Active and Idle (5 s activity timeout)', () => {
  const packets = [
    udp(0, CLIENT, SERVER, 1),
    udp(SECOND, SERVER, CLIENT, 1),
    udp(7 * SECOND, CLIENT, SERVER, 1),
    udp(8 * SECOND, CLIENT, SERVER, 1),
    udp(20 * SECOND, SERVER, CLIENT, 1),
  ];

  it('a gap over 5 s closes the active period and is idle time; the last period is never closed', () => {
    for (const mode of ['cic', 'fixed'] as const) {
      const r = meter(mode, packets).records[0]!;
      assert.equal(r.activeMean, SECOND, mode);
      assert.equal(r.activeStd, 0, mode);
      assert.equal(r.activeMax, SECOND, mode);
      assert.equal(r.idleMean, 9 * SECOND, mode);
      assert.equal(r.idleMax, 12 * SECOND, mode);
      assert.equal(r.idleMin, 6 * SECOND, mode);
      assert.ok(near(r.idleStd, Math.sqrt(18) * SECOND), `${mode}: idle std ${r.idleStd}`);
    }
  });

  it('an active period of one packet is not recorded, its idle gap is', () => {
    const r = meter('cic', [udp(0, CLIENT, SERVER, 1), udp(6 * SECOND, CLIENT, SERVER, 1)]).records[0]!;
    assert.equal(r.activeMean, 0);
    assert.equal(r.idleMean, 6 * SECOND);
  });

  it('cic: the FIN that ends a flow skips the update; fixed counts its gap', () => {
    const close = [
      tcp(0, CLIENT, SERVER, 0x10),
      tcp(SECOND, SERVER, CLIENT, 0x10),
      tcp(60 * SECOND, CLIENT, SERVER, 0x11),
      tcp(60 * SECOND + 5, SERVER, CLIENT, 0x11),
      tcp(60 * SECOND + 9, CLIENT, SERVER, 0x10),
    ];
    const cic = meter('cic', close).records[0]!;
    assert.equal(cic.idleMean, 0);
    assert.equal(cic.activeMean, 0);
    const fixed = meter('fixed', close).records[0]!;
    assert.equal(fixed.idleMean, 59 * SECOND);
    assert.equal(fixed.activeMean, SECOND);
  });

  it('honours another activity timeout', () => {
    const r = meter('cic', packets, { activityTimeoutMicros: 500_000 }).records[0]!;
    assert.equal(r.idleMin, SECOND);
  });
});
