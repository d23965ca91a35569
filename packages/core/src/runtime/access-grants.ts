import { scopedTopics } from '../topology/topics.ts';
import { FUSED_ACCESS, serviceAccess, type TopicAccess } from './service-access.ts';
import { SERVICE_NAMES, SERVICES, type ServiceName } from './service-definitions.ts';

/** One ACL: ALLOW `operation` on a resource to a principal, from any host. */
export interface AclGrant {
  readonly principal: string;
  readonly resourceType: 'topic' | 'group' | 'transactionalId';
  readonly name: string;
  /** literal: exactly this name; prefixed: every name that starts with it. */
  readonly pattern: 'literal' | 'prefixed';
  readonly operation: 'read' | 'write' | 'describe';
}

export interface GrantScope {
  /** The TOPIC_PREFIX of the pipeline the grants are for. */
  readonly prefix: string;
}

/** The consumer group a service uses by default (service-config.ts): `<prefix>netattack-<service>`. */
export function defaultGroupId(service: string, prefix: string): string {
  return `${prefix}netattack-${service}`;
}

function grantsFor(
  principal: string,
  access: TopicAccess,
  group: string | undefined,
  scope: GrantScope,
): AclGrant[] {
  const topics = scopedTopics({ prefix: scope.prefix });
  const grants: AclGrant[] = [];
  for (const role of access.reads) {
    grants.push({
      principal,
      resourceType: 'topic',
      name: topics[role],
      pattern: 'literal',
      operation: 'read',
    });
  }
  for (const role of access.writes) {
    grants.push({
      principal,
      resourceType: 'topic',
      name: topics[role],
      pattern: 'literal',
      operation: 'write',
    });
  }
  if (group !== undefined) {
    grants.push({ principal, resourceType: 'group', name: group, pattern: 'literal', operation: 'read' });
    // DELIVERY=exactly-once: transactional ids start with the group id.
    for (const operation of ['write', 'describe'] as const) {
      grants.push({
        principal,
        resourceType: 'transactionalId',
        name: group,
        pattern: 'prefixed',
        operation,
      });
    }
  }
  return grants;
}

/** What a service's principal is granted: its input topic and group (READ), its outputs and dead letters (WRITE). */
export function serviceGrants(service: ServiceName, principal: string, scope: GrantScope): AclGrant[] {
  const definition = SERVICES[service];
  const group = definition.workload.kind === 'stages' ? defaultGroupId(service, scope.prefix) : undefined;
  return grantsFor(principal, serviceAccess(definition), group, scope);
}

/** The fused detector runs as the scorer (its group) with every stage: it reads flows.raw. */
export function fusedGrants(principal: string, scope: GrantScope): AclGrant[] {
  return grantsFor(principal, FUSED_ACCESS, defaultGroupId('scorer', scope.prefix), scope);
}

export interface PipelinePrincipals {
  readonly services: Readonly<Record<ServiceName, string>>;
  /** The fused deployment's principal, when it has one of its own. */
  readonly fused?: string;
}

/** Every grant a pipeline needs: each service's, and the fused detector's. */
export function pipelineGrants(principals: PipelinePrincipals, scope: GrantScope): AclGrant[] {
  const grants = (Object.keys(principals.services) as ServiceName[]).flatMap((service) =>
    serviceGrants(service, principals.services[service], scope),
  );
  if (principals.fused) grants.push(...fusedGrants(principals.fused, scope));
  return grants;
}

/** Who a principal is for: a service, or the fused deployment's one consumer. */
export type PrincipalRole = ServiceName | 'detector';
export const PRINCIPAL_ROLES: readonly PrincipalRole[] = [...SERVICE_NAMES, 'detector'];

/** The user name a role logs in as unless the operator chose another: `netattack-<role>`. */
export function defaultUser(role: PrincipalRole): string {
  return `netattack-${role}`;
}

/** `User:netattack-<role>` for every role, with `overrides` (role → principal) on top. */
export function pipelinePrincipals(
  overrides: Partial<Record<PrincipalRole, string>> = {},
): PipelinePrincipals {
  const principal = (role: PrincipalRole) => overrides[role] ?? `User:${defaultUser(role)}`;
  const services = Object.fromEntries(SERVICE_NAMES.map((name) => [name, principal(name)])) as Record<
    ServiceName,
    string
  >;
  return { services, fused: principal('detector') };
}
