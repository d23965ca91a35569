import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { STAT_COLUMNS } from '../../../packages/core/src/flow/columns.ts';
import { detectLayout } from '../../../packages/core/src/flow/layouts.ts';
import {
  compileRowParser,
  ROW_REJECT_CODES,
  type RowRejection,
} from '../../../packages/core/src/flow/parse-row.ts';
import { fixture, REPO_ROOT } from '../../fixtures/paths.ts';

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
    assert.equal(rejection(5).column, null);
    const fraction = rejection(9);
    assert.equal(fraction.code, 'BAD_NUMBER');
    assert.equal(fraction.column, 'Tot Fwd Pkts');
    assert.match(fraction.message, /^traps\.csv:9: column "Tot Fwd Pkts" holds "1\.5", not a whole number$/);
    const text = rejection(10);
    assert.equal(text.code, 'BAD_NUMBER');
    assert.equal(text.column, 'Flow IAT Mean');
    assert.match(text.message, /"Flow IAT Mean" holds "abc", not a number$/);
    const empty = rejection(11);
    assert.equal(empty.code, 'MISSING_VALUE');
    assert.equal(empty.column, 'Fwd Pkt Len Max');
    assert.match(empty.message, /"Fwd Pkt Len Max" is empty/);
    const short = rejection(12);
    assert.equal(short.code, 'BAD_FIELD_COUNT');
    assert.equal(short.column, null);
    assert.match(short.message, /79 fields where the header has 80/);
    assert.deepEqual(short.source, { file: 'traps.csv', line: 12 });
    assert.equal(short.text, lines[11]);
    const impossible = rejection(15);
    assert.equal(impossible.code, 'BAD_TIMESTAMP');
    assert.equal(impossible.column, 'Timestamp');
    assert.match(
      impossible.message,
      /^traps\.csv:15: column "Timestamp" holds "31\/02\/2018 02:13:01", not a timestamp \(no such date\)$/,
    );

    for (const line of [2, 3, 4, 6, 7, 8, 13, 14, 16, 18]) {
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

  it('refuses a quote that breaks RFC 4180, naming the cell', () => {
    const { parser, lines } = parserFor('cic2018-79.csv');
    const cells = lines[1]!.split(',');
    const withCell = (index: number, value: string) =>
      cells.map((c, i) => (i === index ? value : c)).join(',');
    const last = cells.length - 1;
    for (const [line, column, problem] of [
      [withCell(last, '"Benign'), 'Label', /has a quote that is never closed/],
      [withCell(last, 'Ben"ign'), 'Label', /has a quote inside an unquoted cell/],
      [withCell(0, '"80"x'), 'Dst Port', /has text after its closing quote/],
      [withCell(0, '"80'), 'Dst Port', /never closed/],
      [`${lines[1]}"`, 'Label', /quote inside an unquoted cell/],
      [`${lines[1]},"`, 'field 80', /never closed/],
    ] as const) {
      const result = parser.parse(line, 9);
      assert.ok(!result.ok, line);
      assert.equal(result.code, 'BAD_QUOTING', line);
      assert.equal(result.column, column, line);
      assert.match(result.message, problem);
      assert.equal(result.text, line);
    }
    const quotedQuote = parser.parse(withCell(last, '"Benign ""quoted"""'), 9);
    assert.ok(quotedQuote.ok && quotedQuote.record.label === 'Benign "quoted"');
  });
});

/**
 * The malformed kinds of issue 9, each edited into a real row of its layout: what every cell may hold
 * is the table in packages/core/src/clean/README.md.
 */
