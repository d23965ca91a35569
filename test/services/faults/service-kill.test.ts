import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type ServiceProcess, startServiceProcess, topicCount } from '@netattack/orchestration';
import { waitFor } from '../../support/wait-for.ts';
import { startTestDeployment } from '../deployment-harness.ts';
import { countRecords, recordFigures, volumeData } from './fault-support.ts';

/**
 * kill -9 of each consuming service in the middle of a replay of 61,884 rows (the sample's 15,471
 * real rows copied four times under new file names, replayed at 3,000 rows/s, so every row has an id of its own), each
 * restarted at once: every row is scored; duplicates (at-least-once redelivery of what the killed
 * process had produced but not committed) are counted and reported.
 */
async function killEachServiceDuringReplay(delivery: 'at-least-once' | 'exactly-once') {
  const name = `fault-kill-${delivery === 'exactly-once' ? 'eos' : 'alo'}`;
  const data = volumeData(50_000);
  const pipeline = await startTestDeployment({
    name,
    env: delivery === 'exactly-once' ? { DELIVERY: 'exactly-once' } : {},
  });
  const restarted: ServiceProcess[] = [];
  try {
    const { connection, env, logDir } = pipeline;
    const began = Date.now();
    const producer = startServiceProcess(
      'producer',
      { ...env, DATA_PATHS: data.dir, REPLAY_RATE: '3000' },
      join(logDir, 'producer.log'),
    );
    const kills: { service: string; atRawRecords: number; restartToReadyMs: number }[] = [];
    const readies: Promise<void>[] = [];
    const services = [...pipeline.processes.services];
    for (const [index, fraction] of [0.2, 0.45, 0.7].entries()) {
      const victim = services[index]!;
      const atRaw = await waitFor(
        async () => {
          const raw = await topicCount(connection, connection.topics.raw);
          return raw >= data.rows * fraction ? raw : false;
        },
        { timeoutMs: 120_000, intervalMs: 100, description: `${fraction * 100}% of the rows on flows.raw` },
      );
      victim.child.kill('SIGKILL');
      assert.equal(await victim.exited, 137, `${victim.name} was killed`);
      const killedAt = Date.now();
      const again = await startServiceProcess(victim.name, env, join(logDir, `${victim.name}-restarted.log`));
      restarted.push(again);
      // The next kill does not wait for this restart: all three happen while the replay runs.
      readies.push(
        again.waitReady(60_000).then(() => {
          kills.push({ service: victim.name, atRawRecords: atRaw, restartToReadyMs: Date.now() - killedAt });
        }),
      );
    }
    await Promise.all(readies);
    assert.equal(await (await producer).exited, 0, 'the replay finished');
    await pipeline.waitUntilScored(240_000);
    const counts = await countRecords(pipeline);
    recordFigures({
      test: name,
      delivery,
      rows: counts.rows,
      scoredDistinct: counts.scoredDistinct,
      lost: counts.lost,
      duplicates: counts.duplicates,
      rawDuplicates: counts.rawDuplicates,
      recoveryMs: Math.max(...kills.map((k) => k.restartToReadyMs)),
      recovery: 'kill -9 to the restarted service ready (slowest of the three)',
      kills,
      totalMs: Date.now() - began,
    });
    assert.equal(counts.rows, data.rows, 'every replayed row reached flows.raw');
    assert.equal(counts.lost, 0, 'every row is scored');
    if (delivery === 'exactly-once') assert.equal(counts.duplicates, 0, 'exactly-once: no duplicates');
  } finally {
    for (const service of restarted) await service.stop();
    await pipeline.close();
    rmSync(data.dir, { recursive: true, force: true });
  }
}

describe('kill -9 of each service during a replay', () => {
  it('cleaner, features and scorer killed and restarted: every row scored, duplicates counted', async () => {
    await killEachServiceDuringReplay('at-least-once');
  });

  it('with DELIVERY=exactly-once: every row scored, no duplicates', async () => {
    await killEachServiceDuringReplay('exactly-once');
  });
});
