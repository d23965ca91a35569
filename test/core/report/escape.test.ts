import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeText, slug } from '../../../packages/core/src/report/escape.ts';

describe('escapeText and slug', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    assert.equal(escapeText(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    assert.equal(escapeText('Web Attack \u0096 XSS'), 'Web Attack \u0096 XSS');
  });

  it('makes stable ids from real labels and file names', () => {
    assert.equal(slug('DoS attacks-SlowHTTPTest'), 'dos-attacks-slowhttptest');
    assert.equal(slug('label_SQL-Injection.csv'), 'label-sql-injection-csv');
    assert.equal(slug('***'), 'item');
  });
});
