import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { type CleanFlow, cleanFlow } from '../../../packages/core/src/clean/clean-flow.ts';
import { CLEANING_FLAGS, CLEANING_REASONS } from '../../../packages/core/src/clean/reasons.ts';
import { STAT_COLUMNS } from '../../../packages/core/src/flow/columns.ts';
import type { FlowRecord } from '../../../packages/core/src/flow/flow-record.ts';
import { detectLayout } from '../../../packages/core/src/flow/layouts.ts';
import { compileRowParser } from '../../../packages/core/src/flow/parse-row.ts';
import { fixture, REPO_ROOT } from '../../fixtures/paths.ts';

function records(name: string): Map<number, FlowRecord> {
  const lines = readFileSync(fixture(name), 'utf8').split('\n');
  const parser = compileRowParser(detectLayout(lines[0]!, name));
  const out = new Map<number, FlowRecord>();
  lines.forEach((line, i) => {
    if (i === 0 || line.length === 0) return;
    const result = parser.parse(line.replace(/\r$/, ''), i + 1);
    if (result.ok) out.set(i + 1, result.record);
  });
  return out;
}

const traps = records('traps.csv');
const clean = (line: number): CleanFlow => cleanFlow(traps.get(line)!);

describe('cleanFlow', () => {
  it('leaves a clean row as it was, with time and label normalised', () => {
    const raw = traps.get(2)!;
    const out = clean(2);
    assert.deepEqual(out.cleaningFlags, []);
    for (const { field } of STAT_COLUMNS) assert.equal(out[field], raw[field], field);
    assert.equal(out.flowTime, Date.UTC(2018, 1, 14, 10, 44, 50));
    assert.equal(out.label, 'FTP-BruteForce');
    assert.equal(out.recordId, 'traps.csv:2');
    assert.equal(out.dstPort, 21);
    assert.equal(out.protocol, 6);
    assert.ok(!('timestamp' in out));
  });

  it('replaces Infinity by -1 and NaN by 0 in rates, flagged RATE_NONFINITE', () => {
    assert.equal(traps.get(3)!.flowBytsPerS, Number.POSITIVE_INFINITY);
    assert.equal(clean(3).flowBytsPerS, -1);
    assert.deepEqual(clean(3).cleaningFlags, ['RATE_NONFINITE']);
    assert.equal(clean(4).flowPktsPerS, 0);
    assert.deepEqual(clean(4).cleaningFlags, ['RATE_NONFINITE']);
    assert.equal(clean(16).flowPktsPerS, -1);
    assert.deepEqual(clean(16).cleaningFlags, ['RATE_NONFINITE', 'TIMESTAMP_ADJUSTED']);
  });

  it('treats the -1 the re-saved 2018 slices hold at zero duration as the same sentinel', () => {
    const slice = records('cic2018-79.csv');
    const raw = slice.get(15)!; // source line 2000: both rates -1 at zero duration
    assert.deepEqual([raw.flowDuration, raw.flowBytsPerS, raw.flowPktsPerS], [0, -1, -1]);
    const zeroDuration = cleanFlow(raw);
    assert.deepEqual([zeroDuration.flowBytsPerS, zeroDuration.flowPktsPerS], [-1, -1]);
    assert.deepEqual(zeroDuration.cleaningFlags, ['RATE_NONFINITE', 'WINDOW_UNSEEN']);
  });

  it('clips a negative duration and negative times to 0', () => {
    assert.equal(clean(6).flowDuration, 0);
    assert.deepEqual(clean(6).cleaningFlags, ['NEGATIVE_DURATION']);
    assert.equal(clean(13).flowIatMin, 0);
    assert.deepEqual(clean(13).cleaningFlags, ['NEGATIVE_TIME']);
  });

  it('sets rates made negative by a negative duration to the x/0 sentinel', () => {
    const out = clean(18);
    assert.equal(out.flowDuration, 0);
    assert.equal(out.flowBytsPerS, -1);
    assert.equal(out.flowPktsPerS, -1);
    assert.deepEqual(out.cleaningFlags, ['NEGATIVE_RATE', 'NEGATIVE_DURATION', 'TIMESTAMP_ADJUSTED']);
  });

  it('cleans the real negative-duration row of the 2017 MachineLearningCVE slice', () => {
    const ml = records('cic2017-machinelearningcve.csv');
    const raw = ml.get(17)!; // source line 455
    assert.equal(raw.flowDuration, -1);
    const out = cleanFlow(raw);
    assert.deepEqual(
      [out.flowDuration, out.flowBytsPerS, out.flowPktsPerS, out.flowIatMean, out.flowIatMax, out.flowIatMin],
      [0, -1, -1, 0, 0, 0],
    );
    assert.deepEqual(out.cleaningFlags, ['NEGATIVE_RATE', 'NEGATIVE_DURATION', 'NEGATIVE_TIME']);
    assert.equal(out.label, 'Benign');
  });

  it('keeps -1 windows as the no-window sentinel, flagged', () => {
    const out = clean(7);
    assert.equal(out.initFwdWinByts, -1);
    assert.equal(out.initBwdWinByts, -1);
    assert.deepEqual(out.cleaningFlags, ['WINDOW_UNSEEN']);
  });

  it('flags an adjusted and an invalid timestamp', () => {
    // The row parser refuses traps.csv:15 (31 February) with BAD_TIMESTAMP; a record another producer
    // put on flows.raw can still carry such text, and the cleaner keeps it, flagged.
    const impossible = cleanFlow({ ...traps.get(14)!, timestamp: '31/02/2018 02:13:01' });
    assert.deepEqual(impossible.cleaningFlags, ['TIMESTAMP_INVALID']);
    assert.equal(impossible.flowTime, null);
    const ssh = records('cic2018-80.csv').get(12)!;
    assert.equal(ssh.timestamp, '14/02/2018 02:26:03');
    assert.equal(cleanFlow(ssh).flowTime, Date.UTC(2018, 1, 14, 14, 26, 3));
    assert.ok(cleanFlow(ssh).cleaningFlags.includes('TIMESTAMP_ADJUSTED'));
  });

  it('normalises labels and flags unknown ones', () => {
    assert.equal(clean(14).label, 'Benign');
    assert.deepEqual(clean(14).cleaningFlags, []);
    const odd = cleanFlow({ ...traps.get(2)!, label: 'Zero-Day  Thing' });
    assert.equal(odd.label, 'Zero-Day Thing');
    assert.deepEqual(odd.cleaningFlags, ['LABEL_UNKNOWN']);
    const unlabelled = cleanFlow(records('cic2018-84.csv').get(2)!);
    assert.equal(unlabelled.label, null);
    assert.equal(unlabelled.flowKey, '188.120.225.17-10.200.2.252-8080-61559-6');
  });

  it('is pure: the input is untouched and equal inputs give equal outputs', () => {
    for (const [line, raw] of traps) {
      const before = structuredClone(raw);
      const first = cleanFlow(raw);
      assert.deepEqual(raw, before, `line ${line} changed`);
      assert.deepEqual(cleanFlow(structuredClone(raw)), first);
      assert.notEqual(first.source, raw.source);
    }
  });

  it('gives every row of every fixture finite statistics', () => {
    for (const name of ['cic2018-80.csv', 'cic2018-79.csv', 'cic2017-machinelearningcve.csv', 'traps.csv']) {
      for (const raw of records(name).values()) {
        const out = cleanFlow(raw);
        for (const { field } of STAT_COLUMNS) assert.ok(Number.isFinite(out[field]), `${name} ${field}`);
      }
    }
  });

  it('refuses what is not a flow record with a dead-letter code', () => {
    const raw = traps.get(2)!;
    assert.throws(() => cleanFlow({ ...raw, flowDuration: undefined as unknown as number }), {
      code: 'MISSING_VALUE',
      message: /traps\.csv:2: flowDuration/,
    });
    assert.throws(() => cleanFlow({ ...raw, totFwdPkts: '3' as unknown as number }), { code: 'BAD_NUMBER' });
    assert.throws(() => cleanFlow({ ...raw, recordId: '' }), { code: 'MISSING_VALUE' });
  });
});

describe('cleaning policies', () => {
  it('README.md documents every reason code with its policy', () => {
    const readme = readFileSync(`${REPO_ROOT}/packages/core/src/clean/README.md`, 'utf8');
    for (const [reason, policy] of Object.entries(CLEANING_REASONS)) {
      assert.match(readme, new RegExp(`\\|\\s*\`${reason}\`\\s*\\|\\s*${policy}\\s*\\|`), reason);
    }
    assert.equal(CLEANING_FLAGS.length, Object.keys(CLEANING_REASONS).length - 1);
  });
});
