import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compileType } from '../../../packages/core/src/avro/compile-type.ts';
import {
  loadSchemaFile,
  loadTopicSchemas,
  SCHEMAS_DIR_ENV,
  schemasDir,
} from '../../../packages/core/src/avro/schema-files.ts';
import { PipelineError } from '../../../packages/core/src/errors.ts';
import { TOPIC_SCHEMA_FILES } from '../../../packages/core/src/topology/topics.ts';
import { FIXTURES, REPO_ROOT } from '../../fixtures/paths.ts';

describe('schema files', () => {
  it('finds schemas/ at the repository root, or where the environment points', () => {
    assert.equal(schemasDir({}), `${join(REPO_ROOT, 'schemas')}/`);
    assert.equal(schemasDir({ [SCHEMAS_DIR_ENV]: '/opt/netattack/schemas' }), '/opt/netattack/schemas');
  });

  it('loads one schema per topic role, each a record that compiles', async () => {
    const schemas = await loadTopicSchemas();
    const files = (await readdir(join(REPO_ROOT, 'schemas'))).filter((f) => f.endsWith('.avsc')).sort();
    assert.deepEqual(Object.values(TOPIC_SCHEMA_FILES).sort(), files);
    for (const [role, schema] of Object.entries(schemas)) {
      const type = compileType(schema);
      assert.equal(type.typeName, 'record', role);
      assert.ok((type.schema() as { fields: unknown[] }).fields.length > 0, role);
    }
  });

  it('compiles a schema once and hands back the same Type for the same text', async () => {
    const schema = await loadSchemaFile('raw-flow.avsc');
    assert.equal(compileType(schema), compileType(JSON.parse(JSON.stringify(schema))));
    assert.equal(compileType(schema), compileType(JSON.stringify(schema)));
  });

  it('says which file is missing and how to point elsewhere', async () => {
    await assert.rejects(loadSchemaFile('raw-flow.avsc', FIXTURES), (error: unknown) => {
      assert.ok(error instanceof PipelineError);
      assert.equal(error.code, 'FILE_NOT_FOUND');
      assert.match(error.message, /raw-flow\.avsc could not be read \(set NETATTACK_SCHEMAS_DIR/);
      return true;
    });
  });

  it('refuses a schema avsc cannot compile with SCHEMA_INVALID', () => {
    assert.throws(
      () => compileType({ type: 'record', name: 'Broken', fields: [{ name: 'a', type: 'nosuch' }] }),
      (error: unknown) =>
        error instanceof PipelineError && error.code === 'SCHEMA_INVALID' && /nosuch/.test(error.message),
    );
  });
});
