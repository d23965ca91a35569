import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPipelineError } from '@netattack/core';
import { acquireStack } from './support/runner/acquire-stack.ts';
import { parseRunArgs, RUN_USAGE } from './support/runner/run-args.ts';
import { listTestFiles, selectTestFiles } from './support/runner/test-files.ts';

/**
 * What `npm test` runs: lint and typecheck, a real broker and registry (external, containers or the
 * local stack), then every test file through Node's runner with KAFKA_BROKERS and SCHEMA_REGISTRY_URL
 * set. It exits with the test runner's code and gives back only what it started, also on Ctrl-C.
 */

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

function say(line: string): void {
  process.stderr.write(`[test] ${line}\n`);
}

let child: ChildProcess | undefined;
let interrupted: NodeJS.Signals | undefined;

function onSignal(signal: NodeJS.Signals): void {
  if (interrupted) {
    say(`second ${signal}: exiting now; \`npm run stack:status\` shows whether a stack is left running`);
    process.exit(130);
  }
  interrupted = signal;
  say(`${signal}: stopping the tests, then what this run started`);
  child?.kill(signal);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

/** Runs a command with inherited stdio, so its output streams as it comes; resolves to its exit code. */
function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return new Promise((resolve, reject) => {
    child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      child = undefined;
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

async function lintAndTypecheck(): Promise<number> {
  say('biome check .');
  const lint = await run(bin('biome'), ['check', '.']);
  if (lint !== 0 || interrupted) return lint;
  say('tsc -p tsconfig.json');
  return run(bin('tsc'), ['-p', 'tsconfig.json']);
}

async function main(): Promise<number> {
  const args = parseRunArgs(process.argv.slice(2));
  const files = selectTestFiles(listTestFiles(root), args.filters);
  if (files.length === 0) {
    say(`no test file matches ${args.filters.join(', ')}\n${RUN_USAGE}`);
    return 2;
  }

  // The stack starts while lint and typecheck run: a cold JVM start overlaps with tsc instead of following it.
  const acquired = acquireStack(process.env, (line) => say(`stack: ${line}`)).then(
    (stack) => ({ ok: true as const, stack }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  try {
    if (args.lint) {
      const code = await lintAndTypecheck();
      if (interrupted) return 130;
      if (code !== 0) {
        say('lint or typecheck failed: tests not run');
        return code;
      }
    } else {
      say('--no-lint: skipping biome and tsc');
    }
    const outcome = await acquired;
    if (!outcome.ok) throw outcome.error;
    const { stack } = outcome;
    say(`stack: ${stack.kind}: ${stack.summary}`);
    say(`stack: ready in ${(stack.startupMs / 1000).toFixed(1)} s`);
    say(`KAFKA_BROKERS=${stack.brokers.join(',')} SCHEMA_REGISTRY_URL=${stack.registryUrl}`);
    if (interrupted) return 130;

    say(`node --test: ${files.length} file(s)`);
    const env = {
      ...process.env,
      KAFKA_BROKERS: stack.brokers.join(','),
      SCHEMA_REGISTRY_URL: stack.registryUrl,
      ...(stack.secureStateDir ? { NETATTACK_TEST_SECURE_STACK_DIR: stack.secureStateDir } : {}),
    };
    const testArgs = ['--import', 'tsx', '--test', '--test-concurrency=1', ...args.nodeTestFlags, ...files];
    const code = await run(process.execPath, testArgs, env);
    return interrupted ? 130 : code;
  } finally {
    // Also after an early return (lint failed, Ctrl-C): a stack that came up is given back.
    const outcome = await acquired;
    if (outcome.ok) {
      await outcome.stack.release().catch((error: unknown) => say(`stack: release failed: ${String(error)}`));
    }
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  say(
    isPipelineError(error)
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error),
  );
  process.exitCode = 1;
}
