import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../fixtures/paths.ts';

function run(service: string, env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', `services/${service}/src/main.ts`], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('a service with bad configuration', () => {
  for (const service of ['producer', 'cleaner', 'features', 'scorer']) {
    it(`${service} stops at once, exit code 78, naming the variable and the form it expects`, () => {
      const result = run(service, { KAFKA_BROKERS: 'localhost', BATCH_SIZE: 'lots', DATA_PATHS: 'x' });
      assert.equal(result.status, 78, result.stderr);
      assert.match(result.stderr, /KAFKA_BROKERS must be a comma-separated list of host:port/);
      assert.match(result.stderr, /BATCH_SIZE must be an integer/);
    });
  }

  for (const service of ['cleaner', 'scorer']) {
    it(`${service} with DELIVERY neither at-least-once nor exactly-once stops at once with 78`, () => {
      const result = run(service, { DELIVERY: 'exactly-twice', KAFKA_BROKERS: '127.0.0.1:1' });
      assert.equal(result.status, 78, result.stderr);
      assert.match(
        result.stderr,
        /DELIVERY must be one of at-least-once, exactly-once \(expected one of at-least-once, exactly-once; got "exactly-twice"\)/,
      );
    });
  }

  it('scorer without a model exits non-zero saying where it looked', () => {
    const result = run('scorer', { MODEL_DIR: '/nonexistent/model', KAFKA_BROKERS: '127.0.0.1:1' });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /no model at \/nonexistent\/model/);
  });
});
