import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  type FileSummary,
  type ReadFlowOptions,
  readFlowFiles,
  readFlowRows,
} from '../../../packages/core/src/flow/csv-reader.ts';
import { expandPaths } from '../../../packages/core/src/flow/expand-paths.ts';
import { normaliseLabel } from '../../../packages/core/src/flow/labels.ts';
import type { ParseResult } from '../../../packages/core/src/flow/parse-row.ts';
import { FIXTURES, fixture, REPO_ROOT, SHARED_DATA_MISSING, sharedData } from '../../fixtures/paths.ts';

const scratch = await mkdtemp(join(tmpdir(), 'netattack-reader-'));
after(() => rm(scratch, { recursive: true, force: true }));

interface Loaded {
  summaries: FileSummary[];
  results: ParseResult[];
  labels: Map<string, Map<string, number>>;
}

async function load(paths: string[], options: ReadFlowOptions = {}): Promise<Loaded> {
  const loaded: Loaded = { summaries: [], results: [], labels: new Map() };
  for await (const event of readFlowFiles(paths, options)) {
    if (event.kind === 'end') loaded.summaries.push(event.summary);
    if (event.kind !== 'rows') continue;
    for (const result of event.results) {
      loaded.results.push(result);
      if (!result.ok) continue;
      const perFile = loaded.labels.get(event.file) ?? new Map<string, number>();
      const label = normaliseLabel(result.record.label) ?? '(none)';
      perFile.set(label, (perFile.get(label) ?? 0) + 1);
      loaded.labels.set(event.file, perFile);
    }
  }
  return loaded;
}

/** Rows and label counts as ../shared/data/README.md states them (labels normalised). */
const SHARED_FILES: Record<
  string,
  { dir: string; layout: string; rows: number; labels?: Record<string, number> }
> = {
  'Wednesday-14-02-2018_slice.csv': {
    dir: 'cic2018',
    layout: 'cic2018-80',
    rows: 5594,
    labels: { Benign: 3101, 'SSH-Bruteforce': 1359, 'FTP-BruteForce': 1134 },
  },
  'label_Brute-Force-Web.csv': {
    dir: 'cic2018',
    layout: 'cic2018-79',
    rows: 2073,
    labels: { Benign: 1462, 'Brute Force -Web': 611 },
  },
  'label_Brute-Force-XSS.csv': {
    dir: 'cic2018',
    layout: 'cic2018-79',
    rows: 734,
    labels: { Benign: 504, 'Brute Force -XSS': 230 },
  },
  'label_DDOS-attack-LOIC-UDP.csv': {
    dir: 'cic2018',
    layout: 'cic2018-79',
    rows: 5784,
    labels: { Benign: 4054, 'DDOS attack-LOIC-UDP': 1730 },
  },
  'label_SQL-Injection.csv': {
    dir: 'cic2018',
    layout: 'cic2018-79',
    rows: 286,
    labels: { Benign: 199, 'SQL Injection': 87 },
  },
  'mixed-days_sample.csv': {
    dir: 'cic2018',
    layout: 'cic2018-79',
    rows: 1000,
    labels: {
      Benign: 721,
      'DDOS attack-HOIC': 67,
      'DDoS attacks-LOIC-HTTP': 57,
      'DoS attacks-Hulk': 53,
      Infilteration: 21,
      'SSH-Bruteforce': 21,
      'FTP-BruteForce': 20,
      Bot: 20,
      'DoS attacks-SlowHTTPTest': 15,
      'DoS attacks-GoldenEye': 4,
      'DoS attacks-Slowloris': 1,
    },
  },
  'Friday-07-07-2017_DDoS_trafficlabelling.csv': {
    dir: 'cic2017',
    layout: 'cic2017-trafficlabelling',
    rows: 1000,
    labels: { DDoS: 1000 },
  },
  'Friday-07-07-2017_PortScan_trafficlabelling.csv': {
    dir: 'cic2017',
    layout: 'cic2017-trafficlabelling',
    rows: 1000,
    labels: { PortScan: 1000 },
  },
  'Thursday-06-07-2017_SQLi_trafficlabelling.csv': {
    dir: 'cic2017',
    layout: 'cic2017-trafficlabelling',
    rows: 21,
    labels: { 'Web Attack - Sql Injection': 21 },
  },
  'Thursday-06-07-2017_XSS_trafficlabelling.csv': {
    dir: 'cic2017',
    layout: 'cic2017-trafficlabelling',
    rows: 652,
    labels: { 'Web Attack - XSS': 652 },
  },
  // The README names the four large classes and "6 small classes" without counts.
  'mixed-days_machinelearningcve.csv': { dir: 'cic2017', layout: 'cic2017-machinelearningcve', rows: 1000 },
  'test_copy.out_2018header.csv': {
    dir: 'pcap/yindavidyang_CICFlowMeter',
    layout: 'cic2018-84',
    rows: 96,
    labels: { '(none)': 96 },
  },
  'test.pcap.daily_2017header.csv': {
    dir: 'pcap/yindavidyang_CICFlowMeter',
    layout: 'cic2017-trafficlabelling',
    rows: 96,
    labels: { Benign: 96 },
  },
  'outtest_2017nospace_header.csv': {
    dir: 'pcap/yindavidyang_CICFlowMeter',
    layout: 'custom',
    rows: 96,
    labels: { '(none)': 96 },
  },
};

