import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PipelineError } from '@netattack/core';
import { DEFAULT_PARTITIONS } from '@netattack/core/topology';
import { renderLog4j2Config, renderServerProperties } from '../../deploy/local/kafka-config-files.ts';
import { renderKafkaPom } from '../../deploy/local/kafka-pom.ts';
import { javaProblem, parseJavaMajor, requireJava, requireMaven } from '../../deploy/local/prerequisites.ts';
import { probeKafka, probeRegistry } from '../../deploy/local/probes.ts';
import {
  defaultStateDir,
  localBrokers,
  localRegistryUrl,
  readStackConfig,
} from '../../deploy/local/stack-config.ts';
import { stackEnv } from '../support/stack-env.ts';

/** Parses Java .properties text the way Kafka reads it (key = value, blanks around "=", backslash escapes). */
function parseProperties(text: string): Map<string, string> {
  const entries = text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      return [
        line.slice(0, at).trim(),
        line
          .slice(at + 1)
          .trim()
          .replace(/\\(.)/g, '$1'),
      ] as [string, string];
    });
  return new Map(entries);
}

function configError(env: NodeJS.ProcessEnv): PipelineError {
  try {
    readStackConfig(env);
  } catch (error) {
    assert.ok(error instanceof PipelineError);
    return error;
  }
  assert.fail('readStackConfig accepted an invalid environment');
}

