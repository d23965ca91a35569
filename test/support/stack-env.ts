import { hostPortListVar, isPipelineError, readEnv, urlVar } from '@netattack/core';

export interface StackEnv {
  readonly brokers: string[];
  readonly registryUrl: string;
}

const HOW_TO_RUN =
  'Integration tests need a real broker and schema registry: run them through `npm test` (it starts the local stack when none runs, e.g. `npm test -- test/core/kafka`), or start one with `npm run stack:up` and set KAFKA_BROKERS and SCHEMA_REGISTRY_URL as `npm run stack:status` prints them.';

/**
 * The broker and registry an integration test must use. There is deliberately no fallback and no skip:
 * without the variables, or with malformed ones, the test fails with a message saying how to run it.
 */
export function stackEnv(env: NodeJS.ProcessEnv = process.env): StackEnv {
  try {
    const parsed = readEnv({ KAFKA_BROKERS: hostPortListVar(), SCHEMA_REGISTRY_URL: urlVar() }, env);
    return { brokers: parsed.KAFKA_BROKERS, registryUrl: parsed.SCHEMA_REGISTRY_URL };
  } catch (error) {
    if (!isPipelineError(error)) throw error;
    throw new Error(`${error.message}\n${HOW_TO_RUN}`, { cause: error });
  }
}
