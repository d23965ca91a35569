import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { STAT_COLUMNS } from '../../../packages/core/src/flow/columns.ts';
import { detectLayout } from '../../../packages/core/src/flow/layouts.ts';
import { fixture, SHARED_DATA_MISSING, sharedData } from '../../fixtures/paths.ts';

function headerOf(path: string): string {
  const text = readFileSync(path, 'latin1');
  return text.slice(0, text.indexOf('\n'));
}

describe('detectLayout', () => {
  const cases = [
    ['cic2018-80.csv', 'cic2018-80', 80],
    ['cic2018-79.csv', 'cic2018-79', 79],
    ['cic2018-84.csv', 'cic2018-84', 84],
    ['cic2017-machinelearningcve.csv', 'cic2017-machinelearningcve', 79],
    ['cic2017-trafficlabelling.csv', 'cic2017-trafficlabelling', 85],
    ['cicflowmeter-v4.csv', 'cicflowmeter-v4', 84],
  ] as const;
  for (const [file, name, columns] of cases) {
    it(`names ${file} ${name} and maps every statistic`, () => {
      const layout = detectLayout(headerOf(fixture(file)), file);
      assert.equal(layout.name, name);
      assert.equal(layout.columnCount, columns);
      assert.deepEqual(layout.unknownColumns, []);
      const positions = STAT_COLUMNS.map((c) => layout.index[c.field]);
      assert.ok(positions.every((p) => p >= 0));
      assert.equal(new Set(positions).size, STAT_COLUMNS.length, 'no two statistics share a column');
    });
  }

  it('maps the 2018 names by position as the file has them', () => {
    const layout = detectLayout(headerOf(fixture('cic2018-80.csv')), 'x.csv');
    assert.equal(layout.index.dstPort, 0);
    assert.equal(layout.index.protocol, 1);
    assert.equal(layout.index.timestamp, 2);
    assert.equal(layout.index.flowDuration, 3);
    assert.equal(layout.index.cwrFlagCnt, layout.header.indexOf('CWE Flag Count'));
    assert.equal(layout.index.label, 79);
    assert.equal(layout.index.flowId, -1);
  });

  it('maps the 2017 names with their leading spaces and reports the second Fwd Header Length', () => {
    const layout = detectLayout(headerOf(fixture('cic2017-machinelearningcve.csv')), 'ml.csv');
    assert.equal(layout.index.dstPort, layout.header.indexOf(' Destination Port'));
    assert.equal(layout.index.flowBytsPerS, layout.header.indexOf('Flow Bytes/s'));
    assert.equal(layout.index.initFwdWinByts, layout.header.indexOf('Init_Win_bytes_forward'));
    assert.equal(layout.index.fwdHeaderLen, layout.header.indexOf(' Fwd Header Length'));
    assert.deepEqual(layout.duplicateColumns, [
      {
        index: layout.header.indexOf(' Fwd Header Length.1'),
        name: ' Fwd Header Length.1',
        field: 'fwdHeaderLen',
      },
    ]);
    assert.equal(layout.index.protocol, -1);
    assert.equal(layout.index.timestamp, -1);
  });

  it('maps the V4 names (CWR, FWD Init Win Bytes)', () => {
    const layout = detectLayout(headerOf(fixture('cicflowmeter-v4.csv')), 'v4.csv');
    assert.equal(layout.index.cwrFlagCnt, layout.header.indexOf('CWR Flag Count'));
    assert.equal(layout.index.initFwdWinByts, layout.header.indexOf('FWD Init Win Bytes'));
    assert.equal(layout.index.totBwdPkts, layout.header.indexOf('Total Bwd packets'));
  });

  it('strips a byte-order mark from the header', () => {
    const layout = detectLayout(`\ufeff${headerOf(fixture('cic2018-79.csv'))}`, 'bom.csv');
    assert.equal(layout.name, 'cic2018-79');
    assert.equal(layout.header[0], 'Dst Port');
  });

  it('names the file and every missing statistic', () => {
    const header = headerOf(fixture('cic2018-79.csv'))
      .split(',')
      .filter((h) => h !== 'Flow Duration' && h !== 'Idle Min')
      .join(',');
    assert.throws(() => detectLayout(header, 'cut.csv'), {
      name: 'PipelineError',
      code: 'MISSING_COLUMN',
      message: /cut\.csv.*"Flow Duration", "Idle Min"/,
    });
  });

  it('reports unknown columns without failing, and calls the layout custom', () => {
    const layout = detectLayout(`${headerOf(fixture('cic2018-80.csv'))},Capture Host`, 'extra.csv');
    assert.equal(layout.name, 'custom');
    assert.deepEqual(layout.unknownColumns, [{ index: 80, name: 'Capture Host' }]);
  });

  it('loads the CICFlowMeter 2017 headers of the pcap reference output', {
    skip: SHARED_DATA_MISSING,
  }, () => {
    const dir = 'pcap/yindavidyang_CICFlowMeter';
    const daily = detectLayout(headerOf(sharedData(dir, 'test.pcap.daily_2017header.csv')), 'daily.csv');
    assert.equal(daily.name, 'cic2017-trafficlabelling');
    // Here the second Fwd Header Length has exactly the same name as the first.
    assert.deepEqual(
      daily.duplicateColumns.map((d) => [d.name, d.field]),
      [[' Fwd Header Length', 'fwdHeaderLen']],
    );
    const nospace = detectLayout(headerOf(sharedData(dir, 'outtest_2017nospace_header.csv')), 'nospace.csv');
    assert.equal(nospace.name, 'custom');
    assert.equal(nospace.index.initBwdWinByts, nospace.header.indexOf('Init Win Bytes Bwd'));
    assert.equal(nospace.index.fwdSegSizeMin, nospace.header.indexOf('Min Seg Size Fwd'));
    assert.deepEqual(nospace.unknownColumns, []);
  });
});
