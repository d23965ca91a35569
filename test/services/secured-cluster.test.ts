import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createLogger } from '@netattack/core';
import { createAcls, deleteAcls, KAFKA_CLIENTS } from '@netattack/core/kafka';
import {
  type AclGrant,
  connectKafka,
  pipelineGrants,
  pipelinePrincipals,
  serviceGrants,
} from '@netattack/core/runtime';
import { startServiceProcess } from '@netattack/orchestration';
import { ADMIN_USER, SERVICE_USERS, UNPRIVILEGED_USER } from '../../deploy/local/secure-material.ts';
import { runCli } from '../cli/run-cli.ts';
import { SECURE_STACK, SECURE_STACK_MISSING } from '../support/secure-stack.ts';
import { uniqueName } from '../support/unique-name.ts';
import { type DeadLetter, type FlowScore, SAMPLE, startTestDeployment } from './deployment-harness.ts';

/**
 * The pipeline on the local stack's SASL_SSL listener (SCRAM-SHA-512, ACLs on), each service as its
 * own principal with only the grants `netattack provision --acls` gives it.
 */
const SLICE = join(SAMPLE, 'mixed-days_sample.csv');
const SLICE_ROWS = 1000;
const logs = await mkdtemp(join(tmpdir(), 'netattack-secured-'));
after(() => rm(logs, { recursive: true, force: true }));

const aclAdmin = () => {
  const env = SECURE_STACK!.env(ADMIN_USER);
  return {
    brokers: env.KAFKA_BROKERS!.split(','),
    clientId: 'test-secured-acls',
    logger: createLogger('test-secured', 'warn', { stream: 'stderr' }),
    security: SECURE_STACK!.adminSecurity().kafka,
  };
};

async function deleteTopics(prefix: string): Promise<void> {
  const env = SECURE_STACK!.env(ADMIN_USER);
  const connection = await connectKafka({
    brokers: env.KAFKA_BROKERS!.split(','),
    registryUrl: env.SCHEMA_REGISTRY_URL!,
    client: 'kafkajs',
    topicPrefix: prefix,
    clientId: 'test-secured-cleanup',
    logger: createLogger('test-secured', 'warn', { stream: 'stderr' }),
    security: SECURE_STACK!.adminSecurity(),
    topology: 'check',
  });
  try {
    await connection.admin.deleteTopics(Object.values(connection.topics));
  } finally {
    await connection.close();
  }
}

/** The principal's login, over the admin's settings (brokers, CA, registry). */
const loginOf = (user: string) => {
  const env = SECURE_STACK!.env(user);
  return { KAFKA_SASL_USERNAME: env.KAFKA_SASL_USERNAME!, KAFKA_SASL_PASSWORD: env.KAFKA_SASL_PASSWORD! };
};

