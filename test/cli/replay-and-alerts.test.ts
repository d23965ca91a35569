import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '@netattack/core';
import { connectKafka, type KafkaConnection } from '@netattack/core/runtime';
import type { Alert } from '@netattack/core/topology';
import { topicCount } from '@netattack/orchestration';
import { formatAlert } from '../../packages/cli/src/commands/alerts.ts';
import { fixture } from '../fixtures/paths.ts';
import { stackEnv } from '../support/stack-env.ts';
import { uniqueName } from '../support/unique-name.ts';
import { runCli } from './run-cli.ts';

const prefix = `${uniqueName('cli')}.`;
let connection: KafkaConnection;
let env: Record<string, string>;

before(async () => {
  const { brokers, registryUrl } = stackEnv();
  env = { KAFKA_BROKERS: brokers.join(','), SCHEMA_REGISTRY_URL: registryUrl, TOPIC_PREFIX: prefix };
  connection = await connectKafka({
    brokers,
    registryUrl,
    client: 'kafkajs',
    topicPrefix: prefix,
    clientId: 'test-cli',
    logger: createLogger('test-cli', 'warn', { stream: 'stderr' }),
  });
});

after(async () => {
  // before() may have failed on a missing stack; its error is the one worth reading
  if (!connection) return;
  await connection.admin.deleteTopics(Object.values(connection.topics));
  await connection.close();
});

function alert(line: number, predictedClass: string): Alert {
  return {
    recordId: `day.csv:${line}`,
    flowKey: `day.csv:${line}`,
    source: { file: 'day.csv', line },
    flowTime: Date.UTC(2018, 1, 14, 14, 1, 2),
    srcIp: '172.31.69.25',
    dstIp: '18.217.21.148',
    dstPort: 22,
    protocol: 6,
    predictedClass,
    score: 0.97,
    threshold: 0.5,
    topFeatures: [{ name: 'fwdSegSizeMin', value: 32, contribution: 0.21 }],
    modelVersion: 'test',
    alertedAt: 0,
  };
}

describe('netattack replay', () => {
  it('sends the good lines to flows.raw and the bad ones to flows.deadletter, and says so', async () => {
    const result = await runCli(['replay', '--data', fixture('traps.csv'), '--json'], env);
    assert.equal(result.status, 0, result.stderr);
    const summary = JSON.parse(result.stdout);
    assert.equal(summary.rowsRead, 16);
    assert.equal(summary.produced, 10);
    assert.equal(summary.rejected, 6);
    assert.equal(await topicCount(connection, connection.topics.raw), 10);
    assert.equal(await topicCount(connection, connection.topics.deadLetter), 6);
  });
});

describe('netattack alerts', () => {
  it('prints every alert on the topic, one a line, as JSON or for people', async () => {
    const alerts = [alert(2, 'SSH-Bruteforce'), alert(3, 'FTP-BruteForce')];
    const producer = connection.bus.producer();
    await producer.connect();
    await producer.send(
      connection.serde
        .encodeMany(connection.topics.alerts, alerts)
        .map((value, i) => ({ topic: connection.topics.alerts, key: alerts[i]!.flowKey, value })),
    );
    await producer.disconnect();

    const json = await runCli(['alerts', '--from-beginning', '--json'], env);
    assert.equal(json.status, 0, json.stderr);
    const printed = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Alert)
      .sort((a, b) => a.source.line - b.source.line);
    assert.deepEqual(printed, alerts);

    const readable = await runCli(['alerts', '--from-beginning'], env);
    assert.equal(readable.status, 0, readable.stderr);
    assert.deepEqual(readable.stdout.trim().split('\n').sort(), alerts.map(formatAlert).sort());
    assert.match(
      formatAlert(alerts[0]!),
      /^2018-02-14 14:01:02 {2}SSH-Bruteforce .* 0\.970 {2}day\.csv:2 172\.31\.69\.25 -> 18\.217\.21\.148:22/,
    );
  });
});
