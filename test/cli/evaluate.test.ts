import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture, SHARED_DATA_MISSING, sharedData } from '../fixtures/paths.ts';
import { runCli } from './run-cli.ts';

describe('netattack evaluate --json', () => {
  it('prints one JSON object with the documented fields, counted from the rows', async () => {
    const result = await runCli([
      'evaluate',
      '--model',
      'models/default',
      '--data',
      fixture('cic2018-80.csv'),
      '--json',
    ]);
    assert.equal(result.status, 0, result.stderr);
    const output = JSON.parse(result.stdout);
    // The fixture holds 37 data rows.
    assert.equal(output.rows, 37);
    for (const key of ['accuracy', 'precision', 'recall', 'f1', 'fpr', 'rocAuc', 'prAuc']) {
      assert.ok(key in output.binary, `binary.${key}`);
    }
    const support = Object.values(
      output.perLabel as Record<string, { support: number; flaggedAsAttack: number }>,
    );
    assert.equal(
      support.reduce((sum, o) => sum + o.support, 0),
      37,
    );
    const { tp, fp, tn, fn } = output.binary;
    assert.equal(tp + fp + tn + fn, 37);
    assert.equal(
      support.reduce((sum, o) => sum + o.flaggedAsAttack, 0),
      tp + fp,
    );
    assert.equal(output.confusion.matrix.length, output.confusion.labels.length);
  });

  it('scores every labelled row of the whole shared data folder, whatever the layout', {
    skip: SHARED_DATA_MISSING,
  }, async () => {
    const result = await runCli(['evaluate', '--model', 'models/default', '--data', sharedData(), '--json']);
    assert.equal(result.status, 0, result.stderr);
    const output = JSON.parse(result.stdout);
    // README of the shared data: 15,471 rows in cic2018, 1,000 + 1,000 + 21 + 652 + 1,000 in cic2017,
    // and 96 labelled rows among the CICFlowMeter outputs under pcap/ (the others carry no label).
    assert.equal(output.rows, 15_471 + 3_673 + 96);
    assert.equal(output.perLabel['Web Attack - Sql Injection'].support, 21);
    assert.equal(output.perLabel['SQL Injection'].support, 87);
    assert.equal(output.perLabel['DDOS attack-LOIC-UDP'].support, 1730);
  });

  it('says what is missing instead of a stack trace', async () => {
    const result = await runCli(['evaluate', '--data', fixture('cic2018-80.csv')]);
    assert.equal(result.status, 78, 'EX_CONFIG: a setting to fix, as the services exit');
    assert.match(result.stderr, /--model <model dir> is required \[CONFIG_INVALID\]/);
  });
});
