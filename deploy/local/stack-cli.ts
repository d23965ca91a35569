import { parseArgs } from 'node:util';
import { isPipelineError, PipelineError } from '@netattack/core';
import { plainClientEnv, secureClientEnv } from './secure-listener.ts';
import { claimForUser } from './shared-sessions.ts';
import { type ComponentStatus, type StackStatus, stackDown, stackStatus, stackUp } from './stack.ts';
import { readStackConfig } from './stack-config.ts';

const USAGE =
  'usage: node --import tsx deploy/local/stack-cli.ts up [--secure] | down | status | env [--secure] [--user <name>]';

/** Exit code of `status` when something does not answer (the LSB convention for "not running"). */
const NOT_RUNNING = 3;

function report(line: string): void {
  process.stderr.write(`[stack] ${line}\n`);
}

function describe(component: ComponentStatus): string {
  const label = component.name === 'kafka' ? 'Kafka   ' : 'Registry';
  const state =
    component.state === 'running'
      ? `running (pid ${component.pid})`
      : component.state === 'found'
        ? 'found (answering, not started by this manager)'
        : component.state;
  const answer = component.answers ? `answers: ${component.detail}` : `does not answer: ${component.detail}`;
  const log = component.logFile ? `\n           log: ${component.logFile}` : '';
  return `${label}   ${state}\n           ${answer}${log}`;
}

function printStatus(status: StackStatus): void {
  const lines = [
    describe(status.kafka),
    describe(status.registry),
    `state folder: ${status.stateDir}`,
    '',
    `KAFKA_BROKERS=${status.brokers.join(',')}`,
    `SCHEMA_REGISTRY_URL=${status.registryUrl}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(command: string | undefined, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { secure: { type: 'boolean' }, user: { type: 'string' } },
    strict: true,
  });
  const config = readStackConfig();
  if (values.secure && config.securePort === 0) {
    throw new PipelineError(
      'CONFIG_INVALID',
      '--secure needs the secured listener: NETATTACK_KAFKA_SECURE_PORT is 0',
    );
  }
  switch (command) {
    case 'env': {
      // Only KEY=VALUE lines on stdout, so that `eval "$(npm run -s stack:env -- --secure)"` works.
      const env = values.secure ? secureClientEnv(config, values.user) : plainClientEnv(config);
      process.stdout.write(
        Object.entries(env)
          .map(([key, value]) => `${key}=${shellQuote(value)}\n`)
          .join(''),
      );
      return 0;
    }
    case 'up': {
      const result = await stackUp(config, report);
      await claimForUser(config, report);
      if (values.secure) {
        const secure = secureClientEnv(config);
        report(
          `secured listener: ${secure.KAFKA_BROKERS} (SASL_SSL, SCRAM-SHA-512); use it with: set -a; eval "$(npm run -s stack:env -- --secure)"; set +a`,
        );
      }
      const how = result.started.length === 0 ? 'already up' : `${result.fetched ? 'cold' : 'warm'} start`;
      report(`${how} in ${(result.elapsedMs / 1000).toFixed(1)} s`);
      printStatus(result.status);
      return 0;
    }
    case 'down': {
      const stopped = await stackDown(config, report);
      await claimForUser(config, report);
      if (stopped.length === 0) report('nothing to stop: no component started by this manager is running');
      if (config.externalBrokers || config.externalRegistryUrl) {
        report(
          'KAFKA_BROKERS / SCHEMA_REGISTRY_URL point at another cluster: that one is not stopped from here',
        );
      }
      return 0;
    }
    case 'status': {
      const status = await stackStatus(config);
      printStatus(status);
      return status.kafka.answers && status.registry.answers ? 0 : NOT_RUNNING;
    }
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

/** Single quotes for the shell; passwords are URL-safe base64, but paths may hold spaces. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

try {
  process.exitCode = await main(process.argv[2], process.argv.slice(3));
} catch (error) {
  if (!isPipelineError(error)) throw error;
  process.stderr.write(`[stack] ${error.code}: ${error.message}\n`);
  process.exitCode = 1;
}
