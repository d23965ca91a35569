import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import avro from 'avsc';
import { cleanFlow } from '../../../packages/core/src/clean/clean-flow.ts';
import { readFlowRows } from '../../../packages/core/src/flow/csv-reader.ts';
import { fixture, REPO_ROOT } from '../../fixtures/paths.ts';

function schema(file: string): avro.Type {
  return avro.Type.forSchema(JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', file), 'utf8')));
}

const FIXTURES = [
  'cic2018-80.csv',
  'cic2018-79.csv',
  'cic2018-84.csv',
  'cic2017-machinelearningcve.csv',
  'cic2017-trafficlabelling.csv',
  'cicflowmeter-v4.csv',
  'traps.csv',
].map(fixture);

describe('records against their Avro schemas', () => {
  it('every parsed record is a valid raw flow and every cleaned one a valid clean flow, round-tripping', async () => {
    const raw = schema('raw-flow.avsc');
    const clean = schema('clean-flow.avsc');
    let rows = 0;
    for await (const result of readFlowRows(FIXTURES)) {
      if (!result.ok) continue;
      const errors: string[] = [];
      const hook = (path: string[]) => errors.push(path.join('.'));
      assert.ok(raw.isValid(result.record, { errorHook: hook }), `${result.record.recordId}: ${errors}`);
      const flow = cleanFlow(result.record);
      assert.ok(clean.isValid(flow, { errorHook: hook }), `${flow.recordId}: ${errors}`);
      // avsc decodes into record classes; compare the plain data.
      assert.deepEqual(JSON.parse(JSON.stringify(clean.fromBuffer(clean.toBuffer(flow)))), flow);
      rows++;
    }
    assert.equal(rows, 37 + 24 + 30 + 25 + 31 + 1 + 10);
  });
});
