/**
 * One stage on one file in a fresh process, so that the peak RSS it prints is that stage's and that
 * size's own. Spawned by run.ts; prints one JSON line.
 *
 *   node --import tsx bench/capture/stage.ts --stage meter --file x.pcap [--mode cic]
 */
import { parseArgs } from 'node:util';
import { type MeterMode, runStage, STAGES, type Stage } from './ours.ts';

const { values: args } = parseArgs({
  options: {
    stage: { type: 'string' },
    file: { type: 'string' },
    mode: { type: 'string', default: 'cic' },
  },
});
const stage = args.stage as Stage;
if (!STAGES.includes(stage) || args.file === undefined) {
  throw new Error(`usage: stage.ts --stage ${STAGES.join('|')} --file <capture>`);
}
const baselineRssMiB = process.memoryUsage().rss / 2 ** 20;
const cpuBefore = process.cpuUsage();
const start = performance.now();
const counts = await runStage(stage, args.file, args.mode as MeterMode);
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuBefore);
console.log(
  JSON.stringify({
    stage,
    file: args.file,
    ...counts,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    baselineRssMiB: Math.round(baselineRssMiB),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
