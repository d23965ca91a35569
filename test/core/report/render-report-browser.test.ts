/**
 * Opens the report in headless Chromium (Debian's package, driven by playwright-core) and checks that
 * what the HTML promises is what a browser shows: every chart laid out with a real size and its text
 * inside it, the heat map complete, curves drawn, no console errors, no request beyond the file itself.
 * Leaves a full-page screenshot, a PDF print and the standalone SVGs under out/report-test/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { renderReport } from '../../../packages/core/src/report/render-report.ts';
import { buildCharts, chartList, renderChartFiles } from '../../../packages/core/src/report/report-charts.ts';
import { reference } from '../eval/sklearn-reference.ts';
import { ensureChromium } from './ensure-chromium.ts';
import { realisticReportData } from './realistic-report-data.ts';

const OUT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../out/report-test');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface ChartLayout {
  id: string;
  width: number;
  height: number;
  /** Text elements whose box pokes out of the chart's box (clipped labels). */
  overflowing: string[];
}

// Generous: on a machine without chromium the first run installs it with apt.
describe('report in headless Chromium', { timeout: 20 * 60_000 }, () => {
  it('renders every chart, loads nothing from the network, and prints', async (t) => {
    const chromiumLookup = ensureChromium();
    if (!chromiumLookup.ok) {
      t.skip(chromiumLookup.reason);
      return;
    }
    const data = realisticReportData();
    const expectedCharts = chartList(buildCharts(data));
    mkdirSync(OUT_DIR, { recursive: true });
    const reportPath = join(OUT_DIR, 'report.html');
    writeFileSync(reportPath, renderReport(data));
    const svgFiles = renderChartFiles(data);
    for (const file of svgFiles) writeFileSync(join(OUT_DIR, file.fileName), file.svg);

    const userDataDir = mkdtempSync(join(tmpdir(), 'netattack-chromium-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumLookup.path,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    });
    try {
      const outsideRequests: string[] = [];
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file://')) return route.continue();
        outsideRequests.push(url);
        return route.abort();
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => consoleErrors.push(error.message));
      await page.goto(pathToFileURL(reportPath).href, { waitUntil: 'load' });

      const layouts: ChartLayout[] = await page.$$eval('svg.chart', (elements) =>
        elements.map((svg) => {
          const box = svg.getBoundingClientRect();
          const overflowing: string[] = [];
          for (const text of svg.querySelectorAll('text')) {
            const r = text.getBoundingClientRect();
            if (
              r.left < box.left - 1 ||
              r.right > box.right + 1 ||
              r.top < box.top - 1 ||
              r.bottom > box.bottom + 1
            ) {
              overflowing.push(text.textContent ?? '');
            }
          }
          return { id: svg.id, width: box.width, height: box.height, overflowing };
        }),
      );
      assert.deepEqual(
        layouts.map((l) => l.id),
        expectedCharts.map((c) => c.id),
      );
      for (const layout of layouts) {
        assert.ok(
          layout.width > 100 && layout.height > 100,
          `${layout.id} is ${layout.width} x ${layout.height}`,
        );
        assert.deepEqual(layout.overflowing, [], `${layout.id}: text outside the chart`);
      }

      const k = reference.multiclass.classes.length;
      const cellSizes = await page.$$eval('#chart-confusion g.cell rect', (rects) =>
        rects.map((rect) => rect.getBoundingClientRect()).map((r) => r.width * r.height),
      );
      assert.equal(cellSizes.length, k * k);
      assert.ok(
        cellSizes.every((area) => area > 100),
        'every heat-map cell is visible',
      );

      const curves = await page.$$eval('svg[data-chart="line"] path.series', (paths) =>
        paths.map((path) => ({
          chart: path.closest('svg')!.id,
          length: (path as unknown as { getTotalLength(): number }).getTotalLength(),
          segments: (path.getAttribute('d') ?? '').split(/[ML]/).length - 1,
        })),
      );
      for (const id of ['chart-roc', 'chart-pr']) {
        const drawn = curves.filter((c) => c.chart === id);
        assert.equal(drawn.length, data.evaluations.length, `${id}: one curve per evaluation`);
        assert.ok(
          drawn.every((c) => c.length > 50),
          `${id}: every curve has a visible length`,
        );
        assert.ok(drawn[0]!.segments > 50, `${id}: the headline curve has ${drawn[0]!.segments} segments`);
      }
      const bars = await page.$$eval('#chart-importance g.bar rect', (rects) =>
        rects.map((r) => r.getBoundingClientRect().width),
      );
      assert.equal(bars.length, 20);
      assert.ok(bars[0]! > bars[19]! && bars[19]! > 0, 'bars shrink down the ranking');

      const screenshot = join(OUT_DIR, 'report.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      assert.deepEqual([...readFileSync(screenshot).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);

      await page.emulateMedia({ media: 'print' });
      const printed = await page.$$eval('svg.chart', (elements) =>
        elements.map((svg) => svg.getBoundingClientRect().width),
      );
      assert.ok(
        printed.every((width) => width > 100),
        'charts keep their size in the print layout',
      );
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      writeFileSync(join(OUT_DIR, 'report.pdf'), pdf);
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');

      for (const file of svgFiles) {
        await page.goto(pathToFileURL(join(OUT_DIR, file.fileName)).href);
        const standalone = await page.$eval(':root', (root) => ({
          root: root.tagName,
          parseError: root.getElementsByTagName('parsererror').length,
          width: root.getBoundingClientRect().width,
        }));
        assert.deepEqual(
          { root: standalone.root, parseError: standalone.parseError },
          { root: 'svg', parseError: 0 },
          file.fileName,
        );
        assert.ok(standalone.width > 100, `${file.fileName} has a size`);
      }

      assert.deepEqual(outsideRequests, [], 'no request left the file system');
      assert.deepEqual(consoleErrors, [], 'no console errors or warnings');
    } finally {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });
});