describe('readFlowFiles on the shared slices', { skip: SHARED_DATA_MISSING }, () => {
  for (const [file, expected] of Object.entries(SHARED_FILES)) {
    it(`loads ${expected.dir}/${file}: ${expected.rows} rows, no rejection, the README's labels`, async () => {
      const { summaries, labels } = await load([sharedData(expected.dir, file)]);
      const [summary] = summaries;
      assert.equal(summary!.layout, expected.layout);
      assert.equal(summary!.rowsRead, expected.rows);
      assert.equal(summary!.accepted, expected.rows);
      assert.deepEqual(summary!.rejections, {});
      assert.deepEqual(summary!.unknownColumns, []);
      if (expected.labels) assert.deepEqual(Object.fromEntries(labels.get(file)!), expected.labels);
    });
  }

  it("loads the 2017 MachineLearningCVE slice with the README's four large classes", async () => {
    const { labels } = await load([sharedData('cic2017', 'mixed-days_machinelearningcve.csv')]);
    const counts = labels.get('mixed-days_machinelearningcve.csv')!;
    assert.equal(counts.get('Benign'), 812);
    assert.equal(counts.get('DoS Hulk'), 81);
    assert.equal(counts.get('PortScan'), 58);
    assert.equal(counts.get('DDoS'), 35);
    assert.equal(counts.size, 4 + 6);
  });

  it('expands the two data directories to their eleven files in name order', async () => {
    const files = await expandPaths([sharedData('cic2018'), sharedData('cic2017')]);
    assert.equal(files.length, 11);
    assert.deepEqual(
      files.slice(0, 6).map((f) => f.slice(sharedData('cic2018').length + 1)),
      Object.keys(SHARED_FILES)
        .filter((f) => SHARED_FILES[f]!.dir === 'cic2018')
        .sort(),
    );
  });

  it('the bundled sample is the shared cic2018 folder, byte for byte', async () => {
    for (const [file, { dir }] of Object.entries(SHARED_FILES)) {
      if (dir !== 'cic2018') continue;
      const bundled = await readFile(join(REPO_ROOT, 'data', 'sample', 'cic2018', file));
      assert.ok(bundled.equals(await readFile(sharedData(dir, file))), file);
    }
  });
});

