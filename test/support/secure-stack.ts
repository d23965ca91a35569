import { readSecurityConfig, type SecurityConfig } from '@netattack/core/runtime';
import { secureClientEnv } from '../../deploy/local/secure-listener.ts';
import { ADMIN_USER, readSecureMaterial, type SecureMaterial } from '../../deploy/local/secure-material.ts';
import { readStackConfig } from '../../deploy/local/stack-config.ts';

/**
 * The secured listener of the local stack `npm test` runs on (its CA and SCRAM users are in the
 * stack's state folder, which the runner names in NETATTACK_TEST_SECURE_STACK_DIR).
 */
export interface SecureStack {
  readonly material: SecureMaterial;
  /** KAFKA_BROKERS (the SASL_SSL listener), the security variables and SCHEMA_REGISTRY_URL, as `user`. */
  env(user?: string): Record<string, string>;
  /** The admin's login, for a test's own connection. */
  adminSecurity(): SecurityConfig;
}

function load(): SecureStack | string {
  const dir = process.env.NETATTACK_TEST_SECURE_STACK_DIR;
  if (!dir) {
    return 'no secured listener: these tests need the local stack that `npm test` starts (NETATTACK_TEST_SECURE_STACK_DIR unset; an external or container stack has none)';
  }
  const config = readStackConfig({
    ...process.env,
    NETATTACK_STACK_DIR: dir,
    KAFKA_BROKERS: '',
    SCHEMA_REGISTRY_URL: '',
  });
  const material = readSecureMaterial(dir);
  if (!material)
    return `no secure material in ${dir}/secure: restart the stack with \`npm run stack:up -- --secure\``;
  return {
    material,
    env: (user = ADMIN_USER) => secureClientEnv(config, user, material),
    adminSecurity: () => readSecurityConfig(secureClientEnv(config, ADMIN_USER, material)),
  };
}

const loaded = load();
export const SECURE_STACK: SecureStack | undefined = typeof loaded === 'string' ? undefined : loaded;
/** A skip reason when there is no secured listener to test against, else false. */
export const SECURE_STACK_MISSING: string | false = typeof loaded === 'string' ? loaded : false;
