/**
 * ROC and precision-recall charts over every evaluation that carries curves, with the area in the
 * legend. A good detector's ROC curve hugs the top-left corner, where the full 0-1 view hides the
 * differences that matter (tenths of a percent of false alarms), so a zoomed view of the low
 * false-positive region comes with it.
 */
import { formatPercent, formatScore } from '../format.ts';
import type { EvaluationSummary } from '../report-data.ts';
import type { Chart } from './chart.ts';
import { type LineSeries, lineChart } from './line-chart.ts';

/** The zoomed ROC view spans false-positive rates up to this. */
export const ROC_ZOOM_FPR = 0.05;

const percentTick = (v: number) => `${Number((v * 100).toPrecision(6))}%`;

function withCurve(evaluations: readonly EvaluationSummary[], curve: 'roc' | 'pr'): EvaluationSummary[] {
  return evaluations.filter((e) => (e.binary[curve]?.x.length ?? 0) > 0);
}

function rocSeries(evaluations: readonly EvaluationSummary[]): LineSeries[] {
  return withCurve(evaluations, 'roc').map((e) => ({
    label: `${e.name} (AUC ${formatScore(e.binary.rocAuc)})`,
    x: e.binary.roc!.x,
    y: e.binary.roc!.y,
  }));
}

export function rocChart(evaluations: readonly EvaluationSummary[]): Chart | undefined {
  const series = rocSeries(evaluations);
  if (series.length === 0) return undefined;
  return lineChart({
    id: 'chart-roc',
    title: 'ROC curve',
    description: `Attack detection rate against benign false-positive rate as the alert threshold varies, for ${series.length} evaluation${series.length === 1 ? '' : 's'}: ${series.map((s) => s.label).join('; ')}.`,
    xLabel: 'False-positive rate (benign flows flagged)',
    yLabel: 'True-positive rate (attacks flagged)',
    series,
    reference: { kind: 'diagonal' },
  });
}

/** The highest true-positive rate a series reaches within the zoom window. */
function tprAtZoomEdge(series: LineSeries): number {
  let best = Number.NaN;
  for (let i = 0; i < series.x.length; i++) {
    if (series.x[i]! <= ROC_ZOOM_FPR && !(series.y[i]! <= best)) best = series.y[i]!;
  }
  return best;
}

export function rocZoomChart(evaluations: readonly EvaluationSummary[]): Chart | undefined {
  const series = rocSeries(evaluations);
  if (series.length === 0) return undefined;
  const reached = series.map(tprAtZoomEdge).filter((v) => Number.isFinite(v));
  const lowest = reached.length === 0 ? 0 : Math.min(...reached);
  // Leave room under the weakest curve, on a round 5% step.
  const yMin = Math.max(0, Math.floor((lowest - 0.02) * 20) / 20);
  return lineChart({
    id: 'chart-roc-zoom',
    title: `ROC curve, false-positive rate up to ${formatPercent(ROC_ZOOM_FPR, 0)}`,
    description: `The low false-positive corner of the ROC curve: false-positive rate 0 to ${formatPercent(ROC_ZOOM_FPR, 0)}, true-positive rate ${formatPercent(yMin, 0)} to 100%.`,
    xLabel: 'False-positive rate (benign flows flagged)',
    yLabel: 'True-positive rate (attacks flagged)',
    series,
    xDomain: [0, ROC_ZOOM_FPR],
    yDomain: [yMin, 1],
    formatTick: percentTick,
  });
}

export function prChart(evaluations: readonly EvaluationSummary[]): Chart | undefined {
  const withPr = withCurve(evaluations, 'pr');
  if (withPr.length === 0) return undefined;
  const series = withPr.map((e) => ({
    label: `${e.name} (AP ${formatScore(e.binary.prAuc)})`,
    x: e.binary.pr!.x,
    y: e.binary.pr!.y,
  }));
  const first = withPr[0]!.binary;
  const prevalence = first.rows > 0 ? (first.tp + first.fn) / first.rows : Number.NaN;
  return lineChart({
    id: 'chart-pr',
    title: 'Precision-recall curve',
    description: `Precision of the alerts against attack recall as the threshold varies; the legend gives each evaluation's average precision (AP). ${series.map((s) => s.label).join('; ')}.`,
    xLabel: 'Recall (attacks flagged)',
    yLabel: 'Precision (alerts that are attacks)',
    series,
    interpolation: 'vertical-first',
    ...(Number.isFinite(prevalence)
      ? {
          reference: {
            kind: 'horizontal' as const,
            y: prevalence,
            label: `Random detector (attack share ${formatPercent(prevalence, 1)})`,
          },
        }
      : {}),
  });
}
