import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelMetadata } from '../../../packages/core/src/model/artifact.ts';
import { modelSummary } from '../../../packages/core/src/report/model-summary.ts';
import { renderReport } from '../../../packages/core/src/report/render-report.ts';
import { reference } from '../eval/sklearn-reference.ts';

describe('modelSummary', () => {
  it("carries a stored model's identity, features and hyper-parameters into the report", () => {
    const metadata: ModelMetadata = {
      format: 'netattack-model',
      formatVersion: 1,
      version: '20261124-abcdef0123',
      createdAt: '2026-11-24T10:00:00.000Z',
      featureSet: {
        id: 'leak-free',
        names: reference.featureNames,
        options: { dstPort: false },
        fingerprint: 'ff01',
      },
      schemaFingerprints: { 'flows-clean': 'aa' },
      threshold: 0.5,
      classes: { binary: ['Benign', 'Attack'], multiclass: ['Bot', 'SQL Injection'] },
      hyperParameters: { nTrees: 100, maxDepth: 20 },
      seed: 7,
      training: {},
      metrics: {},
      forests: { binary: 'b.json', multiclass: 'm.json' },
    };
    const summary = modelSummary(metadata);
    assert.equal(summary.featureNames, reference.featureNames);
    const page = renderReport({ evaluations: [], model: summary });
    assert.match(page, /<dt>Version<\/dt><dd>20261124-abcdef0123<\/dd>/);
    assert.match(page, /<dt>N trees<\/dt><dd>100<\/dd>/);
    assert.match(page, /<dt>Feature set options<\/dt><dd><code>\{&quot;dstPort&quot;:false\}<\/code><\/dd>/);
    assert.equal((page.match(/<li>/g) ?? []).length, 77);
  });
});
