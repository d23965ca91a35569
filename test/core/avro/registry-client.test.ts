import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Schema } from 'avsc';
import { AvroSerde } from '../../../packages/core/src/avro/avro-serde.ts';
import { RegistryClient } from '../../../packages/core/src/avro/registry-client.ts';
import { loadSchemaFile } from '../../../packages/core/src/avro/schema-files.ts';
import { PipelineError } from '../../../packages/core/src/errors.ts';
import type { FlowRecord } from '../../../packages/core/src/flow/flow-record.ts';
import { valueSubject } from '../../../packages/core/src/topology/topics.ts';
import { SHARED_DATA_MISSING } from '../../fixtures/paths.ts';
import { stackEnv } from '../../support/stack-env.ts';
import { uniqueName } from '../../support/unique-name.ts';
import { deleteSubjects } from '../kafka/registry-subjects.ts';

const registryUrl = () => stackEnv().registryUrl;

import { realFlows } from '../kafka/real-flows.ts';
import { plainValue } from './plain-value.ts';

type RecordSchema = { fields: { name: string }[] } & Record<string, unknown>;

function withField(schema: Schema, field: object): Schema {
  const record = schema as unknown as RecordSchema;
  return { ...record, fields: [...record.fields, field] } as unknown as Schema;
}

async function subjectCompatibility(subject: string): Promise<string> {
  const response = await fetch(`${registryUrl()}/config/${encodeURIComponent(subject)}`);
  return ((await response.json()) as { compatibilityLevel: string }).compatibilityLevel;
}

function isPipelineError(code: string, retriable: boolean, pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof PipelineError, `expected a PipelineError, got ${error}`);
    assert.equal(error.code, code);
    assert.equal(error.retriable, retriable);
    assert.match(error.message, pattern);
    return true;
  };
}

describe('the schema registry (real, Confluent API)', { skip: SHARED_DATA_MISSING }, () => {
  const topic = uniqueName('test.flows.raw');
  const subject = valueSubject(topic);
  const subjects = [subject];
  let rawSchema: Schema;
  let flows: FlowRecord[];

  before(async () => {
    rawSchema = await loadSchemaFile('raw-flow.avsc');
    flows = realFlows(300);
  });
  after(() => deleteSubjects(registryUrl(), subjects));

  it('registers under <topic>-value with BACKWARD, and again to the same id', async () => {
    const serde = new AvroSerde(new RegistryClient({ url: registryUrl() }));
    const id = await serde.register(topic, rawSchema);
    assert.ok(Number.isInteger(id) && id > 0);
    assert.equal(await subjectCompatibility(subject), 'BACKWARD');
    const listed = (await (await fetch(`${registryUrl()}/subjects`)).json()) as string[];
    assert.ok(listed.includes(subject));
    assert.equal(await new RegistryClient({ url: registryUrl() }).register(subject, rawSchema), id);
  });

  it('brings a subject set to another rule back to BACKWARD before registering', async () => {
    const other = valueSubject(uniqueName('test.alerts'));
    subjects.push(other);
    await fetch(`${registryUrl()}/config/${encodeURIComponent(other)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ compatibility: 'NONE' }),
    });
    await new RegistryClient({ url: registryUrl() }).register(other, await loadSchemaFile('alert.avsc'));
    assert.equal(await subjectCompatibility(other), 'BACKWARD');
  });

  it('refuses an incompatible change with SCHEMA_INCOMPATIBLE and accepts a compatible one', async () => {
    const serde = new AvroSerde(new RegistryClient({ url: registryUrl() }));
    const first = await serde.register(topic, rawSchema);
    // A new field without a default: readers on the new schema could not read old records.
    await assert.rejects(
      serde.register(topic, withField(rawSchema, { name: 'sensorId', type: 'string' })),
      isPipelineError(
        'SCHEMA_INCOMPATIBLE',
        false,
        new RegExp(`registering the schema of ${subject}: refused`),
      ),
    );
    const evolved = withField(rawSchema, { name: 'sensorId', type: 'string', default: 'unknown' });
    const second = await new AvroSerde(new RegistryClient({ url: registryUrl() })).register(topic, evolved);
    assert.ok(second > first);

    // A consumer on the evolved schema reads records written with the first one, fetched by id.
    const consumer = new AvroSerde(new RegistryClient({ url: registryUrl() }));
    consumer.useReader(topic, evolved);
    const outcomes = await consumer.decodeMany<FlowRecord & { sensorId: string }>(
      topic,
      serde.encodeMany(topic, flows),
    );
    outcomes.forEach((outcome, i) => {
      assert.ok(outcome.ok);
      assert.equal(outcome.schemaId, first);
      const { sensorId, ...rest } = outcome.value;
      assert.equal(sensorId, 'unknown');
      assert.deepEqual(plainValue(rest), flows[i]);
    });
    assert.deepEqual(consumer.cacheStats(), { writerFetches: 1, resolversBuilt: 1 });
  });

  it('says SCHEMA_INVALID for a schema that is not valid Avro', async () => {
    await assert.rejects(
      new RegistryClient({ url: registryUrl() }).register(
        subject,
        withField(rawSchema, { name: 'x', type: 'nosuch' }),
      ),
      isPipelineError('SCHEMA_INVALID', false, /nosuch/),
    );
  });

  it('says UNKNOWN_SCHEMA_ID for an id the registry never gave out', async () => {
    await assert.rejects(
      new RegistryClient({ url: registryUrl() }).writerType(2_000_000_000),
      isPipelineError(
        'UNKNOWN_SCHEMA_ID',
        false,
        /schema id 2000000000 is not known to the registry at http/,
      ),
    );
  });

  it('says REGISTRY_UNAVAILABLE, retriable, when nothing answers', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const down = new RegistryClient({ url: `http://127.0.0.1:${port}/apis/ccompat/v7` });
    await assert.rejects(
      down.register(subject, rawSchema),
      isPipelineError('REGISTRY_UNAVAILABLE', true, /ECONNREFUSED/),
    );
    await assert.rejects(down.writerType(1), isPipelineError('REGISTRY_UNAVAILABLE', true, /ECONNREFUSED/));
  });
});
