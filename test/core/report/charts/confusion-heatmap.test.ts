import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confusionHeatmap } from '../../../../packages/core/src/report/charts/confusion-heatmap.ts';
import { heatColor } from '../../../../packages/core/src/report/charts/palette.ts';
import { reference } from '../../eval/sklearn-reference.ts';

describe('confusionHeatmap', () => {
  const { classes, confusion } = reference.multiclass;
  const chart = confusionHeatmap({ classes, matrix: confusion });

  it('has a cell per (true, predicted) pair, coloured by the share of its row', () => {
    const cells = [...chart.body.matchAll(/data-row="(\d+)" data-col="(\d+)">.*?fill="(#[0-9a-f]{6})"/g)];
    assert.equal(cells.length, classes.length ** 2);
    for (const [, r, c, fill] of cells) {
      const row = confusion[Number(r)]!;
      const total = row.reduce((s, v) => s + v, 0);
      assert.equal(fill, heatColor(total > 0 ? row[Number(c)]! / total : 0), `cell ${r},${c}`);
    }
  });

  it('colours from white (0) to dark blue (1) and names every class on both axes', () => {
    assert.equal(heatColor(0), '#f7fbff');
    assert.equal(heatColor(1), '#08306b');
    for (const name of classes) assert.equal(chart.body.split(`<title>${name}</title>`).length - 1, 2, name);
    assert.match(chart.description, /13 by 13 cells/);
  });
});
