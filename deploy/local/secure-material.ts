import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PipelineError } from '@netattack/core';
import { defaultUser, PRINCIPAL_ROLES, type PrincipalRole } from '@netattack/core/runtime';
import { runCommand } from './processes.ts';

/**
 * What the secured listener needs, made once per state folder and kept there: a CA, a broker
 * certificate for 127.0.0.1/localhost signed by it, a client certificate (for mutual TLS), and one
 * SCRAM-SHA-512 user per principal with a random password. Regenerated only when a file is missing.
 */
export interface SecureMaterial {
  readonly dir: string;
  readonly caFile: string;
  /** PEM key (PKCS#8, unencrypted) and certificate in one file: Kafka's PEM keystore form. */
  readonly brokerKeystore: string;
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
  /** user name → password */
  readonly users: Readonly<Record<string, string>>;
}

/** The operator's principal: provisions topics, schemas and ACLs (a super user of the local broker). */
export const ADMIN_USER = 'netattack-admin';

/** One principal per service (and one for the fused detector), each granted only its own topics. */
export const SERVICE_USERS = Object.fromEntries(
  PRINCIPAL_ROLES.map((role) => [role, defaultUser(role)]),
) as Record<PrincipalRole, string>;

/** Has a login but no ACL at all: what a service with a missing grant looks like. */
export const UNPRIVILEGED_USER = 'netattack-nobody';

export const SECURE_USERS: readonly string[] = [
  ADMIN_USER,
  ...Object.values(SERVICE_USERS),
  UNPRIVILEGED_USER,
];

export function secureMaterialPaths(stateDir: string) {
  const dir = join(stateDir, 'secure');
  return {
    dir,
    caKey: join(dir, 'ca-key.pem'),
    caFile: join(dir, 'ca.pem'),
    brokerKeystore: join(dir, 'broker-keystore.pem'),
    clientCertFile: join(dir, 'client.pem'),
    clientKeyFile: join(dir, 'client-key.pem'),
    usersFile: join(dir, 'users.json'),
  };
}

/** Reads what `ensureSecureMaterial` made; undefined when the stack never made it. */
export function readSecureMaterial(stateDir: string): SecureMaterial | undefined {
  const paths = secureMaterialPaths(stateDir);
  const files = [
    paths.caFile,
    paths.brokerKeystore,
    paths.clientCertFile,
    paths.clientKeyFile,
    paths.usersFile,
  ];
  if (!files.every((file) => existsSync(file))) return undefined;
  const users = JSON.parse(readFileSync(paths.usersFile, 'utf8')) as Record<string, string>;
  if (!SECURE_USERS.every((user) => typeof users[user] === 'string')) return undefined;
  return {
    dir: paths.dir,
    caFile: paths.caFile,
    brokerKeystore: paths.brokerKeystore,
    clientCertFile: paths.clientCertFile,
    clientKeyFile: paths.clientKeyFile,
    users,
  };
}

async function openssl(args: string[], cwd: string): Promise<void> {
  const result = await runCommand('openssl', args, cwd);
  if (result.code !== 0) {
    throw new PipelineError('STACK_FAILED', `openssl ${args[0]} failed: ${result.output.trim()}`);
  }
}

/**
 * Makes the CA, certificates and users when any is missing, in a temporary folder renamed into place
 * at the end, so an interrupted run leaves nothing half-made. Returns whether it made them.
 */
export async function ensureSecureMaterial(
  stateDir: string,
): Promise<{ material: SecureMaterial; made: boolean }> {
  const existing = readSecureMaterial(stateDir);
  if (existing) return { material: existing, made: false };
  const paths = secureMaterialPaths(stateDir);
  const work = `${paths.dir}.tmp-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true, mode: 0o700 });
  const at = (file: string) => join(work, file);
  const days = '3650';
  try {
    await openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        days,
        '-subj',
        '/CN=netattack local CA',
        '-keyout',
        at('ca-key.pem'),
        '-out',
        at('ca.pem'),
      ],
      work,
    );
    for (const [name, subject, extension] of [
      ['broker', '/CN=localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
      ['client', '/CN=netattack-client', 'extendedKeyUsage=clientAuth'],
    ] as const) {
      await openssl(
        ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', at(`${name}-key.pem`)],
        work,
      );
      await openssl(
        ['req', '-new', '-key', at(`${name}-key.pem`), '-subj', subject, '-out', at(`${name}.csr`)],
        work,
      );
      writeFileSync(at(`${name}.ext`), `${extension}\n`);
      await openssl(
        [
          'x509',
          '-req',
          '-in',
          at(`${name}.csr`),
          '-CA',
          at('ca.pem'),
          '-CAkey',
          at('ca-key.pem'),
          '-CAcreateserial',
          '-days',
          days,
          '-sha256',
          '-extfile',
          at(`${name}.ext`),
          '-out',
          at(`${name}.pem`),
        ],
        work,
      );
    }
    // Kafka's PEM keystore: the PKCS#8 key, then the certificate chain.
    writeFileSync(
      at('broker-keystore.pem'),
      `${readFileSync(at('broker-key.pem'), 'utf8')}${readFileSync(at('broker.pem'), 'utf8')}${readFileSync(at('ca.pem'), 'utf8')}`,
    );
    const users = Object.fromEntries(
      SECURE_USERS.map((user) => [user, randomBytes(18).toString('base64url')]),
    );
    writeFileSync(at('users.json'), `${JSON.stringify(users, null, 2)}\n`, { mode: 0o600 });
    for (const file of ['ca-key.pem', 'broker-key.pem', 'client-key.pem', 'broker-keystore.pem']) {
      chmodSync(at(file), 0o600);
    }
    rmSync(paths.dir, { recursive: true, force: true });
    renameSync(work, paths.dir);
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  const material = readSecureMaterial(stateDir);
  if (!material) throw new PipelineError('STACK_FAILED', `secure material in ${paths.dir} is incomplete`);
  return { material, made: true };
}
