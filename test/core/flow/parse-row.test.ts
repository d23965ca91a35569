import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { STAT_COLUMNS } from '../../../packages/core/src/flow/columns.ts';
import { detectLayout } from '../../../packages/core/src/flow/layouts.ts';
import { compileRowParser, type RowRejection } from '../../../packages/core/src/flow/parse-row.ts';
import { fixture } from '../../fixtures/paths.ts';

function linesOf(name: string): string[] {
  return readFileSync(fixture(name), 'utf8')
    .split('\n')
    .map((line) => line.replace(/\r$/, ''));
}

function parserFor(name: string) {
  const lines = linesOf(name);
  return { parser: compileRowParser(detectLayout(lines[0]!, name)), lines };
}

describe('compileRowParser', () => {
  for (const name of [
    'cic2018-80.csv',
    'cic2018-79.csv',
    'cic2018-84.csv',
    'cic2017-machinelearningcve.csv',
    'cic2017-trafficlabelling.csv',
    'cicflowmeter-v4.csv',
  ]) {
    it(`parses every row of ${name} to the numbers in its cells`, () => {
      const { parser, lines } = parserFor(name);
      const header = lines[0]!.split(',').map((h) => h.trim());
      let rows = 0;
      lines.slice(1).forEach((line, i) => {
        if (line.length === 0) return;
        const result = parser.parse(line, i + 2);
        assert.ok(result.ok, result.ok ? '' : result.message);
        const cells = line.split(',');
        const { record } = result;
        for (const column of STAT_COLUMNS) {
          // Find the cell by any of the column's names, independently of the layout code.
          const names = [column.header, ...column.aliases].map((n) => n.toLowerCase());
          const position = header.findIndex((h) => names.includes(h.toLowerCase()));
          assert.ok(position >= 0, `${column.header} in ${name}`);
          assert.equal(record[column.field], Number(cells[position]), `${column.field} line ${i + 2}`);
        }
        assert.equal(record.label, cells.at(-1));
        assert.deepEqual(record.source, { file: name, line: i + 2 });
        assert.equal(record.recordId, `${name}:${i + 2}`);
        rows++;
      });
      assert.equal(rows, lines.slice(1).filter(Boolean).length);
    });
  }

  it('fills identifiers where the layout has them and keys on Flow ID', () => {
    const { parser, lines } = parserFor('cic2017-trafficlabelling.csv');
    const result = parser.parse(lines[1]!, 2);
    assert.ok(result.ok);
    const r = result.record;
    assert.equal(r.flowId, '172.16.0.1-192.168.10.50-36196-80-6');
    assert.equal(r.flowKey, r.flowId);
    assert.equal(r.srcIp, '172.16.0.1');
    assert.equal(r.srcPort, 36196);
    assert.equal(r.dstIp, '192.168.10.50');
    assert.equal(r.dstPort, 80);
    assert.equal(r.protocol, 6);
    assert.equal(r.timestamp, '6/7/2017 10:40');
    assert.equal(r.label, 'Web Attack \u0096 Sql Injection');
  });

  it('keys on file:line and leaves absent identifiers null where the layout lacks them', () => {
    const { parser, lines } = parserFor('cic2017-machinelearningcve.csv');
    const result = parser.parse(lines[1]!, 2);
    assert.ok(result.ok);
    const r = result.record;
    assert.equal(r.flowKey, 'cic2017-machinelearningcve.csv:2');
    assert.equal(r.dstPort, 50545);
    for (const field of ['flowId', 'srcIp', 'srcPort', 'dstIp', 'protocol', 'timestamp'] as const) {
      assert.equal(r[field], null, field);
    }
  });

  it('gives every trap line of traps.csv its code, naming the column and the value', () => {
    const { parser, lines } = parserFor('traps.csv');
    const rejection = (line: number) => {
      const result = parser.parse(lines[line - 1]!, line);
      assert.ok(!result.ok, `line ${line} should be rejected`);
      return result as RowRejection;
    };
    assert.equal(rejection(5).code, 'HEADER_REPEAT');
    const fraction = rejection(9);
    assert.equal(fraction.code, 'BAD_NUMBER');
    assert.match(fraction.message, /^traps\.csv:9: column "Tot Fwd Pkts" holds "1\.5", not a whole number$/);
    const text = rejection(10);
    assert.equal(text.code, 'BAD_NUMBER');
    assert.match(text.message, /"Flow IAT Mean" holds "abc"/);
    const empty = rejection(11);
    assert.equal(empty.code, 'MISSING_VALUE');
    assert.match(empty.message, /"Fwd Pkt Len Max" is empty/);
    const short = rejection(12);
    assert.equal(short.code, 'BAD_FIELD_COUNT');
    assert.match(short.message, /79 fields where the header has 80/);
    assert.deepEqual(short.source, { file: 'traps.csv', line: 12 });
    assert.equal(short.text, lines[11]);

    for (const line of [2, 3, 4, 6, 7, 8, 13, 14, 15, 16, 18]) {
      const result = parser.parse(lines[line - 1]!, line);
      assert.ok(result.ok, `line ${line}: ${result.ok ? '' : result.message}`);
    }
    const infinity = parser.parse(lines[2]!, 3);
    assert.ok(infinity.ok && infinity.record.flowBytsPerS === Number.POSITIVE_INFINITY);
    const nan = parser.parse(lines[3]!, 4);
    assert.ok(nan.ok && Number.isNaN(nan.record.flowPktsPerS));
    const float = parser.parse(lines[13]!, 14);
    assert.ok(float.ok && float.record.totLenBwdPkts === 1581);
  });

  it('reads a quoted line like its plain twin', () => {
    const { parser, lines } = parserFor('cic2018-79.csv');
    const plain = parser.parse(lines[1]!, 2);
    const cells = lines[1]!.split(',');
    cells[cells.length - 1] = `"${cells.at(-1)}"`;
    cells[0] = `"${cells[0]}"`;
    const quoted = parser.parse(cells.join(','), 2);
    assert.ok(plain.ok && quoted.ok);
    assert.deepEqual(quoted.record, plain.record);
    const withComma = parser.parse(`${cells.slice(0, -1).join(',')},"Benign, really"`, 3);
    assert.ok(withComma.ok && withComma.record.label === 'Benign, really');
  });
});
