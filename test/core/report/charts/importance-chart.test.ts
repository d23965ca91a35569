import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  importanceChart,
  rankFeatures,
} from '../../../../packages/core/src/report/charts/importance-chart.ts';
import { reference } from '../../eval/sklearn-reference.ts';

describe('importanceChart', () => {
  const importance = { names: reference.featureNames, importances: reference.forestImportances };

  it('ranks features largest first and keeps the top N as bars', () => {
    const ranked = rankFeatures(importance);
    assert.equal(ranked.length, 77);
    const max = Math.max(...reference.forestImportances);
    assert.equal(ranked[0]!.importance, max);
    assert.equal(ranked[0]!.name, reference.featureNames[reference.forestImportances.indexOf(max)]);
    const chart = importanceChart({ ...importance, topN: 10 })!;
    const labels = [...chart.body.matchAll(/<g class="bar"><title>([^:]+):/g)].map((m) => m[1]);
    assert.deepEqual(
      labels,
      ranked.slice(0, 10).map((f) => f.name),
    );
    assert.match(chart.description, /67 more features not shown/);
  });

  it('skips missing values and draws nothing without features', () => {
    assert.deepEqual(
      rankFeatures({ names: ['a', 'b', 'c'], importances: [0.2, Number.NaN] }).map((f) => f.name),
      ['a'],
    );
    assert.equal(importanceChart({ names: [], importances: [] }), undefined);
  });
});
