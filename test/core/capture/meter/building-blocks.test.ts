import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cicFlowId, parseAddress } from '../../../../packages/core/src/capture/meter/flow-id.ts';
import { createTimestampFormatter } from '../../../../packages/core/src/capture/meter/flow-timestamp.ts';
import {
  STAT_SLOTS,
  statAdd,
  statCount,
  statMax,
  statMean,
  statMin,
  statStd,
  statSum,
  statVariance,
} from '../../../../packages/core/src/capture/meter/running-stats.ts';
import { SlotPool } from '../../../../packages/core/src/capture/meter/slot-pool.ts';

describe('running statistics (SummaryStatistics)', () => {
  it('reads NaN without values, 0 deviation for one, n - 1 deviation for more', () => {
    const s = new Float64Array(2 * STAT_SLOTS);
    assert.ok(Number.isNaN(statMean(s, STAT_SLOTS)));
    assert.ok(Number.isNaN(statStd(s, STAT_SLOTS)));
    assert.ok(Number.isNaN(statMax(s, STAT_SLOTS)));
    statAdd(s, STAT_SLOTS, 5);
    assert.equal(statStd(s, STAT_SLOTS), 0);
    assert.equal(statVariance(s, STAT_SLOTS), 0);
    for (const v of [1, 9, 2]) statAdd(s, STAT_SLOTS, v);
    assert.equal(statCount(s, STAT_SLOTS), 4);
    assert.equal(statSum(s, STAT_SLOTS), 17);
    assert.equal(statMean(s, STAT_SLOTS), 4.25);
    assert.equal(statMin(s, STAT_SLOTS), 1);
    assert.equal(statMax(s, STAT_SLOTS), 9);
    assert.ok(Math.abs(statVariance(s, STAT_SLOTS) - 12.916666666666666) < 1e-12);
    assert.equal(statCount(s, 0), 0, 'slots of another statistic untouched');
  });

  it('takes the mean incrementally, as Commons Math does, not as sum / n', () => {
    // CICFlowMeter prints 3.7187499999999996 for 714 bytes over 192 packets for the same reason.
    const s = new Float64Array(STAT_SLOTS);
    const values = [1076, 215, 754, 1323, 309, 1230];
    for (const v of values) statAdd(s, 0, v);
    assert.equal(statSum(s, 0) / values.length, 817.8333333333334);
    assert.equal(statMean(s, 0), 817.8333333333333);
  });
});

describe('Flow ID (BasicPacketInfo.generateFlowId)', () => {
  it('orders the addresses by Java signed bytes: 188.x before 10.x', () => {
    assert.equal(
      cicFlowId('10.200.2.252', '188.120.225.17', 61559, 8080, 6),
      '188.120.225.17-10.200.2.252-8080-61559-6',
    );
    assert.equal(
      cicFlowId('188.120.225.17', '10.200.2.252', 8080, 61559, 6),
      '188.120.225.17-10.200.2.252-8080-61559-6',
    );
    assert.equal(
      cicFlowId('172.16.0.1', '192.168.10.50', 36196, 80, 6),
      '172.16.0.1-192.168.10.50-36196-80-6',
    );
    assert.equal(
      cicFlowId('192.168.10.14', '40.83.143.209', 49545, 443, 6),
      '192.168.10.14-40.83.143.209-49545-443-6',
    );
    assert.equal(cicFlowId('10.0.0.5', '10.0.0.5', 2, 1, 17), '10.0.0.5-10.0.0.5-2-1-17');
  });

  it('reads IPv6 text, compressed or with an embedded IPv4 address', () => {
    const bytes = new Uint8Array(16);
    assert.equal(parseAddress('2001:db8::ff00:42:8329', bytes), 16);
    assert.deepEqual([...bytes], [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0xff, 0, 0, 0x42, 0x83, 0x29]);
    assert.equal(parseAddress('::ffff:192.0.2.1', bytes), 16);
    assert.deepEqual([...bytes.subarray(10)], [0xff, 0xff, 192, 0, 2, 1]);
    assert.equal(parseAddress('::', bytes), 16);
    assert.equal(parseAddress('fe80::1%eth0', bytes), 16);
    assert.equal(parseAddress('not an address', bytes), 0);
    assert.equal(parseAddress('1:2:3:4:5:6:7:8:9', bytes), 0);
  });
});

describe('Timestamp text', () => {
  const utc = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0) =>
    Date.UTC(y, mo - 1, d, h, mi, s, ms) * 1000;

  it('writes the reference files’ times in Atlantic time, 12-hour clock, no marker (cic)', () => {
    const cic = createTimestampFormatter('America/Moncton', false);
    assert.equal(cic(utc(2015, 3, 31, 11, 32, 22, 999)), '31/03/2015 08:32:22');
    assert.equal(cic(utc(2017, 7, 6, 13, 40, 7)), '06/07/2017 10:40:07');
    assert.equal(
      cic(utc(2018, 2, 14, 18, 5, 0)),
      '14/02/2018 02:05:00',
      'AST in winter, the afternoon as 02',
    );
    assert.equal(cic(utc(2018, 2, 14, 4, 5, 0)), '14/02/2018 12:05:00', 'hour 0 is 12');
  });

  it('adds AM/PM (fixed) and follows the zone it is given, across a DST change', () => {
    const fixed = createTimestampFormatter('America/Moncton', true);
    assert.equal(fixed(utc(2018, 2, 14, 18, 5, 0)), '14/02/2018 02:05:00 PM');
    assert.equal(
      createTimestampFormatter('Asia/Shanghai', true)(utc(2017, 7, 5, 11, 46, 12)),
      '05/07/2017 07:46:12 PM',
    );
    const utcText = createTimestampFormatter('UTC', true);
    assert.equal(utcText(utc(2017, 7, 5, 0, 0, 0)), '05/07/2017 12:00:00 AM');
    // 2018-03-11 02:00 AST became 03:00 ADT (06:00 UTC).
    assert.equal(fixed(utc(2018, 3, 11, 5, 59, 59)), '11/03/2018 01:59:59 AM');
    assert.equal(fixed(utc(2018, 3, 11, 6, 0, 0)), '11/03/2018 03:00:00 AM');
  });
});

describe('slot pool', () => {
  it('cuts zeroed views from pages and hands given-back views out again, zeroed', () => {
    const pool = new SlotPool(3, 2);
    const a = pool.acquire();
    const b = pool.acquire();
    const c = pool.acquire();
    assert.equal(a.buffer, b.buffer, 'one page for two slots');
    assert.notEqual(b.buffer, c.buffer, 'a new page for the third');
    a.fill(7);
    assert.deepEqual([...b], [0, 0, 0], 'slots do not overlap');
    pool.release(a);
    const again = pool.acquire();
    assert.equal(again, a);
    assert.deepEqual([...again], [0, 0, 0]);
  });
});
