/**
 * Parse throughput of the offline data layer, printed and written to bench/results/parse-rows.json.
 *
 *   node --import tsx bench/parse-rows.ts [--rows 1000000] [--data ../shared/data]
 *
 * 1. Parser alone, per layout: the lines of each real slice held in memory and parsed repeatedly.
 * 2. The streaming path on a large file: the real 2018 slices' rows repeated until `--rows` (generated
 *    volume: every row is real, the repetition is not), written to a temporary file, then streamed
 *    through read+parse, +clean, +dedupe, +featurize. Peak RSS shows whether memory stays bounded.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compileRowParser, detectLayout, readFlowFiles } from '@netattack/core/flow';
import { buildFeatureSet, cleanFlow, Deduper, featurize } from '@netattack/core/stages';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    data: { type: 'string', default: resolve(here, '..', '..', 'shared', 'data') },
  },
});
const targetRows = Number(args.rows);
const data = args.data!;

const SLICES = [
  ['cic2018', 'Wednesday-14-02-2018_slice.csv'],
  ['cic2018', 'label_DDOS-attack-LOIC-UDP.csv'],
  ['cic2018', 'mixed-days_sample.csv'],
  ['cic2017', 'Friday-07-07-2017_DDoS_trafficlabelling.csv'],
  ['cic2017', 'mixed-days_machinelearningcve.csv'],
] as const;

function rate(rows: number, ms: number): number {
  return Math.round(rows / (ms / 1000));
}

/** Stage 1: parse in-memory lines, best of five rounds of at least ~200k rows each. */
function parserAlone() {
  const results: Record<string, { layout: string; rowsPerSecond: number }> = {};
  for (const [dir, file] of SLICES) {
    const lines = readFileSync(join(data, dir, file), 'utf8')
      .split('\n')
      .map((l) => l.replace(/\r$/, ''));
    const layout = detectLayout(lines[0]!, file);
    const parser = compileRowParser(layout);
    const body = lines.slice(1).filter((l) => l.length > 0);
    const repeats = Math.max(1, Math.ceil(200_000 / body.length));
    let best = 0;
    for (let round = 0; round < 5; round++) {
      const start = performance.now();
      let accepted = 0;
      for (let r = 0; r < repeats; r++) {
        for (let i = 0; i < body.length; i++) if (parser.parse(body[i]!, i + 2).ok) accepted++;
      }
      if (accepted !== repeats * body.length) throw new Error(`${file}: unexpected rejections`);
      best = Math.max(best, rate(accepted, performance.now() - start));
    }
    results[file] = { layout: layout.name, rowsPerSecond: best };
    console.log(
      `parse only  ${layout.name.padEnd(28)} ${file.padEnd(48)} ${best.toLocaleString('en')} rows/s`,
    );
  }
  return results;
}

/** The 80-column Wednesday slice's rows repeated to `rows` lines, one header. */
async function generateFile(path: string, rows: number): Promise<number> {
  const lines = readFileSync(join(data, 'cic2018', 'Wednesday-14-02-2018_slice.csv'), 'utf8').split('\n');
  const header = lines[0]!;
  const body = lines.slice(1).filter((l) => l.length > 0);
  const out = createWriteStream(path);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write(`${header}\n`);
  for (let written = 0; written < rows; ) {
    const take = Math.min(body.length, rows - written);
    await write(`${body.slice(0, take).join('\n')}\n`);
    written += take;
  }
  await new Promise<void>((r) => out.end(() => r()));
  return rows;
}

type Stage = 'read+parse' | '+clean' | '+clean+dedupe' | '+clean+dedupe+featurize';

async function stream(path: string, stage: Stage) {
  const set = buildFeatureSet();
  const vector = new Float64Array(set.names.length);
  const deduper = new Deduper();
  const start = performance.now();
  let rows = 0;
  let kept = 0;
  for await (const event of readFlowFiles([path])) {
    if (event.kind !== 'rows') continue;
    for (const result of event.results) {
      if (!result.ok) continue;
      rows++;
      if (stage === 'read+parse') continue;
      const flow = cleanFlow(result.record);
      if (stage === '+clean') continue;
      if (deduper.isDuplicate(flow)) continue;
      kept++;
      if (stage === '+clean+dedupe+featurize') featurize(flow, set, vector);
    }
  }
  const ms = performance.now() - start;
  return {
    stage,
    rows,
    kept,
    seconds: Number((ms / 1000).toFixed(2)),
    rowsPerSecond: rate(rows, ms),
    // Process-wide high-water mark so far: the first stage's figure is the reader's own footprint.
    peakRssMiBSoFar: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

const loadBefore = loadavg()[0]!;
const parser = parserAlone();
const scratch = await mkdtemp(join(tmpdir(), 'netattack-bench-'));
const bigFile = join(scratch, 'wednesday-repeated.csv');
const rows = await generateFile(bigFile, targetRows);
const streaming = [];
try {
  for (const stage of ['read+parse', '+clean', '+clean+dedupe', '+clean+dedupe+featurize'] as const) {
    const result = await stream(bigFile, stage);
    streaming.push(result);
    console.log(
      `streaming   ${stage.padEnd(28)} ${result.rows.toLocaleString('en')} rows in ${result.seconds} s: ${result.rowsPerSecond.toLocaleString('en')} rows/s, peak RSS so far ${result.peakRssMiBSoFar} MiB`,
    );
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(`peak RSS ${peakRssMiB} MiB (whole run, including the dedupe table)`);

const result = {
  bench: 'parse-rows',
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    node: process.version,
    loadAverage1m: { before: loadBefore, after: loadavg()[0] },
  },
  note: 'Parser-alone figures use the real slices in memory. The streaming file repeats the real rows of Wednesday-14-02-2018_slice.csv (80 columns) to the row count: generated volume from real rows. Repeats are duplicates, so the dedupe table stays at the slice size here. The machine is shared with other jobs; figures vary with its load.',
  parserAlone: parser,
  streaming: { rows, file: 'Wednesday-14-02-2018_slice.csv rows repeated', stages: streaming },
  peakRssMiB,
};
const outPath = join(here, 'results', 'parse-rows.json');
await mkdir(dirname(outPath), { recursive: true });
await writeFile(outPath, `${JSON.stringify(result, null, 2)}\n`);
console.log(`wrote ${outPath}`);
