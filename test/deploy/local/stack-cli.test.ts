import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type ProcessResult, runNode } from '../../support/run-process.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'netattack-stack-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the stack CLI with a controlled PATH and environment, as `npm run stack:<command>` would. */
function cli(command: string, env: Record<string, string>): Promise<ProcessResult> {
  return runNode(['--import', 'tsx', 'deploy/local/stack-cli.ts', command], {
    cwd: root,
    env: { HOME: dir, ...env },
  });
}

/** A folder holding a stand-in `java` that prints the given `java -version` output, and nothing else. */
function fakeJavaBin(name: string, versionLine: string): string {
  const bin = join(dir, name);
  mkdirSync(bin);
  writeFileSync(join(bin, 'java'), `#!/bin/sh\necho '${versionLine}' >&2\n`);
  chmodSync(join(bin, 'java'), 0o755);
  return bin;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

let ports: Record<string, string>;
before(async () => {
  // Ports nothing listens on, so `up` gets as far as the Java and Maven checks.
  // Distinct ports: each is released before the next call, so the same one can come back twice.
  const taken = new Set<number>();
  const distinctPort = async () => {
    for (;;) {
      const port = await freePort();
      if (!taken.has(port)) {
        taken.add(port);
        return port;
      }
    }
  };
  const [kafka, controller, registry] = [await distinctPort(), await distinctPort(), await distinctPort()];
  ports = {
    NETATTACK_KAFKA_PORT: String(kafka),
    NETATTACK_KAFKA_CONTROLLER_PORT: String(controller),
    NETATTACK_REGISTRY_PORT: String(registry),
    // No secured listener: its default port (9093) may be the shared stack's.
    NETATTACK_KAFKA_SECURE_PORT: '0',
  };
});

describe('stack CLI', () => {
  it('says what to install when Java is missing, and starts nothing', async () => {
    const stateDir = join(dir, 'no-java');
    const result = await cli('up', { ...ports, PATH: join(dir, 'empty-bin'), NETATTACK_STACK_DIR: stateDir });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /TOOL_MISSING: Java was not found \(tried "java"\)/);
    assert.match(result.stderr, /openjdk-17-jre-headless/);
    assert.deepEqual(readdirSync(join(stateDir, 'run')), [], 'no pid file, no lock left behind');
  });

  it('refuses Java older than 17', async () => {
    const bin = fakeJavaBin('java11', 'openjdk version "11.0.22" 2024-01-16');
    const result = await cli('up', { ...ports, PATH: bin, NETATTACK_STACK_DIR: join(dir, 'old-java') });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /Java 11 was found \("java"\), but Kafka 4 needs Java 17 or newer/);
  });

  it('says what to install when Maven is missing on a cold cache', async () => {
    const bin = fakeJavaBin('java17', 'openjdk version "17.0.15" 2025-04-15');
    const result = await cli('up', { ...ports, PATH: bin, NETATTACK_STACK_DIR: join(dir, 'no-maven') });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /TOOL_MISSING: Maven was not found/);
    assert.match(result.stderr, /apt-get install maven/);
  });

  it('reports a stopped stack with exit code 3 and prints where clients would connect', async () => {
    const result = await cli('status', { ...ports, NETATTACK_STACK_DIR: join(dir, 'status') });
    assert.equal(result.status, 3);
    assert.match(result.stdout, /Kafka +stopped/);
    assert.match(result.stdout, /Registry +stopped/);
    assert.match(result.stdout, new RegExp(`KAFKA_BROKERS=127\\.0\\.0\\.1:${ports.NETATTACK_KAFKA_PORT}\\n`));
    assert.match(
      result.stdout,
      new RegExp(
        `SCHEMA_REGISTRY_URL=http://127\\.0\\.0\\.1:${ports.NETATTACK_REGISTRY_PORT}/apis/ccompat/v7\\n`,
      ),
    );
  });

  it('stops nothing, successfully, when nothing runs (down is idempotent)', async () => {
    const env = { ...ports, NETATTACK_STACK_DIR: join(dir, 'down') };
    for (let i = 0; i < 2; i++) {
      const result = await cli('down', env);
      assert.equal(result.status, 0);
      assert.match(result.stderr, /nothing to stop/);
    }
  });

  it('rejects a bad setting before doing anything', async () => {
    const result = await cli('up', { NETATTACK_KAFKA_PORT: 'ninety', NETATTACK_STACK_DIR: join(dir, 'bad') });
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /CONFIG_INVALID: Invalid configuration:\n {2}- NETATTACK_KAFKA_PORT must be an integer/,
    );
  });

  it('prints its usage for an unknown command', async () => {
    const result = await cli('restart', { NETATTACK_STACK_DIR: join(dir, 'usage') });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /usage: .*up \[--secure\] \| down \| status \| env/);
  });
});
