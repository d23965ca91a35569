import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { topicCount } from '@netattack/orchestration';
import { type PrivateStack, startPrivateStack } from '../../support/private-stack.ts';
import { waitFor } from '../../support/wait-for.ts';
import { SAMPLE, startTestDeployment, type TestDeployment } from '../deployment-harness.ts';
import { countRecords, recordFigures, runCli } from './fault-support.ts';

/** Every subject with the id of its latest version: what must come back unchanged after a restart. */
async function subjectIds(registryUrl: string): Promise<Record<string, number>> {
  const subjects = (await (await fetch(`${registryUrl}/subjects`)).json()) as string[];
  const ids: Record<string, number> = {};
  for (const subject of subjects.sort()) {
    const latest = await fetch(`${registryUrl}/subjects/${encodeURIComponent(subject)}/versions/latest`);
    ids[subject] = ((await latest.json()) as { id: number }).id;
  }
  return ids;
}

/** The registry is killed with SIGKILL: on a registry (and broker) of this test's own. */
describe('kill -9 of the registry', () => {
  let stack: PrivateStack;
  let pipeline: TestDeployment;

  before(async () => {
    stack = await startPrivateStack('registry-kill');
    pipeline = await startTestDeployment({ name: 'fault-registry', stack });
  });
  after(async () => {
    await pipeline?.close().catch(() => undefined);
    await stack?.close();
  });

  it('restarted during a replay: no schema lost, ids unchanged, the services keep going, every row scored', async () => {
    const before = await subjectIds(stack.registryUrl);
    assert.ok(Object.keys(before).length >= 6, 'the pipeline registered its subjects');
    const replay = runCli(['replay', '--data', SAMPLE, '--rate', '2500', '--no-progress'], pipeline.env);
    await waitFor(
      async () => (await topicCount(pipeline.connection, pipeline.connection.topics.raw)) >= 3000,
      { timeoutMs: 60_000, intervalMs: 100, description: '3000 rows on flows.raw' },
    );
    await stack.kill('registry');
    const killedAt = Date.now();
    const restartMs = await stack.restart();
    const after = await subjectIds(stack.registryUrl);
    assert.deepEqual(after, before, 'every subject is back with the same schema id');

    const result = await replay.exited;
    assert.equal(result.code, 0, result.stderr.slice(-2000));
    await pipeline.waitUntilScored(120_000);
    for (const service of pipeline.processes.services) {
      assert.equal((await fetch(`http://127.0.0.1:${service.healthPort}/health/ready`)).status, 200);
    }
    const counts = await countRecords(pipeline);
    recordFigures({
      test: 'fault-registry-kill',
      rows: counts.rows,
      scoredDistinct: counts.scoredDistinct,
      lost: counts.lost,
      duplicates: counts.duplicates,
      recoveryMs: restartMs,
      recovery: 'kill -9 of the registry to the restarted registry answering',
      subjects: Object.keys(after).length,
      subjectsLost: Object.keys(before).filter((s) => after[s] !== before[s]).length,
      killToAllScoredMs: Date.now() - killedAt,
    });
    assert.equal(counts.rows, 15_471);
    assert.equal(counts.lost, 0);
  });
});
