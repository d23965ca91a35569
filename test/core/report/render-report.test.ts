import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateScores } from '../../../packages/core/src/eval/evaluate-scores.ts';
import { renderReport } from '../../../packages/core/src/report/render-report.ts';
import { buildCharts, chartList, renderChartFiles } from '../../../packages/core/src/report/report-charts.ts';
import type { ReportData } from '../../../packages/core/src/report/report-data.ts';
import { reference } from '../eval/sklearn-reference.ts';
import { realisticReportData } from './realistic-report-data.ts';

const data = realisticReportData();
const page = renderReport(data);

function svgs(markup: string): string[] {
  return markup.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
}

function svgById(markup: string, id: string): string {
  const found = svgs(markup).find((svg) => svg.includes(` id="${id}"`));
  assert.ok(found !== undefined, `no svg with id ${id}`);
  return found;
}

describe('renderReport on real evaluation results', () => {
  it('holds one inline <svg> per chart: ROC, zoomed ROC, PR, two heat maps, feature importance', () => {
    const expected = chartList(buildCharts(data)).map((chart) => chart.id);
    assert.deepEqual(expected, [
      'chart-roc',
      'chart-roc-zoom',
      'chart-pr',
      'chart-confusion-binary',
      'chart-confusion',
      'chart-importance',
    ]);
    const found = svgs(page).map((svg) => /^<svg[^>]* id="([^"]+)"/.exec(svg)?.[1]);
    assert.deepEqual(found, expected);
  });

  it('loads nothing from anywhere: no http(s) in src/href/url(), no scripts, links, imports or web fonts', () => {
    assert.doesNotMatch(page, /\b(?:src|href|xlink:href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    assert.doesNotMatch(page, /url\(\s*["']?\s*(?:https?:)?\/\//i);
    assert.doesNotMatch(page, /<script|<link|<iframe|<img|@import|@font-face/i);
    assert.doesNotMatch(page, /https?:\/\//i, 'not even a namespace URL in the inline markup');
    assert.match(page, /Content-Security-Policy" content="default-src 'none'/);
    for (const match of page.matchAll(/\bhref="([^"]*)"/g))
      assert.match(match[1]!, /^#[a-z]+$/, 'only in-page anchors');
  });

  it('labels every chart for assistive technology with a title and a description it points to', () => {
    for (const svg of svgs(page)) {
      const id = /^<svg[^>]* id="([^"]+)"/.exec(svg)![1]!;
      assert.match(svg, new RegExp(`role="img" aria-labelledby="${id}-title ${id}-desc"`));
      assert.match(
        svg,
        new RegExp(`<title id="${id}-title">[^<]+</title><desc id="${id}-desc">[^<]+</desc>`),
      );
    }
  });

  it('draws the multiclass heat map as n x n cells whose counts are the confusion matrix', () => {
    const { classes, confusion } = reference.multiclass;
    const heatmap = svgById(page, 'chart-confusion');
    const cells = [
      ...heatmap.matchAll(
        /<g class="cell" data-row="(\d+)" data-col="(\d+)">[\s\S]*?<text[^>]*>([\d,]+)<\/text><\/g>/g,
      ),
    ];
    assert.equal(cells.length, classes.length ** 2);
    for (const [, row, col, text] of cells) {
      assert.equal(
        Number(text!.replaceAll(',', '')),
        confusion[Number(row)]![Number(col)],
        `cell ${row},${col}`,
      );
    }
    const binary = svgById(page, 'chart-confusion-binary');
    assert.equal((binary.match(/<g class="cell"/g) ?? []).length, 4);
    const ref = reference.binary.forestProbability.atThreshold;
    assert.match(
      binary,
      new RegExp(
        `>${ref.tn}</text>[\\s\\S]*>${ref.fp}</text>[\\s\\S]*>${ref.fn}</text>[\\s\\S]*>${ref.tp}</text>`,
      ),
    );
  });

  it('plots one curve per evaluation with its area in the legend', () => {
    const roc = svgById(page, 'chart-roc');
    assert.equal((roc.match(/<path class="series"/g) ?? []).length, data.evaluations.length);
    const headline = data.evaluations[0]!.binary;
    assert.match(roc, new RegExp(`Stratified 50/50 split \\(AUC ${headline.rocAuc!.toFixed(4)}\\)`));
    assert.ok(Math.abs(headline.rocAuc! - reference.binary.forestProbability.rocAuc) < 1e-12);
    const points = Number(/data-points="(\d+)"/.exec(roc)![1]);
    assert.equal(points, headline.roc!.x.length);
    assert.ok(points > 50, `the headline ROC curve has ${points} points`);
    assert.match(svgById(page, 'chart-pr'), new RegExp(`\\(AP ${headline.prAuc!.toFixed(4)}\\)`));
  });

  it('shows the tables with the real figures: evaluations, labels, classes, data summary, cleaning, model', () => {
    const ref = reference.binary.forestProbability.atThreshold;
    assert.match(page, new RegExp(`<td class="num">${(ref.accuracy * 100).toFixed(2)}%</td>`));
    assert.match(page, /<th scope="row">Benign<\/th><td class="num">712<\/td><td class="num">37<\/td>/);
    assert.match(
      page,
      /<th scope="row">SSH-Bruteforce<\/th><td class="num">100.00%<\/td><td class="num">100.00%<\/td>/,
    );
    assert.match(
      page,
      /<th scope="row">Total<\/th><td class="num">5,594<\/td>.*?<td class="num">15,471<\/td>/,
    );
    const { cleaning } = data;
    assert.match(page, new RegExp(`15,471 rows in, ${cleaning!.rowsOut.toLocaleString('en-US')} rows out`));
    assert.match(page, /<th scope="col" class="num">By reason › DUPLICATE<\/th>/);
    assert.match(page, /<h3>Features \(77, in model order\)<\/h3><ol class="features"><li>Protocol<\/li>/);
    assert.match(page, /<dt>N estimators<\/dt><dd>15<\/dd>/);
  });

  it('is deterministic and survives a JSON round trip of its data (NaN read back as null)', () => {
    assert.equal(renderReport(realisticReportData()), page);
    const oneClass: ReportData = {
      evaluations: [{ name: 'Benign-only file', binary: evaluateScores([0, 0, 0, 0], [0.1, 0.7, 0.2, 0.3]) }],
    };
    const fromJson = JSON.parse(JSON.stringify(oneClass)) as ReportData;
    assert.equal(fromJson.evaluations[0]!.binary.rocAuc, null);
    const rendered = renderReport(fromJson);
    assert.match(rendered, /Benign-only file \(AUC n\/a\)/);
    assert.match(rendered, /<div class="card-value">n\/a<\/div><div class="card-label">ROC-AUC/);
  });

  it('escapes text from the data, so a hostile label cannot inject markup', () => {
    const hostile = '<script>alert(1)</script> & "x"';
    const rendered = renderReport({
      ...data,
      evaluations: [
        {
          ...data.evaluations[0]!,
          name: hostile,
          perLabel: { [hostile]: { support: 3, flaggedAsAttack: 1 } },
        },
      ],
    });
    assert.doesNotMatch(rendered, /<script>/);
    assert.match(rendered, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;x&quot;/);
  });

  it('renders an empty report without charts', () => {
    const rendered = renderReport({ evaluations: [] });
    assert.equal(svgs(rendered).length, 0);
    assert.match(rendered, /No evaluation results were given/);
  });
});

describe('renderChartFiles', () => {
  it('gives every chart as a standalone SVG document with its namespace and a white background', () => {
    const files = renderChartFiles(data);
    assert.deepEqual(
      files.map((f) => f.fileName),
      ['roc.svg', 'roc-zoom.svg', 'pr.svg', 'confusion-binary.svg', 'confusion.svg', 'importance.svg'],
    );
    for (const file of files) {
      assert.match(
        file.svg,
        /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" /,
      );
      assert.match(file.svg, /<rect width="\d+" height="\d+" fill="#ffffff"\/>/);
      assert.ok(file.svg.trimEnd().endsWith('</svg>'));
    }
  });
});
