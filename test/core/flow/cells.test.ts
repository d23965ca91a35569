import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  explainBadNumber,
  isBlankSpan,
  parseDoubleCell,
  parseDoubleSpan,
  parseLongCell,
  parseLongSpan,
} from '../../../packages/core/src/flow/cells.ts';
import { fixture } from '../../fixtures/paths.ts';

describe('number cells', () => {
  it('the span fast path gives exactly Number(text) for every numeric cell of the fixtures', () => {
    let checked = 0;
    for (const name of [
      'cic2018-80.csv',
      'cic2018-79.csv',
      'cic2017-machinelearningcve.csv',
      'cic2017-trafficlabelling.csv',
      'cicflowmeter-v4.csv',
    ]) {
      const lines = readFileSync(fixture(name), 'utf8').split('\n').slice(1).filter(Boolean);
      for (const line of lines) {
        let start = 0;
        for (const cell of line.replace(/\r$/, '').split(',')) {
          const end = start + cell.length;
          const expected = Number(cell);
          if (cell.length > 0 && !Number.isNaN(expected)) {
            assert.equal(parseDoubleSpan(line, start, end), expected, cell);
            checked++;
          }
          start = end + 1;
        }
      }
    }
    assert.ok(checked > 5000, `${checked} cells`);
  });

  it('agrees with Number() on generated decimals at the edges of the fast path', () => {
    const texts = [
      '0.1',
      '0.30000000000000004',
      '123456789012345',
      '1234567890123456',
      '-0.0',
      '1e3',
      '9.53E+07',
      '2.0824295E7',
      '1.063040878085208E7',
      '1E-5',
      '12345678901234567890',
      '1e-400',
      '3.7187499999999996',
      '99999999999999.9',
      '0.000000000000001',
    ];
    // A fixed linear congruential sequence: the same 2,000 decimals on every run.
    let state = 12345;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    for (let i = 0; i < 2000; i++) texts.push((next() * 10 ** ((i % 12) - 3)).toFixed(i % 10));
    for (const text of texts) {
      assert.ok(Object.is(parseDoubleSpan(`,${text},`, 1, text.length + 1), Number(text)), text);
    }
  });

  it('accepts whole numbers written as floats in long cells and refuses fractions', () => {
    assert.equal(parseLongCell('1581.0'), 1581);
    assert.equal(parseLongSpan('1581.0', 0, 6), 1581);
    assert.equal(parseLongCell('9.53E+07'), 95_300_000);
    assert.equal(parseLongCell('-1'), -1);
    assert.ok(Object.is(parseLongSpan('-0', 0, 2), 0));
    assert.equal(parseLongCell('1.5'), undefined);
    assert.equal(parseLongSpan('1.5', 0, 3), undefined);
    assert.equal(parseLongCell('Infinity'), undefined);
    assert.equal(parseLongCell('NaN'), undefined);
    assert.equal(parseLongCell('12abc'), undefined);
    assert.equal(parseLongCell('1e300'), undefined);
  });

  it('reads the non-finite spellings in double cells', () => {
    assert.equal(parseDoubleCell('Infinity'), Number.POSITIVE_INFINITY);
    assert.equal(parseDoubleCell('inf'), Number.POSITIVE_INFINITY);
    assert.equal(parseDoubleCell('-Infinity'), Number.NEGATIVE_INFINITY);
    assert.equal(parseDoubleSpan('x,-inf', 2, 6), Number.NEGATIVE_INFINITY);
    assert.ok(Number.isNaN(parseDoubleCell('NaN')));
    assert.ok(Number.isNaN(parseDoubleSpan('nan', 0, 3)));
    assert.equal(parseDoubleCell('abc'), undefined);
    assert.equal(parseDoubleCell('0x10'), undefined);
  });

  it('refuses every number form no CIC file writes (the decisions of clean/README.md)', () => {
    const refused = [
      ['0x1F', 'not a number'], // Number() reads 31
      ['0X1f', 'not a number'],
      ['0o17', 'not a number'],
      ['0b11', 'not a number'],
      ['-0x1F', 'not a number'],
      ['1_000', 'not a number'],
      ['-', 'not a number'], // a lone minus
      ['+', 'not a number'],
      ['+5', 'not a number'], // Number() reads 5; no CIC writer puts a plus before a number
      ['+Infinity', 'not a number'],
      ['-NaN', 'not a number'],
      ['.5', 'not a number'],
      ['5.', 'not a number'],
      ['-.5', 'not a number'],
      ['1e', 'not a number'],
      ['1e+', 'not a number'],
      ['e5', 'not a number'],
      ['1.2.3', 'not a number'],
      ['--1', 'not a number'],
      [' 5', 'not a number'], // Number() trims spaces; a padded cell is not how CIC writes numbers
      ['5 ', 'not a number'],
      ['\t5', 'not a number'],
      [' ', 'not a number'],
      ['', 'not a number'], // Number('') is 0; the row parser calls an empty cell MISSING_VALUE
      ['abc', 'not a number'],
      ['Infinit', 'not a number'],
      ['infinityy', 'not a number'],
      ['5\u0000', 'not a number'],
      ['5\ufffd', 'not a number'],
      ['1e400', 'out of the range of a double'], // Number() reads Infinity
      ['-1e400', 'out of the range of a double'],
      ['9'.repeat(400), 'out of the range of a double'],
    ] as const;
    for (const [text, why] of refused) {
      assert.equal(parseDoubleCell(text), undefined, JSON.stringify(text));
      assert.equal(parseDoubleSpan(`,${text},`, 1, text.length + 1), undefined, JSON.stringify(text));
      assert.equal(parseLongCell(text), undefined, JSON.stringify(text));
      assert.equal(explainBadNumber(text, 'double'), why, JSON.stringify(text));
    }
    assert.equal(
      explainBadNumber('1e400', 'long'),
      'out of range (a whole number is at most 2^53 - 1 in size)',
    );
    assert.equal(
      explainBadNumber('1e300', 'long'),
      'out of range (a whole number is at most 2^53 - 1 in size)',
    );
    assert.equal(explainBadNumber('1.5', 'long'), 'not a whole number');
    assert.equal(explainBadNumber('Infinity', 'long'), 'not a whole number');
    assert.equal(explainBadNumber('0x1F', 'long'), 'not a number');
  });

  it('accepts the forms the CIC files and their re-saved copies write, and the non-finite spellings', () => {
    for (const [text, value] of [
      ['0', 0],
      ['-1', -1],
      ['117.1666667', 117.1666667],
      ['-12000000.0', -12_000_000],
      ['9.53E+07', 95_300_000],
      ['2.0824295E7', 20_824_295],
      ['1e-400', 0],
      ['007', 7],
    ] as const) {
      assert.equal(parseDoubleCell(text), value, text);
    }
    for (const text of ['Infinity', 'infinity', 'INF', 'inf', 'Inf']) {
      assert.equal(parseDoubleCell(text), Number.POSITIVE_INFINITY, text);
      assert.equal(parseDoubleCell(`-${text}`), Number.NEGATIVE_INFINITY, text);
    }
    for (const text of ['NaN', 'nan', 'NAN']) assert.ok(Number.isNaN(parseDoubleCell(text)), text);
  });

  it('tells blank spans apart', () => {
    assert.ok(isBlankSpan('a,,b', 2, 2));
    assert.ok(isBlankSpan('a,  ,b', 2, 4));
    assert.ok(!isBlankSpan('a, 0,b', 2, 4));
  });
});
