import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createLogger } from '@netattack/core';
import { DEFAULT_KAFKA_CLIENT } from '@netattack/core/kafka';
import { connectKafka } from '@netattack/core/runtime';
import type { FlowScore } from '@netattack/core/topology';
import {
  readTopic,
  type ServiceProcess,
  startServiceProcess,
  waitUntilScored,
} from '@netattack/orchestration';
import { stackEnv } from '../../support/stack-env.ts';
import { uniqueName } from '../../support/unique-name.ts';
import { DEFAULT_MODEL, SAMPLE } from '../deployment-harness.ts';
import { recordFigures, runCli } from './fault-support.ts';

/**
 * The three consuming services and `netattack replay` started at the same moment on topics nobody
 * has made yet, as docker-compose or Kubernetes start them: every one provisions topics and subjects
 * at once, and all must come up ("already exists" and Apicurio's 409 on the rule are success).
 */
describe('services and the replay started at the same moment on new topics', () => {
  it('all come up, and every row is scored', async () => {
    const { brokers, registryUrl } = stackEnv();
    const prefix = `${uniqueName('fault-together')}.`;
    const logDir = await mkdtemp(join(tmpdir(), 'netattack-together-'));
    const env = {
      KAFKA_BROKERS: brokers.join(','),
      SCHEMA_REGISTRY_URL: registryUrl,
      TOPIC_PREFIX: prefix,
      KAFKA_CLIENT: DEFAULT_KAFKA_CLIENT,
      MODEL_DIR: DEFAULT_MODEL,
    };
    const began = Date.now();
    const replay = runCli(['replay', '--data', SAMPLE, '--no-progress'], env);
    const started = await Promise.all(
      (['cleaner', 'features', 'scorer'] as const).map((name) =>
        startServiceProcess(name, env, join(logDir, `${name}.log`)),
      ),
    );
    const services: ServiceProcess[] = started;
    const connection = await connectKafka({
      brokers,
      registryUrl,
      client: DEFAULT_KAFKA_CLIENT,
      topicPrefix: prefix,
      clientId: 'test-together',
      logger: createLogger('test-together', 'warn', { stream: 'stderr' }),
    });
    try {
      await Promise.all(services.map((s) => s.waitReady(90_000)));
      const allReadyMs = Date.now() - began;
      const result = await replay.exited;
      assert.equal(result.code, 0, result.stderr.slice(-2000));
      await waitUntilScored(connection, 120_000);
      const ids = new Set<string>();
      let scores = 0;
      await readTopic<FlowScore>(connection, connection.topics.scores, {
        fromBeginning: true,
        follow: false,
        onRecords(records) {
          for (const { outcome } of records) {
            if (!outcome.ok) throw outcome.error;
            ids.add(outcome.value.recordId);
            scores++;
          }
        },
      });
      recordFigures({
        test: 'fault-concurrent-start',
        rows: 15_471,
        scoredDistinct: ids.size,
        lost: 15_471 - ids.size,
        duplicates: scores - ids.size,
        recoveryMs: allReadyMs,
        recovery: 'start of all four processes to the three services ready',
      });
      assert.equal(ids.size, 15_471);
    } finally {
      for (const service of services) await service.stop();
      await connection.admin.deleteTopics(Object.values(connection.topics));
      await connection.close();
    }
  });
});
