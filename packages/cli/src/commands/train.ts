import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PipelineError } from '@netattack/core';
import { renderChartFiles, renderReport, runTraining, trainingReportData } from '@netattack/core/train';
import { StageProgress } from '../progress.ts';
import { dataPaths, numberOption, parseCommandArgs } from './args.ts';
import type { Command } from './command.ts';

const OPTIONS = {
  data: { type: 'string', multiple: true },
  out: { type: 'string' },
  trees: { type: 'string' },
  'max-features': { type: 'string' },
  'max-depth': { type: 'string' },
  'min-samples-leaf': { type: 'string' },
  seed: { type: 'string' },
  threads: { type: 'string' },
  'cap-per-class': { type: 'string' },
  'test-fraction': { type: 'string' },
  threshold: { type: 'string' },
  derived: { type: 'string' },
  'include-dst-port': { type: 'boolean' },
  'no-leave-one-file-out': { type: 'boolean' },
  'no-progress': { type: 'boolean' },
} as const;

function maxFeatures(value: string | undefined): 'sqrt' | 'log2' | 'all' | number | undefined {
  if (value === undefined || value === 'sqrt' || value === 'log2' || value === 'all') return value;
  return numberOption('train', 'max-features', value, 0);
}

export const train: Command = {
  usage: 'netattack train --data <files or dirs> --out <model dir> [options]',
  summary: 'Clean, featurise, evaluate (random split and leave-one-file-out) and write a versioned model.',
  help: `Options:
  --data <paths>            CSV files or directories (repeat, or comma-separate)
  --out <dir>               model directory to write (model.json, forests, evaluation.json, report.html)
  --trees <n>               trees per forest (100)
  --max-features <m>        features tried per split: sqrt, log2, all, a count or a fraction (sqrt)
  --max-depth <n>           deepest split (unlimited)
  --min-samples-leaf <n>    fewest rows in a leaf (1)
  --seed <n>                seed of sampling, splits and forests (42)
  --threads <n>             worker threads (all cores)
  --cap-per-class <n>       most rows kept per label; rarer labels are kept whole (200000)
  --test-fraction <f>       test share of the random split (0.3)
  --threshold <p>           attack probability that raises an alert (0.5)
  --derived <auto|none|a,b> derived features: chosen on validation rows (auto), none, or these
  --include-dst-port        use Dst Port as a feature (off: it identifies services, and in this data attacks)
  --no-leave-one-file-out   skip the per-file protocol
  --no-progress             no progress bars`,

  async run(args) {
    const { values, positionals } = parseCommandArgs('train', args, OPTIONS);
    const paths = dataPaths('train', values.data, positionals);
    if (values.out === undefined)
      throw new PipelineError('CONFIG_INVALID', 'train: --out <model dir> is required');
    const outDir = values.out;
    const progress = new StageProgress(values['no-progress'] !== true);
    const derived =
      values.derived === undefined || values.derived === 'auto'
        ? 'auto'
        : values.derived === 'none'
          ? []
          : values.derived.split(',').filter((name) => name !== '');
    const seed = numberOption('train', 'seed', values.seed, 42);
    const started = performance.now();
    const outcome = await runTraining({
      paths,
      outDir,
      seed,
      forest: {
        nEstimators: numberOption('train', 'trees', values.trees, 100),
        maxFeatures: maxFeatures(values['max-features']),
        maxDepth:
          values['max-depth'] === undefined
            ? undefined
            : numberOption('train', 'max-depth', values['max-depth'], 0),
        minSamplesLeaf: numberOption('train', 'min-samples-leaf', values['min-samples-leaf'], 1),
        threads:
          values.threads === undefined ? undefined : numberOption('train', 'threads', values.threads, 1),
        seed,
      },
      threshold: numberOption('train', 'threshold', values.threshold, 0.5),
      capPerClass: numberOption('train', 'cap-per-class', values['cap-per-class'], 200_000),
      testFraction: numberOption('train', 'test-fraction', values['test-fraction'], 0.3),
      includeDstPort: values['include-dst-port'] === true,
      derived,
      leaveOneFileOut: values['no-leave-one-file-out'] !== true,
      onProgress: (stage, done, total) => progress.update(stage, done, total),
      onStage: (message) => progress.note(message),
    });
    progress.stop();

    const data = trainingReportData(outcome, new Date().toISOString());
    await writeFile(join(outDir, 'report.html'), renderReport(data));
    await mkdir(join(outDir, 'charts'), { recursive: true });
    for (const chart of renderChartFiles(data))
      await writeFile(join(outDir, 'charts', chart.fileName), chart.svg);

    const b = outcome.randomSplit.evaluation.binary;
    const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
    const lines = [
      `model ${outcome.metadata.version} written to ${outDir} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      `features: ${outcome.featureSet.names.length} (derived kept: ${outcome.featureSet.options.derived.join(', ') || 'none'})`,
      `random split (${outcome.randomSplit.testRows} test rows): accuracy ${pct(b.accuracy)}, attack recall ${pct(b.recall)}, ` +
        `FPR ${pct(b.fpr)}, precision ${pct(b.precision)}, ROC-AUC ${b.rocAuc.toFixed(4)}, PR-AUC ${b.prAuc.toFixed(4)}`,
    ];
    for (const fold of outcome.leaveOneFileOut?.folds ?? []) {
      const f = fold.evaluation.binary;
      lines.push(
        `left out ${fold.file} (${fold.testRows} rows): accuracy ${pct(f.accuracy)}, attack recall ${pct(f.recall)}, FPR ${pct(f.fpr)}`,
      );
    }
    lines.push(`report: ${join(outDir, 'report.html')}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
