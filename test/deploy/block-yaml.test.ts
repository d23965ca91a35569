import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBlockYaml, YamlSubsetError } from './block-yaml.ts';

describe('parseBlockYaml', () => {
  it('reads nested mappings, lists, quoted and plain scalars, and drops comments', () => {
    const text = [
      '# a comment line',
      'name: netattack',
      'services:',
      '  kafka:',
      '    image: apache/kafka:4.1.1 # trailing comment',
      '    ports:',
      '      - "127.0.0.1:9092:9092"',
      "      - '8081:8080'",
      '    environment:',
      '      KAFKA_NODE_ID: "1"',
      '      VOTERS: 1@kafka:9093',
      '      URL: http://registry:8080/apis/ccompat/v7',
      '    empty:',
      '  registry:',
      '    image: apicurio/apicurio-registry:3.0.9',
    ].join('\n');
    assert.deepEqual(parseBlockYaml(text), {
      name: 'netattack',
      services: {
        kafka: {
          image: 'apache/kafka:4.1.1',
          ports: ['127.0.0.1:9092:9092', '8081:8080'],
          environment: {
            KAFKA_NODE_ID: '1',
            VOTERS: '1@kafka:9093',
            URL: 'http://registry:8080/apis/ccompat/v7',
          },
          empty: null,
        },
        registry: { image: 'apicurio/apicurio-registry:3.0.9' },
      },
    });
  });

  const refused: [string, string, RegExp][] = [
    ['flow sequences', 'ports: ["9092:9092"]', /line 1: "\[" starts syntax/],
    ['flow mappings', 'env: {A: 1}', /line 1: "\{" starts syntax/],
    ['anchors', 'base: &base x', /line 1: "&"/],
    ['block scalars', 'text: |\n  many lines', /line 1: "\|"/],
    ['tabs', 'a:\n\tb: 1', /line 2: tab in indentation/],
    ['duplicate keys', 'a: 1\na: 2', /line 2: duplicate key a/],
    ['mappings in list items', 'list:\n  - a: 1', /line 2: mappings inside list items/],
    ['stray indentation', 'a: 1\n   b: 2', /line 2: unexpected indentation/],
  ];
  for (const [what, text, message] of refused) {
    it(`refuses ${what} with the line number`, () => {
      assert.throws(
        () => parseBlockYaml(text),
        (error: unknown) => {
          assert.ok(error instanceof YamlSubsetError);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});
