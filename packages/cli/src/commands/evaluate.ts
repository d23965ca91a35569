import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { PipelineError } from '@netattack/core';
import { evaluateModel, evaluationReportData, renderReport } from '@netattack/core/train';
import { StageProgress } from '../progress.ts';
import { dataPaths, parseCommandArgs } from './args.ts';
import type { Command } from './command.ts';

const OPTIONS = {
  model: { type: 'string' },
  data: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  scores: { type: 'string' },
  report: { type: 'string' },
  dedupe: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
} as const;

/** JSON has no NaN: an undefined metric (e.g. ROC-AUC with one class present) is written as null. */
function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

export const evaluate: Command = {
  usage:
    'netattack evaluate --model <model dir> --data <files or dirs> [--json] [--scores <file>] [--report <file>]',
  summary: 'Score labelled flow files with a model and measure it.',
  help: `Options:
  --model <dir>      model directory written by netattack train
  --data <paths>     CSV files or directories (repeat, or comma-separate)
  --json             print one JSON object on stdout (see README, "evaluate --json")
  --scores <file>    also write one JSON line per row: recordId, label, attackProbability, predictedClass
  --report <file>    also write a self-contained HTML report
  --dedupe           drop exact duplicate rows first (off: every row is scored, as the stream would)
  --no-progress      no progress bar`,

  async run(args) {
    const { values, positionals } = parseCommandArgs('evaluate', args, OPTIONS);
    if (values.model === undefined) {
      throw new PipelineError('CONFIG_INVALID', 'evaluate: --model <model dir> is required');
    }
    const paths = dataPaths('evaluate', values.data, positionals);
    const progress = new StageProgress(values['no-progress'] !== true && values.json !== true);
    const run = await evaluateModel({
      modelDir: values.model,
      paths,
      dedupe: values.dedupe === true,
      scoresPath: values.scores,
      onRows: (rows) => progress.update('scoring rows', rows, 0),
    });
    progress.stop();
    if (values.report !== undefined) {
      const name = paths.map((p) => basename(p)).join(', ');
      await writeFile(values.report, renderReport(evaluationReportData(run, name, new Date().toISOString())));
    }
    const { evaluation } = run;
    if (values.json === true) {
      const { roc: _roc, pr: _pr, ...binary } = evaluation.binary;
      const output = {
        model: run.metadata.version,
        rows: evaluation.rows,
        unlabelledRows: run.unlabelledRows,
        threshold: evaluation.binary.threshold,
        binary,
        perLabel: evaluation.perLabel,
        classes: evaluation.classes,
        confusion: evaluation.confusion,
      };
      process.stdout.write(`${JSON.stringify(output, jsonSafe)}\n`);
      return 0;
    }
    const b = evaluation.binary;
    const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
    const lines = [
      `model ${run.metadata.version} on ${evaluation.rows} labelled rows${run.unlabelledRows ? ` (+${run.unlabelledRows} unlabelled)` : ''}`,
      `accuracy ${pct(b.accuracy)}  attack recall ${pct(b.recall)}  FPR ${pct(b.fpr)}  precision ${pct(b.precision)}  ` +
        `F1 ${b.f1.toFixed(4)}  ROC-AUC ${b.rocAuc.toFixed(4)}  PR-AUC ${b.prAuc.toFixed(4)}`,
      '',
      'label                                  rows   flagged as attack',
      ...Object.entries(evaluation.perLabel).map(
        ([label, o]) =>
          `${label.padEnd(36)} ${String(o.support).padStart(6)}   ${String(o.flaggedAsAttack).padStart(6)}`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
