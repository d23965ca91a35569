import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from './run-cli.ts';

const out = await mkdtemp(join(tmpdir(), 'netattack-demo-'));
after(() => rm(out, { recursive: true, force: true }));

describe('npm run demo (netattack demo)', () => {
  for (const topology of ['separate', 'fused']) {
    it(`replays the bundled sample through the ${topology} deployment, prints the alerts and writes its summary and report`, async () => {
      const dir = join(out, topology);
      const result = await runCli([
        'demo',
        '--out',
        dir,
        '--show-alerts',
        '3',
        ...(topology === 'fused' ? ['--fused'] : []),
      ]);
      assert.equal(result.status, 0, result.stderr);
      const summary = JSON.parse(await readFile(join(dir, 'demo-summary.json'), 'utf8'));
      assert.equal(summary.topology, topology);
      assert.equal(summary.rowsReplayed, 15471);
      assert.equal(summary.scored, 15471);
      assert.equal(summary.deadLetters, 0);
      const byClass = Object.values(summary.alertsByClass as Record<string, number>).reduce(
        (a, b) => a + b,
        0,
      );
      assert.equal(byClass, summary.alerts);
      assert.ok(summary.alerts > 5000, `${summary.alerts} alerts`);
      assert.match(result.stdout, /15471 flows replayed -> 15471 scored -> \d+ alerts/);
      assert.equal(result.stdout.match(/^ {2}\d{4}-\d\d-\d\d /gm)?.length, 3, 'three alerts printed');
      const report = await readFile(join(dir, 'demo-report.html'), 'utf8');
      assert.match(report, /<svg/);
    });
  }
});
