import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseTimestamp } from '../../../packages/core/src/flow/timestamp.ts';
import { fixture } from '../../fixtures/paths.ts';

function timestampCells(name: string, column: number): string[] {
  const lines = readFileSync(fixture(name), 'utf8').split('\n').slice(1).filter(Boolean);
  return lines.map((line) => line.split(',')[column]!);
}

describe('parseTimestamp', () => {
  it('reads the 2018 form as UTC wall-clock time', () => {
    assert.deepEqual(parseTimestamp('14/02/2018 10:44:50'), {
      ok: true,
      epochMs: Date.UTC(2018, 1, 14, 10, 44, 50),
      adjusted: false,
    });
  });

  it('moves hours 1 to 7 without AM/PM to the afternoon and says so', () => {
    assert.deepEqual(parseTimestamp('14/02/2018 02:26:03'), {
      ok: true,
      epochMs: Date.UTC(2018, 1, 14, 14, 26, 3),
      adjusted: true,
    });
    assert.deepEqual(parseTimestamp('14/02/2018 07:59:59'), {
      ok: true,
      epochMs: Date.UTC(2018, 1, 14, 19, 59, 59),
      adjusted: true,
    });
    for (const [text, hour] of [
      ['14/02/2018 08:00:00', 8],
      ['14/02/2018 12:30:00', 12],
      ['14/02/2018 00:30:00', 0],
      ['14/02/2018 13:30:00', 13],
    ] as const) {
      const result = parseTimestamp(text);
      assert.ok(result.ok && !result.adjusted, text);
      assert.equal(result.epochMs, Date.UTC(2018, 1, 14, hour, text.endsWith(':00:00') ? 0 : 30), text);
    }
  });

  it('reads the short 2017 form, day first', () => {
    const cells = timestampCells('cic2017-trafficlabelling.csv', 6);
    assert.equal(cells[0], '6/7/2017 10:40');
    assert.deepEqual(parseTimestamp(cells[0]!), {
      ok: true,
      epochMs: Date.UTC(2017, 6, 6, 10, 40),
      adjusted: false,
    });
    assert.deepEqual(parseTimestamp('7/7/2017 3:58'), {
      ok: true,
      epochMs: Date.UTC(2017, 6, 7, 15, 58),
      adjusted: true,
    });
  });

  it('lets an explicit AM/PM win (CICFlowMeter-V4)', () => {
    const [cell] = timestampCells('cicflowmeter-v4.csv', 6);
    assert.equal(cell, '05/07/2017 07:46:12 PM');
    assert.deepEqual(parseTimestamp(cell!), {
      ok: true,
      epochMs: Date.UTC(2017, 6, 5, 19, 46, 12),
      adjusted: false,
    });
    assert.deepEqual(parseTimestamp('05/07/2017 07:46:12 AM'), {
      ok: true,
      epochMs: Date.UTC(2017, 6, 5, 7, 46, 12),
      adjusted: false,
    });
    const midnight = parseTimestamp('05/07/2017 12:01:00 AM');
    assert.ok(midnight.ok && midnight.epochMs === Date.UTC(2017, 6, 5, 0, 1));
  });

  it('every timestamp of the 2018 fixture parses, and only the 02:xx ones are adjusted', () => {
    const cells = timestampCells('cic2018-80.csv', 2);
    for (const cell of cells) {
      const result = parseTimestamp(cell);
      assert.ok(result.ok, cell);
      assert.equal(result.adjusted, cell.includes(' 02:'), cell);
    }
  });

  it('returns a reason for invalid text, never throws', () => {
    for (const text of [
      '',
      'yesterday',
      '31/02/2018 10:00:00',
      '14/13/2018 10:00:00',
      '14/02/2018 25:00:00',
      '14/02/2018 13:00:00 PM',
      '14/02/2018 10:61:00',
      '14/02/2018 10:44:61',
      '00/02/2018 10:00:00',
      '14/00/2018 10:00:00',
      '14/02/0018 10:00:00',
      '14/02/2018 00:30:00 AM',
      '14/02/2018 10:44:50 PM PM',
      '114/02/2018 10:44:50',
      '14/02/2018 10:444:50',
      '14/02/2018 10:44:',
      '14/02/2018 10',
      // one space only, and nothing around: a tab, a vertical tab or padding is a corrupt cell
      '14/02/2018\t10:44:50',
      '14/02/2018\u000b10:44:50',
      '14/02/2018  10:44:50',
      ' 14/02/2018 10:44:50',
      '14/02/2018 10:44:50 ',
      '14/02/2018 10:44:50  PM',
      '14/02/2018 10:44:50\u0000',
    ]) {
      const result = parseTimestamp(text);
      assert.equal(result.ok, false, text);
      assert.ok(
        !result.ok && result.reason.startsWith(`${JSON.stringify(text)}: `) && result.problem.length > 0,
      );
    }
    assert.deepEqual(parseTimestamp('yesterday'), {
      ok: false,
      reason: '"yesterday": the form is d/m/yyyy h:mm[:ss] [AM|PM]',
      problem: 'the form is d/m/yyyy h:mm[:ss] [AM|PM]',
    });
  });

  it('takes the marker with or without a space before it, in either case, with dots', () => {
    for (const text of [
      '05/07/2017 07:46:12PM',
      '05/07/2017 07:46:12 pm',
      '05/07/2017 07:46:12 p.m.',
      '5/7/2017 7:46 PM',
    ]) {
      const result = parseTimestamp(text);
      assert.ok(result.ok && !result.adjusted, text);
      assert.equal(result.epochMs, Date.UTC(2017, 6, 5, 19, 46, text.includes(':12') ? 12 : 0), text);
    }
  });
});
