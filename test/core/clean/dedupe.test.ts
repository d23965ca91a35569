import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { type CleanFlow, cleanFlow } from '../../../packages/core/src/clean/clean-flow.ts';
import { Deduper } from '../../../packages/core/src/clean/dedupe.ts';
import { STAT_COLUMNS } from '../../../packages/core/src/flow/columns.ts';
import { readFlowRows } from '../../../packages/core/src/flow/csv-reader.ts';
import { fixture, SHARED_DATA_MISSING, sharedData } from '../../fixtures/paths.ts';

async function cleanRows(paths: string[]): Promise<CleanFlow[]> {
  const rows: CleanFlow[] = [];
  for await (const result of readFlowRows(paths)) if (result.ok) rows.push(cleanFlow(result.record));
  return rows;
}

/** The same rules with exact keys in a Map: what the hashed table must reproduce. */
function reference(rows: CleanFlow[]) {
  const statsKey = (f: CleanFlow) => JSON.stringify([...STAT_COLUMNS.map((c) => f[c.field]), f.protocol]);
  const restKey = (f: CleanFlow) =>
    JSON.stringify([f.flowId, f.srcIp, f.srcPort, f.dstIp, f.dstPort, f.flowTime]);
  const seen = new Map<string, { label: string | null; rest: string }[]>();
  let duplicates = 0;
  let conflicts = 0;
  for (const f of rows) {
    const key = statsKey(f);
    const entries = seen.get(key) ?? [];
    if (entries.some((e) => e.label === f.label && e.rest === restKey(f))) {
      duplicates++;
      continue;
    }
    if (entries.some((e) => e.label !== f.label)) conflicts++;
    entries.push({ label: f.label, rest: restKey(f) });
    seen.set(key, entries);
  }
  return { duplicates, conflicts };
}

function run(rows: CleanFlow[], deduper = new Deduper()) {
  const kept = rows.filter((f) => !deduper.isDuplicate(f));
  return { kept, stats: deduper.stats() };
}

describe('Deduper', () => {
  it('drops the exact copy in traps.csv and nothing else', async () => {
    const rows = await cleanRows([fixture('traps.csv')]);
    const { kept, stats } = run(rows);
    assert.equal(rows.length, 10);
    assert.deepEqual(
      rows.filter((f) => !kept.includes(f)).map((f) => f.recordId),
      ['traps.csv:8'],
    );
    assert.equal(stats.duplicates, 1);
    assert.equal(stats.rowsSeen, 10);
  });

  it('treats rows that differ only in their label as a conflict, not a duplicate', async () => {
    const [row] = await cleanRows([fixture('cic2018-80.csv')]);
    const relabelled = { ...row!, recordId: 'x:9', label: 'Benign' };
    const { kept, stats } = run([row!, relabelled, { ...relabelled, recordId: 'x:10' }]);
    assert.equal(kept.length, 2);
    assert.equal(stats.duplicates, 1);
    assert.equal(stats.labelConflictRows, 1);
    assert.deepEqual(stats.labelConflictPairs, { 'FTP-BruteForce -> Benign': 1 });
  });

  it('counts numerically equal rows as equal whatever their spelling', async () => {
    const rows = await cleanRows([fixture('traps.csv')]);
    const line14 = rows.find((f) => f.recordId === 'traps.csv:14')!;
    assert.equal(line14.totLenBwdPkts, 1581);
    const respelled = { ...line14, recordId: 'other.csv:2', source: { file: 'other.csv', line: 2 } };
    assert.equal(run([line14, respelled]).stats.duplicates, 1);
  });

  it('matches an exact-key reference on all shared 2018 and 2017 rows, table growing from its minimum', {
    skip: SHARED_DATA_MISSING,
  }, async () => {
    const rows = await cleanRows([sharedData('cic2018'), sharedData('cic2017')]);
    assert.equal(rows.length, 15_471 + 3_673);
    const expected = reference(rows);
    const { stats } = run(rows);
    assert.equal(stats.duplicates, expected.duplicates);
    assert.equal(stats.labelConflictRows, expected.conflicts);
    assert.ok(stats.duplicates > 1000, `${stats.duplicates} duplicates`);
    assert.ok(stats.labelConflictRows > 0);
    // 16 bytes a slot, at most 70% full once grown: bounded by the distinct rows, not their size.
    const distinct = rows.length - stats.duplicates;
    assert.ok(
      stats.tableBytes <= 16 * 2 ** Math.ceil(Math.log2(distinct / 0.7)),
      `${stats.tableBytes} bytes`,
    );
  });

  it('a table sized up front gives the same verdicts', { skip: SHARED_DATA_MISSING }, async () => {
    const rows = await cleanRows([sharedData('cic2018', 'Wednesday-14-02-2018_slice.csv')]);
    const grown = run(rows).stats;
    const sized = run(rows, new Deduper({ expectedRows: rows.length })).stats;
    assert.deepEqual({ ...sized, tableBytes: 0 }, { ...grown, tableBytes: 0 });
    // In one file from one tool, a duplicate row is a repeated line of text.
    const lines = readFileSync(sharedData('cic2018', 'Wednesday-14-02-2018_slice.csv'), 'utf8')
      .split('\n')
      .slice(1)
      .filter(Boolean);
    assert.equal(grown.duplicates, lines.length - new Set(lines).size);
  });
});
