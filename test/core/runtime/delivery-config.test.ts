import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { describe, it } from 'node:test';
import { isPipelineError } from '../../../packages/core/src/errors.ts';
import { transactionalIdOf } from '../../../packages/core/src/runtime/consume-stages.ts';
import { readCommonServiceConfig } from '../../../packages/core/src/runtime/service-config.ts';

describe('DELIVERY and INSTANCE_ID', () => {
  it('default to at-least-once and the host name', () => {
    const config = readCommonServiceConfig('scorer', 9103, {});
    assert.equal(config.DELIVERY, 'at-least-once');
    assert.equal(config.INSTANCE_ID, hostname());
  });

  it('exactly-once: the transactional id is the group and the instance, stable across restarts', () => {
    const env = { DELIVERY: 'exactly-once', TOPIC_PREFIX: 'site-a.', INSTANCE_ID: 'scorer-2' };
    const config = readCommonServiceConfig('scorer', 9103, env);
    assert.equal(config.DELIVERY, 'exactly-once');
    assert.equal(transactionalIdOf(config), 'site-a.netattack-scorer.scorer-2');
    assert.equal(transactionalIdOf(readCommonServiceConfig('scorer', 9103, env)), transactionalIdOf(config));
    assert.equal(
      transactionalIdOf(readCommonServiceConfig('scorer', 9103, { ...env, GROUP_ID: 'soc-scorers' })),
      'soc-scorers.scorer-2',
    );
  });

  it('refuses another DELIVERY, naming the variable and the values it takes', () => {
    assert.throws(
      () => readCommonServiceConfig('cleaner', 9101, { DELIVERY: 'exactly_once' }),
      (error) =>
        isPipelineError(error) &&
        error.code === 'CONFIG_INVALID' &&
        /DELIVERY must be one of at-least-once, exactly-once/.test(error.message) &&
        /got "exactly_once"/.test(error.message),
    );
  });
});
