import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import avro from 'avsc';
import type { CleanFlow } from '../../../packages/core/src/clean/clean-flow.ts';
import { readFlowRows } from '../../../packages/core/src/flow/csv-reader.ts';
import type { FlowRecord } from '../../../packages/core/src/flow/flow-record.ts';
import { ScoringModel } from '../../../packages/core/src/model/scoring-model.ts';
import { cleanStage } from '../../../packages/core/src/stages/clean-stage.ts';
import { featuresStage } from '../../../packages/core/src/stages/features-stage.ts';
import { scoreStage } from '../../../packages/core/src/stages/score-stage.ts';
import type { FeatureVector } from '../../../packages/core/src/topology/records.ts';
import { evaluateModel } from '../../../packages/core/src/train/evaluate-model.ts';
import { REPO_ROOT } from '../../fixtures/paths.ts';

const MODEL = join(REPO_ROOT, 'models/default');
const SAMPLE = join(REPO_ROOT, 'data/sample/cic2018');
const scratch = await mkdtemp(join(tmpdir(), 'netattack-parity-'));
after(() => rm(scratch, { recursive: true, force: true }));

function avroType(file: string): avro.Type {
  return avro.Type.forSchema(JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', file), 'utf8')));
}
const RAW = avroType('raw-flow.avsc');
const CLEAN = avroType('clean-flow.avsc');
const FEATURES = avroType('feature-vector.avsc');

/** What crossing a topic does to a record: encode with the topic's schema, decode again. */
function overTopic<T>(type: avro.Type, value: T): T {
  return type.fromBuffer(type.toBuffer(value)) as T;
}

function okValues<T>(results: ReturnType<typeof cleanStage> | { ok: boolean; value?: T }[]): T[] {
  return (results as { ok: boolean; value?: T }[]).map((r) => {
    assert.ok(r.ok, JSON.stringify(r));
    return r.value as T;
  });
}

describe('stages chained as the services chain them', () => {
  it('give every row of the bundled sample the score netattack evaluate gives it offline', async () => {
    const scoresPath = join(scratch, 'offline.jsonl');
    const offline = await evaluateModel({ modelDir: MODEL, paths: [SAMPLE], scoresPath });
    const expected = new Map<string, { attackProbability: number; predictedClass: string }>();
    for (const line of (await readFile(scoresPath, 'utf8')).split('\n')) {
      if (line === '') continue;
      const row = JSON.parse(line);
      expected.set(row.recordId, row);
    }

    const model = await ScoringModel.load(MODEL);
    const raw: FlowRecord[] = [];
    for await (const result of readFlowRows([SAMPLE])) if (result.ok) raw.push(overTopic(RAW, result.record));
    assert.equal(raw.length, expected.size, 'every parsed row was scored offline');

    let alerts = 0;
    let offlineAlerts = 0;
    for (let start = 0; start < raw.length; start += 1000) {
      const clean = okValues<CleanFlow>(cleanStage(raw.slice(start, start + 1000))).map((c) =>
        overTopic(CLEAN, c),
      );
      const vectors = okValues<FeatureVector>(featuresStage(clean)).map((v) => overTopic(FEATURES, v));
      for (const result of scoreStage(vectors, model)) {
        assert.ok(result.ok);
        const { score, alert } = result.value;
        const want = expected.get(score.recordId)!;
        assert.ok(Math.abs(score.attackProbability - want.attackProbability) <= 1e-12, score.recordId);
        assert.equal(score.predictedClass, want.predictedClass, score.recordId);
        assert.equal(alert !== null, want.attackProbability >= model.threshold);
        if (alert !== null) {
          alerts++;
          assert.ok(alert.topFeatures.length > 0 && alert.topFeatures.length <= 5);
          assert.ok(model.featureNames.includes(alert.topFeatures[0]!.name));
        }
        if (want.attackProbability >= model.threshold) offlineAlerts++;
      }
    }
    assert.equal(alerts, offlineAlerts);
    const flagged = Object.values(offline.evaluation.perLabel).reduce((sum, o) => sum + o.flaggedAsAttack, 0);
    assert.equal(alerts, flagged);
  });

  it('rejects a vector of another feature set instead of scoring it wrongly', async () => {
    const model = await ScoringModel.load(MODEL);
    const [result] = scoreStage(
      [
        {
          recordId: 'x:2',
          flowKey: 'x:2',
          source: { file: 'x', line: 2 },
          flowTime: null,
          srcIp: null,
          dstIp: null,
          dstPort: null,
          protocol: null,
          label: null,
          featureSet: 'cic-flow-v0:0000',
          values: [1, 2, 3],
        },
      ],
      model,
    );
    assert.equal(result!.ok, false);
    assert.equal(!result!.ok && result!.code, 'FEATURE_SET_MISMATCH');
  });
});