describe('every cell of a row parses under its column rule, or the row is refused naming the column', () => {
  function editor(name: string, line = 2) {
    const { parser, lines } = parserFor(name);
    const header = lines[0]!.split(',').map((h) => h.trim());
    const cells = lines[line - 1]!.split(',');
    const edit = (edits: Record<string, string>) =>
      cells.map((cell, i) => (Object.hasOwn(edits, header[i]!) ? edits[header[i]!]! : cell)).join(',');
    return { parser, lines, edit, header, cells };
  }

  function refused(name: string, edits: Record<string, string>, code: string, column: string, why?: RegExp) {
    const { parser, edit } = editor(name);
    const text = edit(edits);
    const result = parser.parse(text, 7);
    const label = `${name} ${JSON.stringify(edits)}`;
    assert.ok(!result.ok, `${label} was accepted`);
    assert.equal(result.code, code, `${label}: ${result.message}`);
    assert.equal(result.column, column, label);
    assert.ok(result.message.startsWith(`${name}:7: column ${JSON.stringify(column)} `), result.message);
    if (why) assert.match(result.message, why, label);
    assert.equal(result.text, text);
    assert.deepEqual(result.source, { file: name, line: 7 });
  }

  function accepted(name: string, edits: Record<string, string>) {
    const { parser, edit } = editor(name);
    const result = parser.parse(edit(edits), 7);
    assert.ok(result.ok, `${name} ${JSON.stringify(edits)}: ${result.ok ? '' : result.message}`);
    return result.record;
  }

  it('numbers: decimal as CIC writes them, nothing Number() would also take', () => {
    const day = 'cic2018-80.csv';
    refused(day, { 'Flow Duration': '0x1F' }, 'BAD_NUMBER', 'Flow Duration', /holds "0x1F", not a number$/);
    refused(day, { 'Flow IAT Mean': '0x1F' }, 'BAD_NUMBER', 'Flow IAT Mean', /not a number$/);
    refused(
      day,
      { 'Flow Byts/s': '1e400' },
      'BAD_NUMBER',
      'Flow Byts/s',
      /"1e400", out of the range of a double$/,
    );
    refused(day, { 'Tot Fwd Pkts': '1e400' }, 'BAD_NUMBER', 'Tot Fwd Pkts', /out of range/);
    refused(day, { 'Tot Fwd Pkts': '9007199254740993' }, 'BAD_NUMBER', 'Tot Fwd Pkts', /out of range/);
    refused(day, { 'Pkt Len Mean': '-' }, 'BAD_NUMBER', 'Pkt Len Mean', /holds "-", not a number$/);
    refused(day, { 'Fwd Pkt Len Max': '+5' }, 'BAD_NUMBER', 'Fwd Pkt Len Max');
    refused(day, { 'Fwd Pkt Len Max': ' 5' }, 'BAD_NUMBER', 'Fwd Pkt Len Max', /holds " 5", not a number$/);
    refused(day, { 'Fwd Pkt Len Max': '5 ' }, 'BAD_NUMBER', 'Fwd Pkt Len Max');
    refused(day, { 'Idle Min': 'twelve' }, 'BAD_NUMBER', 'Idle Min');
    refused(day, { 'Idle Min': '1\u0000' }, 'BAD_NUMBER', 'Idle Min', /holds "1\\u0000"/);
    refused(day, { 'Idle Min': '1\ufffd' }, 'BAD_NUMBER', 'Idle Min');
    refused(day, { 'Flow Duration': '' }, 'MISSING_VALUE', 'Flow Duration', /is empty$/);
    refused(day, { 'Flow Duration': '   ' }, 'MISSING_VALUE', 'Flow Duration');
    refused(day, { 'Flow Pkts/s': '' }, 'MISSING_VALUE', 'Flow Pkts/s');
    refused(day, { 'Flow Duration': '9'.repeat(5000) }, 'BAD_NUMBER', 'Flow Duration', /out of range/);

    const nonFinite = accepted(day, {
      'Flow Byts/s': 'Infinity',
      'Flow Pkts/s': 'NaN',
      'Fwd Pkts/s': '-inf',
    });
    assert.equal(nonFinite.flowBytsPerS, Number.POSITIVE_INFINITY);
    assert.ok(Number.isNaN(nonFinite.flowPktsPerS));
    assert.equal(nonFinite.fwdPktsPerS, Number.NEGATIVE_INFINITY);
    const resaved = accepted(day, {
      'Tot Fwd Pkts': '1581.0',
      'Flow IAT Max': '9.53E+07',
      'Flow Duration': '-1',
    });
    assert.equal(resaved.totFwdPkts, 1581);
    assert.equal(resaved.flowIatMax, 95_300_000);
    assert.equal(resaved.flowDuration, -1);
  });

  it('ports and protocol: whole numbers in their range; the layout has them, so they are not empty', () => {
    const day = 'cic2018-80.csv';
    refused(day, { 'Dst Port': '70000' }, 'BAD_NUMBER', 'Dst Port', /"70000", not a port \(0 to 65535\)$/);
    refused(day, { 'Dst Port': '-1' }, 'BAD_NUMBER', 'Dst Port');
    refused(day, { 'Dst Port': '0x15' }, 'BAD_NUMBER', 'Dst Port');
    refused(day, { 'Dst Port': '21.5' }, 'BAD_NUMBER', 'Dst Port');
    refused(day, { 'Dst Port': '' }, 'MISSING_VALUE', 'Dst Port');
    refused(day, { Protocol: '256' }, 'BAD_NUMBER', 'Protocol', /not an IP protocol number \(0 to 255\)$/);
    refused(day, { Protocol: '' }, 'MISSING_VALUE', 'Protocol');
    const resaved = accepted(day, { 'Dst Port': '21.0', Protocol: '6.0' });
    assert.equal(resaved.dstPort, 21);
    assert.equal(resaved.protocol, 6);
  });

  it('timestamps: the three CIC forms only; the 12-hour clock without AM/PM still parses', () => {
    const day = 'cic2018-80.csv';
    for (const bad of [
      'yesterday',
      '-',
      '0x1F',
      '2018-02-14 10:44:50',
      '14/02/2018',
      '14/02/18 10:44:50',
      '31/02/2018 10:00:00',
      '14/13/2018 10:00:00',
      '14/02/2018 25:00:00',
      '14/02/2018 10:61:00',
      '14/02/2018 13:00:00 PM',
      '14/02/2018 10:44:50 XM',
      '14/02/2018\t10:44:50',
      '14/02/2018\u000b10:44:50',
      '14/02/2018  10:44:50',
      ' 14/02/2018 10:44:50',
      '14/02/2018 10:44:50 ',
      '14/02/2018 10:44:50\u0000',
    ]) {
      refused(day, { Timestamp: bad }, 'BAD_TIMESTAMP', 'Timestamp', /, not a timestamp \(/);
    }
    refused(day, { Timestamp: '' }, 'MISSING_VALUE', 'Timestamp');
    for (const good of [
      '14/02/2018 02:26:03',
      '6/7/2017 3:58',
      '05/07/2017 07:46:12 PM',
      '05/07/2017 07:46:12PM',
    ]) {
      assert.equal(accepted(day, { Timestamp: good }).timestamp, good);
    }
  });

  it('labels: free text (a new attack name is kept), but not empty, binary or a page long', () => {
    const day = 'cic2018-80.csv';
    refused(day, { Label: '' }, 'MISSING_VALUE', 'Label');
    refused(day, { Label: '  ' }, 'MISSING_VALUE', 'Label');
    refused(day, { Label: 'Ben\u0000ign' }, 'BAD_TEXT', 'Label', /with a control character \(U\+0000\)$/);
    refused(day, { Label: 'Benign\r' }, 'BAD_TEXT', 'Label', /U\+000D/);
    refused(day, { Label: 'Ben\u007fign' }, 'BAD_TEXT', 'Label');
    refused(day, { Label: 'Ben\ufffdign' }, 'BAD_TEXT', 'Label', /U\+FFFD, bytes that are not UTF-8$/);
    refused(day, { Label: '\ufffd\ufffd' }, 'BAD_TEXT', 'Label');
    refused(day, { Label: 'Web Attack \u0096XSS' }, 'BAD_TEXT', 'Label');
    refused(day, { Label: 'x'.repeat(200) }, 'BAD_TEXT', 'Label', /200 characters, longer than a label/);
    assert.equal(accepted(day, { Label: 'Zero-Day Thing' }).label, 'Zero-Day Thing');
    assert.equal(accepted(day, { Label: 'Web Attack \ufffd XSS' }).label, 'Web Attack \ufffd XSS');
    assert.equal(accepted(day, { Label: 'Web Attack \u0096 XSS' }).label, 'Web Attack \u0096 XSS');
  });

  it('addresses and Flow IDs: IPv4 as CICFlowMeter writes it, or IPv6', () => {
    const flows = 'cic2017-trafficlabelling.csv';
    for (const bad of [
      '172.16.0.300',
      '172.16.0',
      '172.16.0.1.5',
      '172.016.0.1',
      ' 172.16.0.1',
      'localhost',
      '-',
    ]) {
      refused(flows, { 'Source IP': bad }, 'BAD_ADDRESS', 'Source IP', /, not an IP address$/);
    }
    refused(flows, { 'Destination IP': '' }, 'MISSING_VALUE', 'Destination IP');
    refused(
      flows,
      { 'Flow ID': 'abc' },
      'BAD_ADDRESS',
      'Flow ID',
      /not <src ip>-<dst ip>-<src port>-<dst port>-<protocol>$/,
    );
    refused(flows, { 'Flow ID': '172.16.0.1-192.168.10.50-36196-80-6-1' }, 'BAD_ADDRESS', 'Flow ID');
    refused(flows, { 'Flow ID': '172.16.0.1-192.168.10.50-36196-80' }, 'BAD_ADDRESS', 'Flow ID');
    refused(
      flows,
      { 'Flow ID': '172.16.0.1-192.168.10.x-36196-80-6' },
      'BAD_ADDRESS',
      'Flow ID',
      /no IP address/,
    );
    refused(flows, { 'Flow ID': '172.16.0.1-192.168.10.50-99999-80-6' }, 'BAD_ADDRESS', 'Flow ID', /port/);
    refused(
      flows,
      { 'Flow ID': '172.16.0.1-192.168.10.50-36196-80-600' },
      'BAD_ADDRESS',
      'Flow ID',
      /protocol/,
    );
    refused(flows, { 'Flow ID': '' }, 'MISSING_VALUE', 'Flow ID');
    refused(flows, { 'Source Port': '65536' }, 'BAD_NUMBER', 'Source Port');
    refused(flows, { 'Fwd Header Length.1': '0x1F' }, 'BAD_NUMBER', 'Fwd Header Length.1');
    const v6 = accepted(flows, {
      'Flow ID': 'fe80::1-ff02::1:2-546-547-17',
      'Source IP': 'fe80::1',
      'Destination IP': 'ff02::1:2',
    });
    assert.equal(v6.srcIp, 'fe80::1');
    assert.equal(v6.flowKey, 'fe80::1-ff02::1:2-546-547-17');
  });

  it('lines: wrong field counts, repeated headers and binary junk are refused as a whole', () => {
    const { parser, lines, cells } = editor('cic2018-80.csv');
    const cases: [string, string][] = [
      [cells.slice(0, -1).join(','), 'BAD_FIELD_COUNT'],
      [`${lines[1]},extra`, 'BAD_FIELD_COUNT'],
      [lines[1]!.slice(0, 40), 'BAD_FIELD_COUNT'],
      ['junk text, not a row', 'BAD_FIELD_COUNT'],
      ['\u0000\u0001\u0002\ufffd\ufffd', 'BAD_FIELD_COUNT'],
      [lines[0]!, 'HEADER_REPEAT'],
    ];
    for (const [text, code] of cases) {
      const result = parser.parse(text, 3);
      assert.ok(!result.ok, text);
      assert.equal(result.code, code, text);
      assert.equal(result.column, null);
      assert.equal(result.text, text);
    }
  });
});

describe('parse rejection codes', () => {
  it('clean/README.md documents every one', () => {
    const readme = readFileSync(`${REPO_ROOT}/packages/core/src/clean/README.md`, 'utf8');
    for (const code of ROW_REJECT_CODES) assert.match(readme, new RegExp(`\\|\\s*\`${code}\`\\s*\\|`), code);
  });
});
