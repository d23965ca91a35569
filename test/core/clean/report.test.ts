import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanDataset } from '../../../packages/core/src/clean/clean-dataset.ts';
import type { CleanFlow } from '../../../packages/core/src/clean/clean-flow.ts';
import {
  type CleaningReport,
  CleaningReportBuilder,
  emptyCleaningReport,
  mergeCleaningReports,
} from '../../../packages/core/src/clean/report.ts';
import type { RowRejection } from '../../../packages/core/src/flow/parse-row.ts';
import { fixture, SHARED_DATA_MISSING, sharedData } from '../../fixtures/paths.ts';

async function clean(
  paths: string[],
): Promise<{ report: CleaningReport; kept: CleanFlow[]; rejected: RowRejection[] }> {
  const builder = new CleaningReportBuilder();
  const kept: CleanFlow[] = [];
  const rejected: RowRejection[] = [];
  for await (const batch of cleanDataset(paths, builder, { onRejection: (r) => rejected.push(r) }))
    kept.push(...batch);
  return { report: builder.build(), kept, rejected };
}

describe('cleaning report', () => {
  it('accounts for every line of traps.csv', async () => {
    const { report, kept, rejected } = await clean([fixture('traps.csv')]);
    assert.equal(report.rowsIn, 16);
    assert.equal(report.rowsOut, 9);
    assert.equal(kept.length, 9);
    assert.deepEqual(
      rejected.map((r) => [r.source.line, r.code]),
      [
        [5, 'HEADER_REPEAT'],
        [9, 'BAD_NUMBER'],
        [10, 'BAD_NUMBER'],
        [11, 'MISSING_VALUE'],
        [12, 'BAD_FIELD_COUNT'],
        [15, 'BAD_TIMESTAMP'],
      ],
    );
    assert.deepEqual(report.perReason, {
      HEADER_REPEAT: 1,
      BAD_NUMBER: 2,
      MISSING_VALUE: 1,
      BAD_FIELD_COUNT: 1,
      BAD_TIMESTAMP: 1,
      RATE_NONFINITE: 3,
      NEGATIVE_RATE: 1,
      NEGATIVE_DURATION: 2,
      NEGATIVE_TIME: 1,
      WINDOW_UNSEEN: 1,
      TIMESTAMP_ADJUSTED: 2,
      DUPLICATE: 1,
    });
    assert.deepEqual(report.perFile['traps.csv'], {
      layout: 'cic2018-80',
      columnCount: 80,
      unknownColumns: [],
      duplicateColumns: [],
      rowsIn: 16,
      rowsOut: 9,
      perReason: report.perReason,
    });
    assert.deepEqual(report.perLabel, {
      'FTP-BruteForce': { rowsIn: 6, duplicates: 1, rowsOut: 5 },
      Benign: { rowsIn: 2, duplicates: 0, rowsOut: 2 },
      'SSH-Bruteforce': { rowsIn: 2, duplicates: 0, rowsOut: 2 },
    });
    assert.equal(report.policies.DUPLICATE, 'drop');
    assert.equal(report.policies.WINDOW_UNSEEN, 'flag');
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
  });

  it('merges reports of separate files into the report of both', async () => {
    const a = await clean([fixture('cic2018-84.csv')]);
    const b = await clean([fixture('cic2017-trafficlabelling.csv')]);
    const both = await clean([fixture('cic2018-84.csv'), fixture('cic2017-trafficlabelling.csv')]);
    assert.deepEqual(mergeCleaningReports(a.report, b.report), both.report);
    assert.deepEqual(mergeCleaningReports(emptyCleaningReport(), a.report), a.report);
    assert.equal(both.report.perFile['cic2017-trafficlabelling.csv']!.layout, 'cic2017-trafficlabelling');
    assert.deepEqual(both.report.perFile['cic2017-trafficlabelling.csv']!.duplicateColumns, [
      'Fwd Header Length.1',
    ]);
  });

  it('rows in = rows out + drops, per file and per label, on the shared slices', {
    skip: SHARED_DATA_MISSING,
  }, async () => {
    const { report, kept } = await clean([sharedData('cic2018'), sharedData('cic2017')]);
    assert.equal(report.rowsIn, 15_471 + 3_673);
    assert.equal(report.rowsOut, kept.length);
    const perFileOut = Object.values(report.perFile).reduce((sum, f) => sum + f.rowsOut, 0);
    const perLabelOut = Object.values(report.perLabel).reduce((sum, l) => sum + l.rowsOut, 0);
    assert.equal(perFileOut, kept.length);
    assert.equal(perLabelOut, kept.length);
    assert.equal(report.rowsIn - report.rowsOut, report.perReason.DUPLICATE);
    assert.equal(Object.keys(report.perFile).length, 11);
    assert.equal(report.perLabel.Benign!.rowsIn, 3101 + 1462 + 504 + 4054 + 199 + 721 + 812);
    assert.ok(report.labelConflicts.rows > 0);
  });
});
