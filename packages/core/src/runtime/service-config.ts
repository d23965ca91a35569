import { hostname } from 'node:os';
import { enumVar, hostPortListVar, intVar, readEnv, stringVar, urlVar } from '../config/env.ts';
import { DEFAULT_KAFKA_CLIENT, DELIVERY_MODES, KAFKA_CLIENTS } from '../kafka/bus.ts';
import { DEFAULT_PARTITIONS } from '../topology/topics.ts';
import { defaultGroupId } from './access-grants.ts';
import { readSecurityConfig, type SecurityConfig } from './security-config.ts';

/** Settings every service reads; a service adds its own with `readEnv` beside these. */
export function commonServiceEnv(defaultHealthPort: number) {
  return {
    KAFKA_BROKERS: hostPortListVar({ default: ['127.0.0.1:9092'], description: 'Kafka bootstrap servers' }),
    SCHEMA_REGISTRY_URL: urlVar({
      default: 'http://127.0.0.1:8081/apis/ccompat/v7',
      description: 'Confluent-compatible schema registry base URL',
    }),
    KAFKA_CLIENT: enumVar(KAFKA_CLIENTS, {
      default: DEFAULT_KAFKA_CLIENT,
      description: 'Kafka client library',
    }),
    TOPIC_PREFIX: stringVar({
      default: '',
      description: 'Prefix of every topic name (several pipelines on one cluster)',
    }),
    GROUP_ID: stringVar({
      default: '',
      description:
        'Consumer group (default: <TOPIC_PREFIX>netattack-<service>, so pipelines on one cluster never share a group)',
    }),
    HEALTH_PORT: intVar({
      default: defaultHealthPort,
      min: 0,
      max: 65535,
      description: 'Health and metrics port (0: any free port)',
    }),
    TOPIC_PARTITIONS: intVar({
      default: DEFAULT_PARTITIONS,
      min: DEFAULT_PARTITIONS,
      max: 1024,
      description:
        'Partitions of the topics a service provisions: the most instances of one service that share the work',
    }),
    PARTITIONS_CONCURRENTLY: intVar({
      // Our topics have 6 partitions. The batches taken at once are joined into one stage call and one
      // produce (coalesce-batches.ts), which cut the median alert latency at 2,000 flows/s by 2-4x on
      // 2 cores (bench/README.md, bench/pipeline/run.ts).
      default: 6,
      min: 1,
      max: 64,
      description:
        'Partition batches taken at once and handled as one (one produce, one acknowledgement wait)',
    }),
    BATCH_SIZE: intVar({
      default: 2000,
      min: 1,
      max: 100_000,
      description: 'Most records handled per batch',
    }),
    DELIVERY: enumVar(DELIVERY_MODES, {
      default: 'at-least-once',
      description:
        'at-least-once, or exactly-once: a consuming service writes its outputs and commits its input offsets in one Kafka transaction, and reads committed records only',
    }),
    INSTANCE_ID: stringVar({
      default: hostname(),
      description:
        'This instance among those of one service (exactly-once: its transactional id is <GROUP_ID>.<INSTANCE_ID>); give each instance its own, the same across its restarts',
    }),
    KAFKA_RETRY_TIMEOUT_S: intVar({
      default: 120,
      min: 1,
      max: 86_400,
      description:
        'Seconds the broker (or the registry) may stay unreachable, retried with back-off and readiness off, before the service exits non-zero',
    }),
    SCHEMA_WAIT_TIMEOUT_S: intVar({
      default: 30,
      min: 0,
      max: 86_400,
      description:
        'Seconds a record whose schema id the registry does not know is retried before it is dead-lettered (UNKNOWN_SCHEMA_ID)',
    }),
    TOPOLOGY: enumVar(['auto', 'create', 'check'], {
      default: 'auto',
      description:
        'At start, create the topics and schemas (create) or only check they exist (check); auto: check on a secured cluster, where `netattack provision` creates them',
    }),
    LOG_LEVEL: enumVar(['trace', 'debug', 'info', 'warn', 'error', 'fatal'], { default: 'info' }),
  };
}

export type CommonServiceConfig = ReturnType<typeof readCommonServiceConfig>;

export function readCommonServiceConfig(
  service: string,
  defaultHealthPort: number,
  env: NodeJS.ProcessEnv = process.env,
) {
  const config = readEnv(commonServiceEnv(defaultHealthPort), env);
  const security = readSecurityConfig(env);
  return {
    ...config,
    GROUP_ID: config.GROUP_ID || defaultGroupId(service, config.TOPIC_PREFIX),
    security,
    topology: topologyMode(config.TOPOLOGY, security),
  };
}

/** auto: a secured cluster is provisioned by the operator (`netattack provision`); the local plaintext stack by whoever starts first. */
export function topologyMode(
  setting: 'auto' | 'create' | 'check',
  security: SecurityConfig,
): 'create' | 'check' {
  if (setting !== 'auto') return setting;
  return security.secured ? 'check' : 'create';
}