describe('server.properties', () => {
  const input = { host: '127.0.0.1', port: 29092, controllerPort: 29093, dataDir: '/tmp/stack/kafka-data' };
  const properties = parseProperties(renderServerProperties(input));

  it('makes one node both broker and controller, reachable on loopback only', () => {
    assert.equal(properties.get('process.roles'), 'broker,controller');
    assert.equal(properties.get('node.id'), '1');
    assert.equal(properties.get('listeners'), 'PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093');
    assert.equal(properties.get('advertised.listeners'), 'PLAINTEXT://127.0.0.1:29092');
    assert.equal(properties.get('controller.quorum.bootstrap.servers'), '127.0.0.1:29093');
    assert.equal(properties.get('controller.listener.names'), 'CONTROLLER');
    for (const listener of properties.get('listeners')!.split(','))
      assert.match(listener, /\/\/127\.0\.0\.1:/);
  });

  it('opens a SASL_SSL listener with SCRAM-SHA-512 and the authorizer when asked, plaintext staying as it was', () => {
    const secure = parseProperties(
      renderServerProperties({
        ...input,
        secure: {
          port: 29095,
          keystore: '/s/broker-keystore.pem',
          truststore: '/s/ca.pem',
          superUsers: ['User:ANONYMOUS', 'User:netattack-admin'],
        },
      }),
    );
    assert.equal(
      secure.get('listeners'),
      'PLAINTEXT://127.0.0.1:29092,SASL_SSL://127.0.0.1:29095,CONTROLLER://127.0.0.1:29093',
    );
    assert.equal(
      secure.get('advertised.listeners'),
      'PLAINTEXT://127.0.0.1:29092,SASL_SSL://127.0.0.1:29095',
    );
    assert.equal(
      secure.get('listener.security.protocol.map'),
      'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL',
    );
    assert.equal(secure.get('sasl.enabled.mechanisms'), 'SCRAM-SHA-512');
    assert.equal(secure.get('listener.name.sasl_ssl.ssl.keystore.type'), 'PEM');
    assert.equal(secure.get('listener.name.sasl_ssl.ssl.keystore.location'), '/s/broker-keystore.pem');
    assert.equal(
      secure.get('authorizer.class.name'),
      'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    );
    assert.equal(secure.get('super.users'), 'User:ANONYMOUS;User:netattack-admin');
    assert.equal(secure.get('allow.everyone.if.no.acl.found'), 'false');
    assert.equal(properties.get('authorizer.class.name'), undefined, 'no authorizer without the listener');
  });

  it('keeps internal topics at replication 1 so a single node can serve consumer groups', () => {
    assert.equal(properties.get('offsets.topic.replication.factor'), '1');
    assert.equal(properties.get('transaction.state.log.replication.factor'), '1');
    assert.equal(properties.get('transaction.state.log.min.isr'), '1');
    assert.equal(properties.get('num.partitions'), String(DEFAULT_PARTITIONS));
    assert.equal(properties.get('group.initial.rebalance.delay.ms'), '0');
  });

  it('writes the data folder so that backslashes survive Java property parsing', () => {
    assert.equal(properties.get('log.dirs'), '/tmp/stack/kafka-data');
    const windows = parseProperties(renderServerProperties({ ...input, dataDir: 'C:\\stack\\kafka-data' }));
    assert.equal(windows.get('log.dirs'), 'C:\\stack\\kafka-data');
  });

  it('logs INFO to the file it is given', () => {
    const log4j = parseProperties(renderLog4j2Config('/tmp/stack/logs/kafka-server.log'));
    assert.equal(log4j.get('appender.file.fileName'), '/tmp/stack/logs/kafka-server.log');
    assert.equal(log4j.get('rootLogger.level'), 'INFO');
  });

  it('resolves the Kafka server, kafka-server and the slf4j bridge with Maven', () => {
    const pom = renderKafkaPom('4.1.1');
    const dependency =
      /<dependency>\s*<groupId>([^<]+)<\/groupId>\s*<artifactId>([^<]+)<\/artifactId>\s*<version>([^<]+)<\/version>/g;
    const artifacts = [...pom.matchAll(dependency)].map((match) => `${match[1]}:${match[2]}:${match[3]}`);
    assert.deepEqual(artifacts, [
      'org.apache.kafka:kafka_2.13:4.1.1',
      'org.apache.kafka:kafka-server:4.1.1',
      'org.apache.logging.log4j:log4j-slf4j-impl:2.24.3',
    ]);
    assert.equal(pom.match(/<dependency>/g)?.length, pom.match(/<\/dependency>/g)?.length);
  });
});

describe('stack configuration', () => {
  it('defaults to Kafka on 127.0.0.1:9092 and the registry on 8081, state under ~/.cache', () => {
    const config = readStackConfig({ HOME: '/home/someone' });
    assert.deepEqual(localBrokers(config), ['127.0.0.1:9092']);
    assert.equal(localRegistryUrl(config), 'http://127.0.0.1:8081/apis/ccompat/v7');
    assert.equal(config.controllerPort, 9094);
    assert.equal(config.securePort, 9093, 'the SASL_SSL listener');
    assert.equal(config.kafkaHeap, '768m');
    assert.equal(config.registryHeap, '512m');
    assert.equal(config.stateDir, defaultStateDir({ HOME: '/home/someone' }));
    assert.match(config.stateDir, /netattack-stack$/);
    assert.equal(config.externalBrokers, undefined);
    assert.equal(config.externalRegistryUrl, undefined);
    assert.equal(config.mavenRepoLocal, undefined);
  });

  it('takes ports, folder, heaps and timeouts from the environment', () => {
    const config = readStackConfig({
      NETATTACK_STACK_DIR: '/tmp/other-stack',
      NETATTACK_KAFKA_PORT: '29092',
      NETATTACK_KAFKA_CONTROLLER_PORT: '29093',
      NETATTACK_REGISTRY_PORT: '28081',
      NETATTACK_KAFKA_HEAP: '1g',
      NETATTACK_REGISTRY_HEAP: '384M',
      NETATTACK_STACK_START_TIMEOUT_S: '300',
      NETATTACK_MAVEN_REPO: '/tmp/m2',
      NETATTACK_KAFKA_JVM_OPTS: ' -XX:TieredStopAtLevel=1   -XX:+UseSerialGC ',
    });
    assert.equal(config.stateDir, '/tmp/other-stack');
    assert.deepEqual(localBrokers(config), ['127.0.0.1:29092']);
    assert.equal(localRegistryUrl(config), 'http://127.0.0.1:28081/apis/ccompat/v7');
    assert.equal(config.kafkaHeap, '1g');
    assert.equal(config.registryHeap, '384M');
    assert.equal(config.startTimeoutMs, 300_000);
    assert.equal(config.mavenRepoLocal, '/tmp/m2');
    assert.deepEqual(config.kafkaJvmOptions, ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC']);
    assert.deepEqual(config.registryJvmOptions, []);
  });

  it('uses KAFKA_BROKERS and SCHEMA_REGISTRY_URL as an external cluster when they are set', () => {
    const config = readStackConfig({
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
      SCHEMA_REGISTRY_URL: 'http://registry:8080/apis/ccompat/v7/',
    });
    assert.deepEqual(config.externalBrokers, ['kafka-1:9092', 'kafka-2:9092']);
    assert.equal(config.externalRegistryUrl, 'http://registry:8080/apis/ccompat/v7');
  });

  it('names each invalid variable and the form it expects, all at once', () => {
    const error = configError({
      NETATTACK_KAFKA_PORT: '90x',
      NETATTACK_REGISTRY_PORT: '70000',
      NETATTACK_KAFKA_HEAP: '768',
      KAFKA_BROKERS: 'no-port',
    });
    assert.equal(error.code, 'CONFIG_INVALID');
    assert.match(error.message, /NETATTACK_KAFKA_PORT must be an integer from 1 to 65535 .*got "90x"/);
    assert.match(error.message, /NETATTACK_REGISTRY_PORT must be an integer from 1 to 65535 .*got "70000"/);
    assert.match(error.message, /KAFKA_BROKERS must be a comma-separated list of host:port/);
    // The heap is checked after the typed variables, so it is reported once those pass.
    const heap = configError({ NETATTACK_KAFKA_HEAP: '768', NETATTACK_REGISTRY_HEAP: 'lots' });
    assert.match(heap.message, /NETATTACK_KAFKA_HEAP must be a JVM heap size .*got "768"/);
    assert.match(heap.message, /NETATTACK_REGISTRY_HEAP must be a JVM heap size .*got "lots"/);
  });

  it('refuses two components on one port', () => {
    const error = configError({ NETATTACK_KAFKA_PORT: '28081', NETATTACK_REGISTRY_PORT: '28081' });
    assert.match(
      error.message,
      /NETATTACK_REGISTRY_PORT and NETATTACK_KAFKA_PORT must differ \(both are 28081\)/,
    );
  });
});

describe('Java and Maven checks', () => {
  // Recorded from real installations: Debian's OpenJDK 17 (this project's machines), Oracle Java 8, Temurin 21.
  const openjdk17 =
    'openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)\nOpenJDK 64-Bit Server VM (build 17.0.15+6-Debian-1deb12u1, mixed mode, sharing)\n';
  const java8 =
    'java version "1.8.0_402"\nJava(TM) SE Runtime Environment (build 1.8.0_402-b11)\nJava HotSpot(TM) 64-Bit Server VM (build 25.402-b11, mixed mode)\n';
  const temurin21 =
    'openjdk version "21" 2023-09-19 LTS\nOpenJDK Runtime Environment Temurin-21+35 (build 21+35-LTS)\n';

  it('reads the major version from each form of `java -version`', () => {
    assert.equal(parseJavaMajor(openjdk17), 17);
    assert.equal(parseJavaMajor(java8), 8);
    assert.equal(parseJavaMajor(temurin21), 21);
    assert.equal(parseJavaMajor('openjdk version "23-ea" 2024-09-17'), 23);
    assert.equal(parseJavaMajor('bash: java: command not found'), undefined);
  });

  it('accepts Java 17 and newer', () => {
    assert.equal(javaProblem('java', openjdk17), undefined);
    assert.equal(javaProblem('java', temurin21), undefined);
  });

  it('says what to install when Java is missing or too old', () => {
    const missing = javaProblem('java', undefined)!;
    assert.match(missing, /Java was not found \(tried "java"\)/);
    assert.match(missing, /openjdk-17-jre-headless/);
    assert.match(missing, /KAFKA_BROKERS/);
    const old = javaProblem('/opt/jdk8/bin/java', java8)!;
    assert.match(old, /Java 8 was found \("\/opt\/jdk8\/bin\/java"\), but Kafka 4 needs Java 17 or newer/);
    assert.match(old, /apt-get install openjdk-17/);
  });

  it('raises TOOL_MISSING for a Java or Maven command that does not exist', () => {
    const absent = join('/nonexistent', 'bin');
    assert.throws(
      () => requireJava(join(absent, 'java')),
      (error: unknown) =>
        error instanceof PipelineError &&
        error.code === 'TOOL_MISSING' &&
        /Java was not found/.test(error.message),
    );
    assert.throws(
      () => requireMaven(join(absent, 'mvn')),
      (error: unknown) =>
        error instanceof PipelineError &&
        error.code === 'TOOL_MISSING' &&
        /apt-get install maven/.test(error.message),
    );
  });
});

describe('the running stack (integration)', () => {
  it('answers a Kafka metadata request and the registry subjects list', async () => {
    const { brokers, registryUrl } = stackEnv();
    const kafka = await probeKafka(brokers, 10_000);
    assert.ok(kafka.ok, `Kafka at ${brokers.join(',')} does not answer: ${kafka.ok ? '' : kafka.reason}`);
    assert.match(kafka.detail, /^cluster \S+, [1-9]\d* broker\(s\), \d+ topic\(s\)$/);

    const registry = await probeRegistry(registryUrl, 10_000);
    assert.ok(
      registry.ok,
      `the registry at ${registryUrl} does not answer: ${registry.ok ? '' : registry.reason}`,
    );
    const response = await fetch(`${registryUrl}/subjects`);
    assert.equal(response.status, 200);
    assert.ok(Array.isArray(await response.json()));
  });
});
