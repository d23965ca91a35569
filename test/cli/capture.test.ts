import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fixture, SHARED_DATA_MISSING, sharedData } from '../fixtures/paths.ts';
import { runCli } from './run-cli.ts';

const scratch = await mkdtemp(join(tmpdir(), 'netattack-capture-cli-'));
after(() => rm(scratch, { recursive: true, force: true }));

describe('netattack capture', () => {
  it('writes the flows of a capture as an 84-column CSV that netattack evaluate reads like a day file', async () => {
    const csv = join(scratch, 'test_copy.csv');
    const result = await runCli([
      'capture',
      '--pcap',
      fixture('pcap/test_copy.pcap'),
      '--csv',
      csv,
      '--label',
      'Benign',
      '--json',
    ]);
    assert.equal(result.status, 0, result.stderr);
    const summary = JSON.parse(result.stdout);
    assert.equal(summary.mode, 'cic');
    // CICFlowMeter's own output for this capture has 96 flows.
    assert.equal(summary.flows, 96);
    const lines = (await readFile(csv, 'utf8')).trimEnd().split('\n');
    assert.equal(lines.length, 1 + 96);
    assert.equal(lines[0]!.split(',').length, 84);
    assert.ok(lines.slice(1).every((line) => line.endsWith(',Benign')));

    const evaluated = await runCli(['evaluate', '--model', 'models/default', '--data', csv, '--json']);
    assert.equal(evaluated.status, 0, evaluated.stderr);
    const output = JSON.parse(evaluated.stdout);
    assert.ok(output.rows > 0 && output.rows <= 96, `rows ${output.rows}`);
    assert.equal(output.perLabel.Benign.support, output.rows);
  });

  it('reads a capture from standard input and prints how its packets and flows were counted', async () => {
    const csv = join(scratch, 'stdin.csv');
    const result = await runCli(
      ['capture', '--pcap', '-', '--csv', csv],
      {},
      60_000,
      fixture('pcap/http_dvwa_sqlinjection.pcapng'),
    );
    assert.equal(result.status, 0, result.stderr);
    const flows = (await readFile(csv, 'utf8')).trimEnd().split('\n').length - 1;
    assert.ok(flows > 0);
    assert.match(result.stdout, /stdin: \d+ packets, \d+ metered/);
    assert.match(result.stdout, new RegExp(`wrote ${flows} flows \\(cic mode\\)`));
  });

  it('names what it found in a file that is not a capture', async () => {
    const result = await runCli([
      'capture',
      '--pcap',
      fixture('pcap/sample.csv'),
      '--csv',
      join(scratch, 'x.csv'),
    ]);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /\[CAPTURE_FORMAT\]/);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });

  it('writes the Timestamp in the zone asked for, and refuses a zone it does not know', async () => {
    const csv = join(scratch, 'utc.csv');
    const pcap = fixture('pcap/test_copy.pcap');
    const utc = await runCli([
      'capture',
      '--pcap',
      pcap,
      '--csv',
      csv,
      '--time-zone',
      'UTC',
      '--no-progress',
    ]);
    assert.equal(utc.status, 0, utc.stderr);
    // The first flow: 08:32:22 in Atlantic daylight time (CICFlowMeter's own CSV), 11:32:22 UTC.
    assert.equal((await readFile(csv, 'utf8')).split('\n')[1]!.split(',')[6], '31/03/2015 11:32:22');
    const bad = await runCli(['capture', '--pcap', pcap, '--csv', csv, '--time-zone', 'Mars/Olympus']);
    assert.equal(bad.status, 78);
    assert.match(bad.stderr, /--time-zone must be an IANA zone/);
  });

  it('meters every capture in the shared data folder, in both modes', {
    skip: SHARED_DATA_MISSING,
  }, async () => {
    const folder = sharedData('pcap');
    const captures = (await readdir(folder, { recursive: true })).filter((name) =>
      /\.(pcap|pcapng)$/.test(name),
    );
    for (const mode of ['cic', 'fixed']) {
      const csv = join(scratch, `shared-${mode}.csv`);
      const result = await runCli(['capture', '--pcap', folder, '--csv', csv, '--mode', mode, '--json']);
      assert.equal(result.status, 0, result.stderr);
      const summary = JSON.parse(result.stdout);
      assert.equal(summary.captures.length, captures.length, 'every capture, none left out');
      for (const capture of summary.captures) {
        assert.ok(capture.read.decoded > 0, `${capture.file}: packets metered`);
        assert.ok(capture.meter.flowsEnded > 0, `${capture.file}: flows`);
      }
      const lines = (await readFile(csv, 'utf8')).trimEnd().split('\n');
      assert.equal(lines.length - 1, summary.flows);
    }
  });
});
