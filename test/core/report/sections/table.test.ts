import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { humanize, recordTable, table } from '../../../../packages/core/src/report/sections/table.ts';

describe('report tables', () => {
  it('escapes text cells and heads rows with a row header', () => {
    const markup = table(
      [
        { header: 'Label', cell: (r: string) => r },
        { header: 'n', cell: () => '1', numeric: true },
      ],
      ['Web Attack <XSS>'],
    );
    assert.match(markup, /<th scope="row">Web Attack &lt;XSS&gt;<\/th><td class="num">1<\/td>/);
  });

  it('lays out a record of objects as one column per flattened field', () => {
    const markup = recordTable(
      {
        'a.csv': { rowsIn: 10, rowsOut: 9, byReason: { DUPLICATE: 1 } },
        'b.csv': { rowsIn: 5, rowsOut: 5, byReason: { NON_FINITE: 0 } },
      },
      { keyHeader: 'File' },
    );
    const headers = [...markup.matchAll(/<th scope="col"[^>]*>([^<]+)<\/th>/g)].map((m) => m[1]);
    assert.deepEqual(headers, [
      'File',
      'Rows in',
      'Rows out',
      'By reason › DUPLICATE',
      'By reason › NON_FINITE',
    ]);
    assert.match(
      markup,
      /<th scope="row">b.csv<\/th><td class="num">5<\/td><td class="num">5<\/td><td class="num"><\/td><td class="num">0<\/td>/,
    );
    const counts = recordTable({ Benign: 10041 }, { keyHeader: 'Label', valueHeader: 'Rows' });
    assert.match(counts, />Rows<\/th>.*<td class="num">10,041<\/td>/);
  });

  it('humanizes camelCase keys and leaves codes alone', () => {
    assert.equal(humanize('rowsIn'), 'Rows in');
    assert.equal(humanize('nEstimators'), 'N estimators');
    assert.equal(humanize('NEGATIVE_DURATION'), 'NEGATIVE_DURATION');
  });
});
