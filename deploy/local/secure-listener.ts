import { createLogger, PipelineError } from '@netattack/core';
import { createAcls } from '@netattack/core/kafka';
import { pipelineGrants, pipelinePrincipals } from '@netattack/core/runtime';
import type { SecureListenerInput } from './kafka-config-files.ts';
import type { ScramUsers } from './kafka-storage.ts';
import {
  ADMIN_USER,
  ensureSecureMaterial,
  readSecureMaterial,
  type SecureMaterial,
} from './secure-material.ts';
import { localBrokers, localRegistryUrl, localSecureBrokers, type StackConfig } from './stack-config.ts';

export interface SecureListenerPlan {
  /** For server.properties; undefined when the stack opens no secured listener. */
  readonly listener: SecureListenerInput | undefined;
  /** For the storage format: every user, with its password. */
  readonly scramUsers: ScramUsers;
}

/** Makes the certificates and users on first use; the listener stays closed with NETATTACK_KAFKA_SECURE_PORT=0. */
export async function planSecureListener(
  config: StackConfig,
  report: (line: string) => void,
): Promise<SecureListenerPlan> {
  if (config.securePort === 0) return { listener: undefined, scramUsers: {} };
  const { material, made } = await ensureSecureMaterial(config.stateDir);
  if (made) report(`made a CA, broker and client certificates and SCRAM users in ${material.dir}`);
  return {
    listener: {
      port: config.securePort,
      keystore: material.brokerKeystore,
      truststore: material.caFile,
      superUsers: ['User:ANONYMOUS', `User:${ADMIN_USER}`],
    },
    scramUsers: material.users,
  };
}

/**
 * Each service's principal gets its default topics and group (TOPIC_PREFIX empty), nothing else.
 * Written over the plaintext listener, whose ANONYMOUS principal is a super user. Idempotent.
 */
export async function grantStackAcls(config: StackConfig): Promise<number> {
  const grants = pipelineGrants(pipelinePrincipals(), { prefix: '' });
  await createAcls(
    { brokers: localBrokers(config), clientId: 'netattack-stack', logger: createLogger('stack', 'warn') },
    grants,
  );
  return grants.length;
}

/**
 * KEY=VALUE settings that point every command at the secured listener as `user` (the admin by
 * default: the one principal that may run every command, provisioning included).
 */
export function secureClientEnv(
  config: StackConfig,
  user: string = ADMIN_USER,
  material: SecureMaterial | undefined = readSecureMaterial(config.stateDir),
): Record<string, string> {
  if (!material || config.securePort === 0) {
    throw new PipelineError(
      'STACK_FAILED',
      `the local stack has no secured listener yet (state folder ${config.stateDir}): run \`npm run stack:up -- --secure\``,
    );
  }
  const password = material.users[user];
  if (password === undefined)
    throw new PipelineError('CONFIG_INVALID', `no SCRAM user ${user} in ${material.dir}`);
  return {
    KAFKA_BROKERS: localSecureBrokers(config).join(','),
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
    KAFKA_SASL_USERNAME: user,
    KAFKA_SASL_PASSWORD: password,
    KAFKA_SSL_CA_FILE: material.caFile,
    SCHEMA_REGISTRY_URL: localRegistryUrl(config),
  };
}

/** The plaintext settings, for `stack:env` without --secure. */
export function plainClientEnv(config: StackConfig): Record<string, string> {
  return { KAFKA_BROKERS: localBrokers(config).join(','), SCHEMA_REGISTRY_URL: localRegistryUrl(config) };
}