describe('readFlowFiles', () => {
  it('gives the same results whatever the chunk size (lines and UTF-8 split across chunks)', async () => {
    const paths = ['cic2018-79.csv', 'cic2017-trafficlabelling.csv', 'cic2017-raw-dash.csv', 'traps.csv'].map(
      fixture,
    );
    const whole = await load(paths);
    const tiny = await load(paths, { chunkBytes: 7 });
    assert.deepEqual(tiny.results, whole.results);
    assert.deepEqual(tiny.summaries, whole.summaries);
  });

  it('summarises the traps file: lines, blank lines, rejections by code', async () => {
    const { summaries } = await load([fixture('traps.csv')]);
    assert.deepEqual(summaries[0], {
      file: 'traps.csv',
      path: fixture('traps.csv'),
      layout: 'cic2018-80',
      columnCount: 80,
      unknownColumns: [],
      duplicateColumns: [],
      lines: 18,
      blankLines: 1,
      rowsRead: 16,
      accepted: 10,
      rejected: 6,
      rejections: { HEADER_REPEAT: 1, BAD_NUMBER: 2, MISSING_VALUE: 1, BAD_FIELD_COUNT: 1, BAD_TIMESTAMP: 1 },
    });
  });

  it('handles a BOM, CRLF and a last line without a line break', async () => {
    const source = (await readFile(fixture('cic2018-80.csv'), 'utf8')).split('\n').slice(0, 4);
    const path = join(scratch, 'bom-crlf.csv');
    await writeFile(path, `\ufeff${source.join('\r\n')}`);
    const { summaries, results } = await load([path]);
    assert.equal(summaries[0]!.layout, 'cic2018-80');
    assert.equal(results.length, 3);
    assert.ok(results.every((r) => r.ok && r.record.label !== null && !r.record.label.endsWith('\r')));
  });

  it('rejects an over-long line without holding it, and goes on', async () => {
    const source = (await readFile(fixture('cic2018-79.csv'), 'utf8')).split('\n');
    const path = join(scratch, 'long-line.csv');
    await writeFile(path, [source[0], 'x'.repeat(300_000), source[1], ''].join('\n'));
    const { results } = await load([path], { maxLineChars: 4096, chunkBytes: 1024 });
    assert.equal(results.length, 2);
    assert.ok(!results[0]!.ok && results[0]!.code === 'LINE_TOO_LONG' && results[0]!.text.length === 4096);
    assert.equal(results[0]!.column, null);
    assert.ok(results[1]!.ok && results[1]!.record.source.line === 3);
  });

  it('cuts an over-long line the same wherever the chunks fall, and reads control characters as a row', async () => {
    const source = (await readFile(fixture('cic2018-79.csv'), 'utf8')).split('\n');
    const path = join(scratch, 'long-in-chunk.csv');
    await writeFile(path, [source[0], 'y'.repeat(5000), '\u000b\u000c', ' \t ', source[1], ''].join('\n'));
    for (const chunkBytes of [65_536, 1000, 7]) {
      const { results, summaries } = await load([path], { maxLineChars: 4096, chunkBytes });
      assert.deepEqual(
        results.map((r) => (r.ok ? 'ok' : `${r.code} ${r.text.length}`)),
        ['LINE_TOO_LONG 4096', 'BAD_FIELD_COUNT 2', 'ok'],
        `chunks of ${chunkBytes}`,
      );
      assert.equal(summaries[0]!.blankLines, 1, 'the line of spaces and a tab');
    }
  });

  it('says which file lacks which column, and that an empty file has no header', async () => {
    const source = (await readFile(fixture('cic2018-79.csv'), 'utf8')).replace('Flow Byts/s,', '');
    const cut = join(scratch, 'cut.csv');
    await writeFile(cut, source);
    await assert.rejects(load([cut]), { code: 'MISSING_COLUMN', message: /^cut\.csv: .*"Flow Byts\/s"/ });
    const empty = join(scratch, 'empty.csv');
    await writeFile(empty, '\n\n');
    await assert.rejects(load([empty]), { code: 'MISSING_COLUMN', message: /empty\.csv: the file is empty/ });
  });

  it('readFlowRows yields every result of every file in order', async () => {
    const lines: number[] = [];
    for await (const result of readFlowRows([fixture('cic2018-84.csv'), fixture('cicflowmeter-v4.csv')])) {
      assert.ok(result.ok);
      lines.push(result.record.source.line);
    }
    assert.equal(lines.length, 30 + 1);
    assert.deepEqual(lines.slice(0, 3), [2, 3, 4]);
  });
});

describe('expandPaths', () => {
  it('keeps files, expands directories to sorted .csv files and captures, drops repeats', async () => {
    const files = await expandPaths([fixture('traps.csv'), FIXTURES, fixture('traps.csv')]);
    const csvs = files.filter((f) => f !== fixture('traps.csv'));
    assert.equal(files[0], fixture('traps.csv'));
    assert.deepEqual(csvs, [...csvs].sort());
    assert.ok(
      csvs.every((f) => /\.(csv|pcap|pcapng)$/.test(f)),
      csvs.join(' '),
    );
    assert.ok(csvs.includes(fixture('pcap/test_copy.pcap')), 'captures in sub-directories too');
    assert.equal(files.length, new Set(files).size);
  });

  it('finds the CSV files in sub-directories too, as a dataset folder per day or per source has them', async () => {
    const root = await mkdtemp(join(scratch, 'tree-'));
    await mkdir(join(root, 'day-2', 'inner'), { recursive: true });
    await mkdir(join(root, 'empty'));
    await writeFile(join(root, 'b.csv'), 'x\n');
    await writeFile(join(root, 'notes.txt'), 'not data\n');
    await writeFile(join(root, 'day-2', 'a.CSV'), 'x\n');
    await writeFile(join(root, 'day-2', 'inner', 'c.csv'), 'x\n');
    await writeFile(join(root, 'day-2', 'capture.pcapng'), 'x\n');
    assert.deepEqual(await expandPaths([root]), [
      join(root, 'b.csv'),
      join(root, 'day-2', 'a.CSV'),
      join(root, 'day-2', 'capture.pcapng'),
      join(root, 'day-2', 'inner', 'c.csv'),
    ]);
    assert.deepEqual(await expandPaths(['-']), ['-'], 'standard input stays as it is');
  });

  it('names a missing path', async () => {
    await assert.rejects(expandPaths([join(scratch, 'nope.csv')]), {
      code: 'FILE_NOT_FOUND',
      message: /nope\.csv/,
    });
  });
});
