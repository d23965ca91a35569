import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { registryError } from '../../../packages/core/src/avro/registry-errors.ts';
import { PipelineError } from '../../../packages/core/src/errors.ts';

/** The shape @kafkajs/confluent-schema-registry rejects with (its ResponseError). */
const response = (status: number, message: string) => ({ name: 'ResponseError', status, message });

describe('registryError', () => {
  it('calls a failed connection or a server error REGISTRY_UNAVAILABLE, retriable', () => {
    for (const error of [
      response(400, 'Confluent_Schema_Registry - Error, status 400: connect ECONNREFUSED 127.0.0.1:8081'),
      response(503, 'Confluent_Schema_Registry - Service Unavailable'),
      response(408, 'Confluent_Schema_Registry - timeout'),
    ]) {
      const mapped = registryError('fetching writer schema 7', error);
      assert.equal(mapped.code, 'REGISTRY_UNAVAILABLE');
      assert.equal(mapped.retriable, true);
      assert.match(mapped.message, /^fetching writer schema 7: schema registry unavailable \(/);
      assert.doesNotMatch(mapped.message, /Confluent_Schema_Registry - /);
    }
  });

  it('calls a 409 SCHEMA_INCOMPATIBLE and other refusals SCHEMA_INVALID, neither retriable', () => {
    const refused = registryError('registering flows.raw-value', response(409, 'Incompatible artifact'));
    assert.equal(refused.code, 'SCHEMA_INCOMPATIBLE');
    assert.equal(refused.retriable, false);
    assert.equal(
      refused.message,
      'registering flows.raw-value: refused as incompatible (Incompatible artifact)',
    );
    const invalid = registryError('registering flows.raw-value', response(422, 'Invalid schema'));
    assert.equal(invalid.code, 'SCHEMA_INVALID');
    // A plain 400 that is not a socket error is the registry answering, not the registry missing.
    assert.equal(registryError('x', response(400, 'bad request body')).code, 'SCHEMA_INVALID');
  });

  it('lets the caller say what a 404 means', () => {
    const unknown = new PipelineError('UNKNOWN_SCHEMA_ID', 'schema id 9 is not known');
    assert.equal(
      registryError('fetching writer schema 9', response(404, 'No content'), () => unknown),
      unknown,
    );
  });
});
