import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { startServiceProcess, topicCount } from '@netattack/orchestration';
import { type PrivateStack, startPrivateStack } from '../../support/private-stack.ts';
import { waitFor } from '../../support/wait-for.ts';
import { SAMPLE, startTestDeployment, type TestDeployment } from '../deployment-harness.ts';
import { countRecords, readiness, recordFigures, runCli } from './fault-support.ts';

/**
 * The broker is killed with SIGKILL; this must never hit the broker other tests share, so it runs on a
 * broker and registry of its own (test/support/private-stack.ts), started from the shared download
 * cache in 10-20 s.
 */
describe('kill -9 of the broker', () => {
  let stack: PrivateStack;
  let pipeline: TestDeployment;

  before(async () => {
    stack = await startPrivateStack('broker-kill');
    pipeline = await startTestDeployment({
      name: 'fault-broker',
      stack,
      env: { KAFKA_RETRY_TIMEOUT_S: '180' },
    });
  });
  after(async () => {
    // The broker may be down here: no graceful commit to wait for.
    await Promise.all((pipeline?.processes.services ?? []).map((s) => s.stop(3000)));
    // The test's own clients hold the process open until closed, broker or not.
    await Promise.race([pipeline?.connection.close(), delay(10_000)]).catch(() => undefined);
    await stack?.close();
  });

  it('during `netattack replay --rate 1500`, restarted within 10 s: the replay resumes and finishes, every row scored', async () => {
    const replay = runCli(
      ['replay', '--data', SAMPLE, '--rate', '1500', '--no-progress', '--retry-timeout', '180'],
      {
        ...pipeline.env,
        LOG_LEVEL: 'warn',
      },
    );
    const { connection } = pipeline;
    const atRaw = await waitFor(
      async () => {
        const raw = await topicCount(connection, connection.topics.raw);
        return raw >= 4000 ? raw : false;
      },
      { timeoutMs: 60_000, intervalMs: 100, description: '4000 rows on flows.raw' },
    );
    const pid = await stack.kill('kafka');
    const killedAt = Date.now();

    // While the broker is away, the services say so: readiness off, naming Kafka.
    const scorer = pipeline.processes.services.at(-1)!;
    const notReady = await waitFor(
      async () => {
        const ready = await readiness(scorer.healthPort);
        return ready.status === 503 ? ready.body : false;
      },
      { timeoutMs: 15_000, intervalMs: 200, description: 'the scorer not ready while Kafka is away' },
    );
    assert.match(JSON.stringify(notReady.waitingFor), /"what":"kafka"/);

    await delay(Math.max(0, 3000 - (Date.now() - killedAt)));
    const restartStartedMs = Date.now() - killedAt;
    assert.ok(restartStartedMs < 10_000, `restart begun ${restartStartedMs} ms after the kill`);
    const restartMs = await stack.restart();
    const brokerBackMs = Date.now() - killedAt;

    const result = await replay.exited;
    assert.equal(result.code, 0, `the replay finished by itself:\n${result.stderr.slice(-3000)}`);
    assert.match(
      result.stderr,
      /send failed \(.*\); retrying|send not acknowledged after \d+ s \(Kafka away\?\); waiting/,
      'the replay said it was waiting for the broker',
    );
    await pipeline.waitUntilScored(180_000);
    const allScoredMs = Date.now() - killedAt;
    await waitFor(async () => (await readiness(scorer.healthPort)).status === 200, {
      timeoutMs: 30_000,
      description: 'the scorer ready again',
    });
    const counts = await countRecords(pipeline);
    const logs = await Promise.all(
      ['cleaner', 'features', 'scorer-1'].map((name) =>
        readFile(join(pipeline.logDir, `${name}.log`), 'utf8'),
      ),
    );
    for (const log of logs) assert.match(log, /Kafka unreachable .*not ready, retrying/);
    recordFigures({
      test: 'fault-broker-kill',
      rows: counts.rows,
      scoredDistinct: counts.scoredDistinct,
      lost: counts.lost,
      duplicates: counts.duplicates,
      rawDuplicates: counts.rawDuplicates,
      recoveryMs: brokerBackMs,
      recovery:
        'kill -9 of the broker to the restarted broker answering (restart begun within 10 s of the kill)',
      killedAtRawRecords: atRaw,
      brokerPid: pid,
      restartBegunAfterMs: restartStartedMs,
      brokerStartMs: restartMs,
      killToAllScoredMs: allScoredMs,
      replayExitCode: result.code,
      replayMs: result.ms,
    });
    assert.equal(counts.rows, 15_471, 'every row of the sample reached flows.raw');
    assert.equal(counts.lost, 0, 'every row is scored');
  });

  it('staying down: the replay and a service give up within their limit, non-zero, saying why', async () => {
    const scorer = await startServiceProcess(
      'scorer',
      {
        ...pipeline.env,
        GROUP_ID: `${pipeline.env.TOPIC_PREFIX}give-up-scorer`,
        KAFKA_RETRY_TIMEOUT_S: '10',
      },
      join(pipeline.logDir, 'give-up-scorer.log'),
    );
    await scorer.waitReady(60_000);
    const replay = runCli(
      ['replay', '--data', SAMPLE, '--rate', '500', '--no-progress', '--retry-timeout', '10'],
      pipeline.env,
    );
    await waitFor(
      async () => {
        const raw = await topicCount(pipeline.connection, pipeline.connection.topics.raw);
        return raw >= 15_471 + 1000;
      },
      { timeoutMs: 60_000, intervalMs: 100, description: 'the second replay under way' },
    );
    await stack.kill('kafka');
    const killedAt = Date.now();
    const [replayResult, scorerCode] = await Promise.all([
      replay.exited.then((r) => ({ ...r, afterKillMs: Date.now() - killedAt })),
      scorer.exited.then((code) => ({ code, afterKillMs: Date.now() - killedAt })),
    ]);
    assert.notEqual(replayResult.code, 0);
    assert.match(
      replayResult.stderr,
      /Kafka did not take the replay's records for \d+ s \(limit 10 s, KAFKA_RETRY_TIMEOUT_S or --retry-timeout\): giving up/,
    );
    assert.equal(scorerCode.code, 69, 'EX_UNAVAILABLE');
    const log = await readFile(join(pipeline.logDir, 'give-up-scorer.log'), 'utf8');
    assert.match(log, /longer than KAFKA_RETRY_TIMEOUT_S=10: giving up/);
    for (const exit of [replayResult, scorerCode])
      assert.ok(exit.afterKillMs < 10_000 + 30_000, `exited ${exit.afterKillMs} ms after the kill`);
    recordFigures({
      test: 'fault-broker-stays-down',
      rows: 0,
      scoredDistinct: 0,
      lost: 0,
      duplicates: 0,
      recoveryMs: Math.max(replayResult.afterKillMs, scorerCode.afterKillMs),
      recovery: 'kill -9 of the broker (not restarted) to the last of replay and scorer exiting, limit 10 s',
      replayExitCode: replayResult.code,
      replayExitAfterKillMs: replayResult.afterKillMs,
      scorerExitCode: scorerCode.code,
      scorerExitAfterKillMs: scorerCode.afterKillMs,
    });
  });
});
