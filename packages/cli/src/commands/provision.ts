import { createLogger, PipelineError } from '@netattack/core';
import { createAcls } from '@netattack/core/kafka';
import {
  type AclGrant,
  type PipelinePrincipals,
  PRINCIPAL_ROLES,
  type PrincipalRole,
  pipelineGrants,
  pipelinePrincipals,
} from '@netattack/core/runtime';
import { parseCommandArgs } from './args.ts';
import type { Command } from './command.ts';
import { connectFromEnv, readKafkaEnv } from './kafka-env.ts';

const OPTIONS = {
  acls: { type: 'boolean' },
  principal: { type: 'string', multiple: true },
} as const;

function parsePrincipals(items: readonly string[]): PipelinePrincipals {
  const overrides: Partial<Record<PrincipalRole, string>> = {};
  for (const item of items) {
    const [role, principal] = item.split('=', 2);
    if (!role || !principal || !(PRINCIPAL_ROLES as readonly string[]).includes(role)) {
      throw new PipelineError(
        'CONFIG_INVALID',
        `provision: --principal takes <${PRINCIPAL_ROLES.join('|')}>=User:<name>, got ${JSON.stringify(item)}`,
      );
    }
    overrides[role as PrincipalRole] = principal.includes(':') ? principal : `User:${principal}`;
  }
  return pipelinePrincipals(overrides);
}

function describeGrant(grant: AclGrant): string {
  const pattern = grant.pattern === 'prefixed' ? '*' : '';
  return `${grant.principal}  ${grant.operation.toUpperCase().padEnd(8)} ${grant.resourceType} ${grant.name}${pattern}`;
}

export const provision: Command = {
  usage: 'netattack provision [--acls] [--principal <service>=User:<name> ...]',
  summary:
    'Create the pipeline topics and register their schemas (and, with --acls, grant each service its topics).',
  help: `Run once per pipeline (TOPIC_PREFIX) by an operator whose principal may create topics, register
schemas and, with --acls, create ACLs. Safe to run again: what exists is left as it is.
Options:
  --acls                       grant each service's principal READ on its input topic and group and
                               WRITE on its outputs and the dead-letter topic (nothing else)
  --principal <role>=User:<n>  the principal of producer, cleaner, features, scorer or detector (the
                               fused deployment); default User:netattack-<role>
Environment: KAFKA_BROKERS, SCHEMA_REGISTRY_URL, KAFKA_CLIENT, TOPIC_PREFIX, TOPIC_PARTITIONS and the
security variables (see README).`,

  async run(args) {
    const { values } = parseCommandArgs('provision', args, OPTIONS);
    const principals = parsePrincipals(values.principal ?? []);
    const config = readKafkaEnv();
    const connection = await connectFromEnv('provision', { topology: 'create' });
    try {
      const names = Object.values(connection.topics);
      process.stdout.write(`topics and schemas ready: ${names.join(', ')}\n`);
    } finally {
      await connection.close();
    }
    if (values.acls) {
      const grants = pipelineGrants(principals, { prefix: config.TOPIC_PREFIX });
      await createAcls(
        {
          brokers: config.KAFKA_BROKERS,
          clientId: 'netattack-cli-provision',
          logger: createLogger('netattack-provision', process.env.LOG_LEVEL ?? 'warn', { stream: 'stderr' }),
          security: config.security.kafka,
        },
        grants,
      );
      process.stdout.write(`granted ${grants.length} ACLs:\n${grants.map(describeGrant).join('\n')}\n`);
    }
    return 0;
  },
};
