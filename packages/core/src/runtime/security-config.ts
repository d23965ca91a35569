import { accessSync, constants } from 'node:fs';
import type { RegistryAuth } from '../avro/registry-http.ts';
import { enumVar, readEnv, secretVar, stringVar } from '../config/env.ts';
import { PipelineError } from '../errors.ts';
import {
  type KafkaSecurity,
  SASL_MECHANISMS,
  type SaslMechanism,
  SECURITY_PROTOCOLS,
  type TlsFiles,
} from '../kafka/security.ts';

/** The variables that say how to reach a secured cluster and registry; every service and command reads them. */
export function securityEnv() {
  return {
    KAFKA_SECURITY_PROTOCOL: enumVar(SECURITY_PROTOCOLS, {
      default: 'PLAINTEXT',
      description: 'How clients talk to the brokers',
    }),
    KAFKA_SASL_MECHANISM: stringVar({
      default: '',
      description: `SASL mechanism, one of ${SASL_MECHANISMS.join(', ')} (SASL_PLAINTEXT and SASL_SSL)`,
    }),
    KAFKA_SASL_USERNAME: stringVar({ default: '', description: 'SASL user' }),
    KAFKA_SASL_PASSWORD: secretVar({ description: 'SASL password (never logged)' }),
    KAFKA_SSL_CA_FILE: stringVar({ default: '', description: 'PEM CA of the brokers (default: system CAs)' }),
    KAFKA_SSL_CERT_FILE: stringVar({ default: '', description: 'PEM client certificate (mutual TLS)' }),
    KAFKA_SSL_KEY_FILE: stringVar({ default: '', description: 'PEM client key (mutual TLS)' }),
    SCHEMA_REGISTRY_USERNAME: stringVar({ default: '', description: 'Registry basic-auth user' }),
    SCHEMA_REGISTRY_PASSWORD: secretVar({ description: 'Registry basic-auth password (never logged)' }),
    SCHEMA_REGISTRY_CA_FILE: stringVar({ default: '', description: 'PEM CA of an https registry' }),
  };
}

export interface SecurityConfig {
  readonly kafka: KafkaSecurity;
  readonly registry: RegistryAuth;
  /** True when the cluster asks for a login: topics are then provisioned by `netattack provision`, not by services. */
  readonly secured: boolean;
}

/**
 * Reads the security variables and checks that they fit together (a SASL protocol needs a mechanism,
 * user and password; a certificate needs its key; every file is readable), reporting every problem at
 * once. No message ever holds a password.
 */
export function readSecurityConfig(env: NodeJS.ProcessEnv = process.env): SecurityConfig {
  const raw = readEnv(securityEnv(), env);
  const problems: string[] = [];
  const protocol = raw.KAFKA_SECURITY_PROTOCOL;
  const sasl = protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';
  const tls = protocol === 'SSL' || protocol === 'SASL_SSL';

  if (sasl) {
    if (!(SASL_MECHANISMS as readonly string[]).includes(raw.KAFKA_SASL_MECHANISM)) {
      const given =
        raw.KAFKA_SASL_MECHANISM === '' ? 'it is not set' : `got ${JSON.stringify(raw.KAFKA_SASL_MECHANISM)}`;
      problems.push(
        `KAFKA_SASL_MECHANISM must be one of ${SASL_MECHANISMS.join(', ')} with KAFKA_SECURITY_PROTOCOL=${protocol} (${given})`,
      );
    }
    if (raw.KAFKA_SASL_USERNAME === '') problems.push(`KAFKA_SASL_USERNAME is required with ${protocol}`);
    if (raw.KAFKA_SASL_PASSWORD === '') problems.push(`KAFKA_SASL_PASSWORD is required with ${protocol}`);
  } else {
    for (const name of ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
      if (raw[name] !== '')
        problems.push(`${name} is set but KAFKA_SECURITY_PROTOCOL=${protocol} uses no SASL`);
    }
  }
  if (tls) {
    if ((raw.KAFKA_SSL_CERT_FILE === '') !== (raw.KAFKA_SSL_KEY_FILE === '')) {
      problems.push('KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together (mutual TLS needs both)');
    }
  } else {
    for (const name of ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'] as const) {
      if (raw[name] !== '')
        problems.push(`${name} is set but KAFKA_SECURITY_PROTOCOL=${protocol} uses no TLS`);
    }
  }
  for (const name of [
    'KAFKA_SSL_CA_FILE',
    'KAFKA_SSL_CERT_FILE',
    'KAFKA_SSL_KEY_FILE',
    'SCHEMA_REGISTRY_CA_FILE',
  ] as const) {
    const file = raw[name];
    if (file === '') continue;
    try {
      accessSync(file, constants.R_OK);
    } catch {
      problems.push(`${name} names a file that cannot be read (${JSON.stringify(file)})`);
    }
  }
  if (raw.SCHEMA_REGISTRY_PASSWORD !== '' && raw.SCHEMA_REGISTRY_USERNAME === '') {
    problems.push('SCHEMA_REGISTRY_PASSWORD is set without SCHEMA_REGISTRY_USERNAME');
  }
  if (problems.length > 0) {
    throw new PipelineError('CONFIG_INVALID', `Invalid configuration:\n  - ${problems.join('\n  - ')}`, {
      details: { problems },
    });
  }

  const tlsFiles: TlsFiles = {
    ...(raw.KAFKA_SSL_CA_FILE ? { caFile: raw.KAFKA_SSL_CA_FILE } : {}),
    ...(raw.KAFKA_SSL_CERT_FILE ? { certFile: raw.KAFKA_SSL_CERT_FILE } : {}),
    ...(raw.KAFKA_SSL_KEY_FILE ? { keyFile: raw.KAFKA_SSL_KEY_FILE } : {}),
  };
  const kafka: KafkaSecurity = {
    protocol,
    ...(sasl
      ? {
          sasl: {
            mechanism: raw.KAFKA_SASL_MECHANISM as SaslMechanism,
            username: raw.KAFKA_SASL_USERNAME,
            password: raw.KAFKA_SASL_PASSWORD,
          },
        }
      : {}),
    ...(tls ? { tls: tlsFiles } : {}),
  };
  const registry: RegistryAuth = {
    ...(raw.SCHEMA_REGISTRY_USERNAME
      ? { username: raw.SCHEMA_REGISTRY_USERNAME, password: raw.SCHEMA_REGISTRY_PASSWORD }
      : {}),
    ...(raw.SCHEMA_REGISTRY_CA_FILE ? { caFile: raw.SCHEMA_REGISTRY_CA_FILE } : {}),
  };
  return { kafka, registry, secured: protocol !== 'PLAINTEXT' };
}
