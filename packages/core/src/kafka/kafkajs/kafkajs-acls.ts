import kafkajs from 'kafkajs';
import type { AclGrant } from '../../runtime/access-grants.ts';
import { type KafkaJsBusOptions, kafkaJsClient } from './kafkajs-bus.ts';
import { kafkaJsError } from './kafkajs-errors.ts';

export type AclAdminOptions = KafkaJsBusOptions;

// kafkajs is CommonJS: these enums are not visible to ESM named imports, only on the default export.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

const RESOURCE = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  transactionalId: AclResourceTypes.TRANSACTIONAL_ID,
} as const;
const OPERATION = {
  read: AclOperationTypes.READ,
  write: AclOperationTypes.WRITE,
  describe: AclOperationTypes.DESCRIBE,
} as const;
const PATTERN = { literal: ResourcePatternTypes.LITERAL, prefixed: ResourcePatternTypes.PREFIXED } as const;

/**
 * Creates ACLs (ALLOW, any host). Creating one that exists is a no-op on the broker, so this is
 * idempotent. kafkajs is the one of our clients whose admin has CreateAcls; whatever KAFKA_CLIENT the
 * services use, grants are written through it.
 */
export async function createAcls(options: AclAdminOptions, grants: readonly AclGrant[]): Promise<void> {
  if (grants.length === 0) return;
  await withAdmin(options, 'creating ACLs', (admin) => admin.createAcls({ acl: grants.map(toAcl) }));
}

/** Removes exactly these grants (a test's, or a pipeline's being retired). */
export async function deleteAcls(options: AclAdminOptions, grants: readonly AclGrant[]): Promise<void> {
  if (grants.length === 0) return;
  await withAdmin(options, 'deleting ACLs', (admin) => admin.deleteAcls({ filters: grants.map(toAcl) }));
}

function toAcl(grant: AclGrant) {
  return {
    resourceType: RESOURCE[grant.resourceType],
    resourceName: grant.name,
    resourcePatternType: PATTERN[grant.pattern],
    principal: grant.principal.startsWith('User:') ? grant.principal : `User:${grant.principal}`,
    host: '*',
    operation: OPERATION[grant.operation],
    permissionType: AclPermissionTypes.ALLOW,
  };
}

async function withAdmin(
  options: AclAdminOptions,
  context: string,
  action: (admin: kafkajs.Admin) => Promise<unknown>,
): Promise<void> {
  const kafka = kafkaJsClient(options);
  const admin = kafka.admin();
  try {
    await admin.connect();
    await action(admin);
  } catch (error) {
    throw kafkaJsError(context, error);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
