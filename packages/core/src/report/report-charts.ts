/**
 * The charts a report holds, built once from the report data and used twice: inline in the HTML, and as
 * standalone .svg files to save beside it.
 */
import type { Chart } from './charts/chart.ts';
import { standaloneSvg } from './charts/chart.ts';
import { confusionHeatmap } from './charts/confusion-heatmap.ts';
import { prChart, rocChart, rocZoomChart } from './charts/curve-charts.ts';
import { importanceChart } from './charts/importance-chart.ts';
import type { EvaluationSummary, MulticlassSummary, ReportData } from './report-data.ts';

export interface ReportCharts {
  roc?: Chart;
  rocZoom?: Chart;
  pr?: Chart;
  binaryConfusion?: Chart;
  confusion?: Chart;
  /** The evaluation the multiclass heat map belongs to. */
  confusionSource?: EvaluationSummary;
  importance?: Chart;
}

/** Benign/attack counts of an evaluation as a 2 x 2 matrix in the multiclass orientation. */
export function binaryConfusion(evaluation: EvaluationSummary): MulticlassSummary {
  const { tn, fp, fn, tp } = evaluation.binary;
  return {
    classes: ['Benign', 'Attack'],
    matrix: [
      [tn, fp],
      [fn, tp],
    ],
  };
}

export function buildCharts(data: ReportData): ReportCharts {
  const charts: ReportCharts = {};
  const primary = data.evaluations[0];
  const roc = rocChart(data.evaluations);
  if (roc !== undefined) charts.roc = roc;
  const rocZoom = rocZoomChart(data.evaluations);
  if (rocZoom !== undefined) charts.rocZoom = rocZoom;
  const pr = prChart(data.evaluations);
  if (pr !== undefined) charts.pr = pr;
  if (primary !== undefined) {
    charts.binaryConfusion = confusionHeatmap(binaryConfusion(primary), {
      id: 'chart-confusion-binary',
      title: `Benign vs attack at the alert threshold: ${primary.name}`,
    });
  }
  const source = data.evaluations.find((e) => e.multiclass !== undefined && e.multiclass.classes.length > 0);
  if (source !== undefined) {
    charts.confusion = confusionHeatmap(source.multiclass!, {
      id: 'chart-confusion',
      title: `Attack classes: ${source.name}`,
    });
    charts.confusionSource = source;
  }
  if (data.featureImportance !== undefined) {
    const importance = importanceChart(data.featureImportance);
    if (importance !== undefined) charts.importance = importance;
  }
  return charts;
}

export function chartList(charts: ReportCharts): Chart[] {
  return [
    charts.roc,
    charts.rocZoom,
    charts.pr,
    charts.binaryConfusion,
    charts.confusion,
    charts.importance,
  ].filter((chart): chart is Chart => chart !== undefined);
}

export interface ChartFile {
  /** e.g. "roc.svg", "confusion.svg". */
  fileName: string;
  svg: string;
}

/** Every chart of the report as a standalone SVG document, to save beside report.html. */
export function renderChartFiles(data: ReportData): ChartFile[] {
  return chartList(buildCharts(data)).map((chart) => ({
    fileName: `${chart.id.replace(/^chart-/, '')}.svg`,
    svg: standaloneSvg(chart),
  }));
}