describe('a secured cluster (SASL_SSL, SCRAM-SHA-512, ACLs)', { skip: SECURE_STACK_MISSING }, () => {
  for (const client of KAFKA_CLIENTS) {
    it(`runs the whole pipeline with each service as its own principal, with a client certificate (${client})`, async () => {
      const adminEnv = SECURE_STACK!.env(ADMIN_USER);
      const prefix = `${uniqueName(`secured-${client}`)}.`;
      const provisioned = await runCli(['provision', '--acls'], { ...adminEnv, TOPIC_PREFIX: prefix });
      assert.equal(provisioned.status, 0, provisioned.stderr);
      assert.match(provisioned.stdout, /granted \d+ ACLs/);
      const grants = pipelineGrants(pipelinePrincipals(), { prefix });

      const pipeline = await startTestDeployment({
        name: `secured-${client}`,
        prefix,
        client,
        stack: { brokers: adminEnv.KAFKA_BROKERS!.split(','), registryUrl: adminEnv.SCHEMA_REGISTRY_URL! },
        security: SECURE_STACK!.adminSecurity(),
        env: adminEnv,
        // The services also present the stack's client certificate: mutual TLS beside SASL.
        serviceEnv: (service) => ({
          ...loginOf(SERVICE_USERS[service]),
          KAFKA_SSL_CERT_FILE: SECURE_STACK!.material.clientCertFile,
          KAFKA_SSL_KEY_FILE: SECURE_STACK!.material.clientKeyFile,
        }),
      });
      try {
        assert.equal(await pipeline.replay([SLICE]), 0);
        await pipeline.waitUntilScored();
        const scores = await pipeline.read<FlowScore>(pipeline.connection.topics.scores);
        const letters = await pipeline.read<DeadLetter>(pipeline.connection.topics.deadLetter);
        const ids = new Set(scores.map((score) => score.recordId));
        assert.equal(
          ids.size + letters.length,
          SLICE_ROWS,
          `${ids.size} scored + ${letters.length} dead letters`,
        );
        assert.ok(ids.size > SLICE_ROWS * 0.9, `${ids.size} scored`);
        const logText = await readFile(join(pipeline.logDir, 'cleaner.log'), 'utf8');
        assert.match(logText, /SASL_SSL, SCRAM-SHA-512 as netattack-cleaner/);
        assert.doesNotMatch(logText, new RegExp(loginOf(SERVICE_USERS.cleaner).KAFKA_SASL_PASSWORD));
      } finally {
        await pipeline.close();
        await deleteAcls(aclAdmin(), grants);
      }
    });

    it(`refuses a wrong password at start: exit 78 within 30 s, saying authentication failed (${client})`, async () => {
      const env = {
        ...SECURE_STACK!.env(SERVICE_USERS.cleaner),
        KAFKA_SASL_PASSWORD: 'not-the-password',
        KAFKA_CLIENT: client,
        TOPIC_PREFIX: `${uniqueName('secured-badpass')}.`,
      };
      const began = Date.now();
      const cleaner = await startServiceProcess('cleaner', env, join(logs, `badpass-${client}.log`));
      const code = await cleaner.exited;
      const seconds = (Date.now() - began) / 1000;
      const log = await readFile(join(logs, `badpass-${client}.log`), 'utf8');
      assert.equal(code, 78, log);
      assert.ok(seconds < 30, `exited after ${seconds} s`);
      assert.match(log, /authentication failed/);
      assert.doesNotMatch(log, /not-the-password/);
      assert.doesNotMatch(log, /^\s+at /m, 'no stack trace');
    });

    it(`stops clearly when its principal may not WRITE its output (${client})`, async () => {
      const adminEnv = SECURE_STACK!.env(ADMIN_USER);
      const prefix = `${uniqueName(`secured-nowrite-${client}`)}.`;
      const provisioned = await runCli(['provision'], { ...adminEnv, TOPIC_PREFIX: prefix });
      assert.equal(provisioned.status, 0, provisioned.stderr);
      // The cleaner's grants, minus WRITE on flows.clean; DESCRIBE keeps the topic visible, so the
      // start-up check passes and the refusal comes from the broker on the first produce.
      const principal = `User:${UNPRIVILEGED_USER}`;
      const cleaner = serviceGrants('cleaner', principal, { prefix });
      const grants: AclGrant[] = [
        ...cleaner.filter((g) => !(g.resourceType === 'topic' && g.name === `${prefix}flows.clean`)),
        {
          principal,
          resourceType: 'topic',
          name: `${prefix}flows.clean`,
          pattern: 'literal',
          operation: 'describe',
        },
      ];
      await createAcls(aclAdmin(), grants);
      try {
        const replayed = await runCli(['replay', '--data', join(SAMPLE, 'label_SQL-Injection.csv')], {
          ...adminEnv,
          TOPIC_PREFIX: prefix,
        });
        assert.equal(replayed.status, 0, replayed.stderr);
        const logFile = join(logs, `nowrite-${client}.log`);
        const service = await startServiceProcess(
          'cleaner',
          { ...adminEnv, ...loginOf(UNPRIVILEGED_USER), KAFKA_CLIENT: client, TOPIC_PREFIX: prefix },
          logFile,
        );
        const timeout = setTimeout(() => service.stop(), 60_000);
        const code = await service.exited;
        clearTimeout(timeout);
        const log = await readFile(logFile, 'utf8');
        assert.equal(code, 78, log);
        assert.match(log, /not authorized/);
        assert.match(log, /netattack provision --acls/);
      } finally {
        await deleteAcls(aclAdmin(), grants);
        await deleteTopics(prefix);
      }
    });
  }

  it('runs `npm run demo` against the secured listener with the `stack:env --secure` settings', async () => {
    const out = join(logs, 'demo');
    const result = await runCli(['demo', '--out', out, '--show-alerts', '1'], SECURE_STACK!.env(ADMIN_USER));
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /using the secured cluster of the environment \(SASL_SSL, SCRAM-SHA-512/);
    const summary = JSON.parse(await readFile(join(out, 'demo-summary.json'), 'utf8'));
    assert.equal(summary.rowsReplayed, 15471);
    assert.equal(summary.scored, 15471);
  });
});
