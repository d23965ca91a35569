import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineChart } from '../../../../packages/core/src/report/charts/line-chart.ts';

const base = { id: 't', title: 'T', description: 'D', xLabel: 'x', yLabel: 'y', width: 400, plotHeight: 300 };

describe('lineChart', () => {
  it('draws one path per series and a legend entry per series plus the reference', () => {
    const chart = lineChart({
      ...base,
      series: [
        { label: 'a', x: [0, 0.5, 1], y: [0, 0.9, 1] },
        { label: 'b', x: [0, 1], y: [0, 1] },
      ],
      reference: { kind: 'diagonal' },
    });
    assert.equal((chart.body.match(/<path class="series"/g) ?? []).length, 2);
    assert.match(chart.body, /data-points="3" d="M58 316L219 46L380 16"/);
    assert.match(chart.body, /<text x="94" y="\d+">Chance<\/text>/);
    assert.equal(chart.height, 16 + 300 + 56 + 3 * 20);
  });

  it('draws precision-recall steps vertically first and breaks the line at undefined points', () => {
    const steps = lineChart({
      ...base,
      interpolation: 'vertical-first',
      series: [{ label: 'p', x: [0, 0.5, 1], y: [1, 1, 0.5] }],
    });
    assert.match(steps.body, /d="M58 16L58 16L219 16L219 166L380 166"/);
    const broken = lineChart({
      ...base,
      series: [{ label: 'n', x: [0, Number.NaN, 0.5, 1], y: [0, 0.2, 0.5, 1] }],
    });
    assert.match(broken.body, /data-points="3" d="M58 316M219 166L380 16"/);
    const empty = lineChart({ ...base, series: [{ label: 'none', x: [Number.NaN], y: [Number.NaN] }] });
    assert.doesNotMatch(empty.body, /<path class="series"/, 'a series with no defined point draws nothing');
  });
});
