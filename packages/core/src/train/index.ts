/** @netattack/core/train: training runs, evaluation and the HTML report. */

export * from '../report/render-report.ts';
export * from '../report/report-charts.ts';
export * from './evaluate-model.ts';
export * from './model-evaluation.ts';
export * from './report-data-of.ts';
export * from './training-run.ts';
