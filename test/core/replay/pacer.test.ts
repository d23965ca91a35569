import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Clock, Pacer, parseSpeed } from '../../../packages/core/src/replay/pacer.ts';

/** A clock that only moves when the pacer sleeps, so the schedule can be read exactly. */
function fakeClock(): Clock & { sleeps: number[]; time: number } {
  const clock = {
    time: 1000,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
    },
  };
  return clock;
}

describe('parseSpeed', () => {
  it('reads realtime, multiples and max', () => {
    assert.deepEqual(parseSpeed('realtime'), { mode: 'realtime', factor: 1 });
    assert.deepEqual(parseSpeed('10x'), { mode: 'realtime', factor: 10 });
    assert.deepEqual(parseSpeed('2.5x'), { mode: 'realtime', factor: 2.5 });
    assert.deepEqual(parseSpeed('max'), { mode: 'max' });
  });

  it('refuses anything else with a message naming the accepted forms', () => {
    assert.throws(() => parseSpeed('fast'), /realtime, <N>x/);
    assert.throws(() => parseSpeed('0x'), /realtime, <N>x/);
  });
});

describe('Pacer', () => {
  it('keeps the gaps between flow timestamps in real time', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ mode: 'realtime', factor: 1 }, null, clock);
    for (const t of [0, 0, 50, 1000]) await pacer.pace(t);
    assert.deepEqual(clock.sleeps, [50, 950]);
  });

  it('divides the gaps by the speed factor', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ mode: 'realtime', factor: 10 }, null, clock);
    for (const t of [0, 1000, 3000]) await pacer.pace(t);
    assert.deepEqual(clock.sleeps, [100, 200]);
  });

  it('does not wait for a flow stamped earlier than one already replayed, and counts it', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ mode: 'realtime', factor: 1 }, null, clock);
    for (const t of [0, 100, 40, 200]) await pacer.pace(t);
    assert.deepEqual(clock.sleeps, [100, 100]);
    assert.equal(pacer.outOfOrderCount, 1);
  });

  it('caps the rate at max speed', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ mode: 'max' }, 100, clock);
    for (let i = 0; i < 5; i += 1) await pacer.pace(null);
    assert.deepEqual(clock.sleeps, [10, 10, 10, 10]);
  });

  it('never sleeps at max speed without a rate', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ mode: 'max' }, null, clock);
    for (let i = 0; i < 1000; i += 1) await pacer.pace(i * 1000);
    assert.deepEqual(clock.sleeps, []);
  });

  it('refuses a non-positive rate', () => {
    assert.throws(() => new Pacer({ mode: 'max' }, 0), /positive number of flows\/s/);
  });
});
