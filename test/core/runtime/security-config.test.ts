import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isPipelineError } from '../../../packages/core/src/errors.ts';
import { librdkafkaSecurity } from '../../../packages/core/src/kafka/security.ts';
import { readSecurityConfig } from '../../../packages/core/src/runtime/security-config.ts';
import { readCommonServiceConfig, topologyMode } from '../../../packages/core/src/runtime/service-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'netattack-security-'));
const ca = join(dir, 'ca.pem');
writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n');

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    readSecurityConfig(env);
  } catch (error) {
    assert.ok(isPipelineError(error) && error.code === 'CONFIG_INVALID');
    return (error.details as { problems: string[] }).problems;
  }
  assert.fail('expected CONFIG_INVALID');
}

describe('security settings from the environment', () => {
  it('is plaintext with nothing set, and then services provision at start', () => {
    const config = readSecurityConfig({});
    assert.deepEqual(config.kafka, { protocol: 'PLAINTEXT' });
    assert.equal(config.secured, false);
    assert.equal(topologyMode('auto', config), 'create');
  });

  it('reads SASL_SSL with SCRAM and a CA, and then services only check their topics', () => {
    const config = readSecurityConfig({
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'netattack-cleaner',
      KAFKA_SASL_PASSWORD: ' spaced secret ',
      KAFKA_SSL_CA_FILE: ca,
      SCHEMA_REGISTRY_USERNAME: 'reader',
      SCHEMA_REGISTRY_PASSWORD: 'pw',
    });
    assert.equal(config.kafka.sasl?.password, ' spaced secret ', 'a password is taken as given');
    assert.equal(topologyMode('auto', config), 'check');
    assert.equal(topologyMode('create', config), 'create');
    assert.deepEqual(librdkafkaSecurity(config.kafka), {
      'security.protocol': 'sasl_ssl',
      'sasl.mechanisms': 'SCRAM-SHA-512',
      'sasl.username': 'netattack-cleaner',
      'sasl.password': ' spaced secret ',
      'ssl.ca.location': ca,
    });
    assert.deepEqual(config.registry, { username: 'reader', password: 'pw' });
  });

  it('reports every misfit at once, and never a password', () => {
    const problems = problemsOf({
      KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT',
      KAFKA_SASL_MECHANISM: 'GSSAPI',
      KAFKA_SASL_PASSWORD: 'hunter2',
      KAFKA_SSL_CA_FILE: join(dir, 'missing.pem'),
      SCHEMA_REGISTRY_PASSWORD: 'hunter3',
    });
    assert.deepEqual(problems, [
      'KAFKA_SASL_MECHANISM must be one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 with KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT (got "GSSAPI")',
      'KAFKA_SASL_USERNAME is required with SASL_PLAINTEXT',
      'KAFKA_SSL_CA_FILE is set but KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT uses no TLS',
      `KAFKA_SSL_CA_FILE names a file that cannot be read (${JSON.stringify(join(dir, 'missing.pem'))})`,
      'SCHEMA_REGISTRY_PASSWORD is set without SCHEMA_REGISTRY_USERNAME',
    ]);
    assert.doesNotMatch(problems.join('\n'), /hunter/);
  });

  it('wants a certificate and its key together for mutual TLS', () => {
    assert.deepEqual(problemsOf({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CERT_FILE: ca }), [
      'KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together (mutual TLS needs both)',
    ]);
  });

  it('hides an invalid secret in the service config error as well', () => {
    assert.throws(
      () =>
        readCommonServiceConfig('cleaner', 0, {
          KAFKA_SECURITY_PROTOCOL: 'TLS',
          KAFKA_SASL_PASSWORD: 'hunter2',
        }),
      (error: unknown) =>
        isPipelineError(error) &&
        /KAFKA_SECURITY_PROTOCOL must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL/.test(
          error.message,
        ) &&
        !/hunter2/.test(error.message),
    );
  });
});
