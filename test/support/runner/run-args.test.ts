import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRunArgs } from './run-args.ts';

describe('parseRunArgs', () => {
  it('runs everything with lint by default', () => {
    assert.deepEqual(parseRunArgs([]), { lint: true, filters: [], nodeTestFlags: [] });
  });

  it('takes path filters, --no-lint and --test-* flags in any order', () => {
    assert.deepEqual(
      parseRunArgs(['./test/core/flow/', '--no-lint', '--test-name-pattern=round', 'test\\deploy']),
      {
        lint: false,
        filters: ['test/core/flow', 'test/deploy'],
        nodeTestFlags: ['--test-name-pattern=round'],
      },
    );
  });

  it('refuses an unknown option with the usage', () => {
    assert.throws(() => parseRunArgs(['--fast']), /unknown option --fast\nusage: npm test/);
  });
});
