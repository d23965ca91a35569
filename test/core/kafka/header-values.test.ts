import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  headersFromList,
  headersFromObject,
  headersToList,
} from '../../../packages/core/src/kafka/header-values.ts';

describe('header values', () => {
  it('reads kafkajs headers (Buffers, strings, repeated values) as strings', () => {
    assert.deepEqual(
      headersFromObject({
        'netattack-source-file': Buffer.from('Wednesday-14-02-2018_slice.csv'),
        'netattack-source-line': '1137',
        repeated: [Buffer.from('first'), Buffer.from('last')],
        absent: undefined,
      }),
      {
        'netattack-source-file': 'Wednesday-14-02-2018_slice.csv',
        'netattack-source-line': '1137',
        repeated: 'last',
      },
    );
    assert.deepEqual(headersFromObject(undefined), {});
  });

  it('reads node-rdkafka header lists the same way', () => {
    assert.deepEqual(
      headersFromList([
        { file: Buffer.from('a.csv') },
        { line: Buffer.from('2') },
        { line: Buffer.from('3') },
      ]),
      { file: 'a.csv', line: '3' },
    );
  });

  it('writes headers as the list node-rdkafka takes, and nothing for none', () => {
    assert.deepEqual(headersToList({ file: 'a.csv', line: '2' }), [{ file: 'a.csv' }, { line: '2' }]);
    assert.equal(headersToList({}), undefined);
    assert.equal(headersToList(undefined), undefined);
  });
});
