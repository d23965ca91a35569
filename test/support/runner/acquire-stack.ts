import { enumVar, PipelineError, readEnv } from '@netattack/core';
import { probeKafka, probeRegistry } from '../../../deploy/local/probes.ts';
import { readSecureMaterial } from '../../../deploy/local/secure-material.ts';
import { beginSession, endSession } from '../../../deploy/local/shared-sessions.ts';
import { readStackConfig } from '../../../deploy/local/stack-config.ts';
import { dockerEngineAnswers, KAFKA_IMAGE, REGISTRY_IMAGE, startDockerStack } from './docker-stack.ts';

export type Report = (line: string) => void;

export interface AcquiredStack {
  readonly kind: 'external' | 'docker' | 'local';
  readonly brokers: string[];
  readonly registryUrl: string;
  readonly startupMs: number;
  /** One line for the run's log: which stack, and whether this run started it. */
  readonly summary: string;
  /** State folder of a local stack with a secured listener (its CA and users): the secured-cluster tests need it. */
  readonly secureStateDir?: string;
  /** Gives back what this run started; a stack found running is left as it was. */
  release(): Promise<void>;
}

/**
 * The broker and registry for one test run, in the order the project promises: KAFKA_BROKERS and
 * SCHEMA_REGISTRY_URL when both are set; else containers when a Docker engine answers; else the local
 * stack from deploy/local (started when none runs). NETATTACK_TEST_STACK=docker|local forces a path.
 */
export async function acquireStack(env: NodeJS.ProcessEnv, report: Report): Promise<AcquiredStack> {
  const began = Date.now();
  const { NETATTACK_TEST_STACK: choice } = readEnv(
    { NETATTACK_TEST_STACK: enumVar(['auto', 'docker', 'local'], { default: 'auto' }) },
    env,
  );
  const brokersSet = Boolean(env.KAFKA_BROKERS?.trim());
  const registrySet = Boolean(env.SCHEMA_REGISTRY_URL?.trim());

  if (brokersSet && registrySet) {
    const config = readStackConfig(env);
    const brokers = config.externalBrokers!;
    const registryUrl = config.externalRegistryUrl!;
    await requireAnswers(brokers, registryUrl);
    return {
      kind: 'external',
      brokers,
      registryUrl,
      startupMs: Date.now() - began,
      summary:
        'external cluster from KAFKA_BROKERS and SCHEMA_REGISTRY_URL (not started or stopped by this run)',
      release: async () => undefined,
    };
  }

  if (!brokersSet && !registrySet && choice !== 'local') {
    if (await dockerEngineAnswers()) {
      report(`a Docker engine answers: starting ${KAFKA_IMAGE} and ${REGISTRY_IMAGE} with testcontainers`);
      const stack = await startDockerStack();
      return {
        kind: 'docker',
        brokers: stack.brokers,
        registryUrl: stack.registryUrl,
        startupMs: Date.now() - began,
        summary: `containers ${KAFKA_IMAGE} and ${REGISTRY_IMAGE} (testcontainers, removed at the end)`,
        release: () => stack.stop(),
      };
    }
    if (choice === 'docker') {
      throw new PipelineError('TOOL_MISSING', 'NETATTACK_TEST_STACK=docker, but no Docker engine answers');
    }
  }

  const config = readStackConfig(env);
  const result = await beginSession(config, report);
  const how =
    result.started.length === 0
      ? 'already running, used as found (one that test runs started is stopped by the last run to end)'
      : `${result.started.join(' and ')} started by this run (${result.fetched ? 'cold: fetched from Maven Central' : 'warm cache'}), stopped at the end`;
  return {
    kind: 'local',
    brokers: result.status.brokers,
    registryUrl: result.status.registryUrl,
    startupMs: Date.now() - began,
    summary: `local stack in ${config.stateDir}: ${how}`,
    ...(config.securePort !== 0 && readSecureMaterial(config.stateDir)
      ? { secureStateDir: config.stateDir }
      : {}),
    release: async () => {
      await endSession(config, report);
    },
  };
}

async function requireAnswers(brokers: string[], registryUrl: string): Promise<void> {
  const [kafka, registry] = await Promise.all([
    probeKafka(brokers, 10_000),
    probeRegistry(registryUrl, 10_000),
  ]);
  const problems: string[] = [];
  if (!kafka.ok) problems.push(`KAFKA_BROKERS=${brokers.join(',')} does not answer: ${kafka.reason}`);
  if (!registry.ok) problems.push(`SCHEMA_REGISTRY_URL=${registryUrl} does not answer: ${registry.reason}`);
  if (problems.length > 0) {
    throw new PipelineError(kafka.ok ? 'REGISTRY_UNAVAILABLE' : 'KAFKA_UNAVAILABLE', problems.join('\n'));
  }
}
