import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { PipelineError } from '@netattack/core';
import {
  type CaptureSummary,
  CIC2018_84_HEADER,
  compileCsvLineWriter,
  isCaptureFile,
  meterCapture,
  STDIN_PATH,
} from '@netattack/core/capture';
import { expandPaths, sourceNames } from '@netattack/core/flow';
import { StageProgress } from '../progress.ts';
import { captureOptions, dataPaths, parseCommandArgs } from './args.ts';
import type { Command } from './command.ts';

const OPTIONS = {
  pcap: { type: 'string', multiple: true },
  csv: { type: 'string' },
  mode: { type: 'string' },
  label: { type: 'string' },
  'max-flows': { type: 'string' },
  'time-zone': { type: 'string' },
  json: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
} as const;

export const capture: Command = {
  usage:
    'netattack capture --pcap <files, dirs or -> --csv <out.csv> [--mode cic|fixed] [--label NAME] [--max-flows N]',
  summary: 'Meter packet captures (pcap, pcapng) into CICFlowMeter flows, written as an 84-column CSV.',
  help: `Options:
  --pcap <paths>     pcap or pcapng files, directories of them, or - for standard input
                     (e.g. tcpdump -i eth0 -w - | netattack capture --pcap - --csv live.csv)
  --csv <file>       where the flows go, in the CSE-CIC-IDS2018 84-column layout (- for stdout)
  --mode <m>         cic (default): as CICFlowMeter-V4 made the dataset, its defects included;
                     fixed: with the published corrections (packages/core/src/capture/README.md)
  --label <name>     the Label of every flow (default empty: unlabelled)
  --max-flows <n>    open flows at most; the oldest end early beyond it (default 1000000)
  --time-zone <z>    the zone of the Timestamp text (default America/Moncton, as CSE-CIC-IDS2018)
  --json             print the summary as JSON
  --no-progress      no progress bar
The CSV reads like any day file: netattack train --data out.csv, netattack evaluate --data out.csv.`,

  async run(args) {
    const { values, positionals } = parseCommandArgs('capture', args, OPTIONS);
    const paths = dataPaths('capture', values.pcap, positionals);
    if (values.csv === undefined) {
      throw new PipelineError('CONFIG_INVALID', 'capture: --csv <out.csv> is required (- for stdout)');
    }
    const { mode, label, maxFlows, timeZone } = captureOptions('capture', values);
    const files = await captureFiles(paths);
    const toStdout = values.csv === '-';
    const out = toStdout ? process.stdout : createWriteStream(values.csv);
    const progress = new StageProgress(values['no-progress'] !== true && values.json !== true && !toStdout);
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const toLine = compileCsvLineWriter();
    const summaries: CaptureSummary[] = [];
    let flows = 0;
    try {
      await write(out, `${CIC2018_84_HEADER}\n`);
      const names = sourceNames(files);
      for (const file of files) {
        const events = meterCapture(file, {
          sourceName: names.get(file)!,
          mode,
          label,
          maxFlows,
          timeZone,
          signal: abort.signal,
          onWarning: (message) => progress.note(`capture: ${message}`),
        });
        for await (const event of events) {
          if (event.kind === 'end') {
            summaries.push(event.summary);
            continue;
          }
          let text = '';
          for (const result of event.results) text += `${toLine(result.record)}\n`;
          await write(out, text);
          flows += event.results.length;
          progress.update('metering flows', flows, 0);
        }
      }
      progress.stop();
      if (!toStdout) {
        out.end();
        await once(out, 'finish');
      }
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    const report = toStdout ? process.stderr : process.stdout;
    if (values.json === true) {
      report.write(`${JSON.stringify({ csv: values.csv, mode, flows, captures: summaries })}\n`);
    } else {
      for (const s of summaries) report.write(`${describeCapture(s)}\n`);
      report.write(`wrote ${flows} flows (${mode} mode) to ${values.csv}\n`);
    }
    return 0;
  },
};

/** The capture's summary line: packets, flows, skips by reason, and an early end if any. */
export function describeCapture(s: CaptureSummary): string {
  const skipped = Object.entries(s.read.skipped)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  const ended = Object.entries(s.meter.endedByReason)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  const notWritten = [
    s.meter.droppedSinglePacket > 0 ? `${s.meter.droppedSinglePacket} one-packet flows not written` : '',
    s.meter.ignoredPackets > 0 ? `${s.meter.ignoredPackets} packets not metered in this mode (IPv6)` : '',
    s.meter.evicted > 0 ? `${s.meter.evicted} flows ended early, flow table full` : '',
  ]
    .filter((part) => part !== '')
    .join(', ');
  const early = s.read.endedEarly
    ? `; ended early at byte ${s.read.endedEarly.offset}: ${s.read.endedEarly.reason}`
    : '';
  return `${s.file}: ${s.read.packets} packets, ${s.read.decoded} metered${skipped ? `, skipped ${skipped}` : ''}; ${s.meter.flowsEnded} flows (${ended})${notWritten ? `; ${notWritten}` : ''}${early}`;
}

/**
 * The captures to meter: a path named directly is metered whatever it holds (the reader says what a
 * file that is not a capture looks like); from a directory, only the captures among its files.
 */
async function captureFiles(paths: string[]): Promise<string[]> {
  const captures: string[] = [];
  for (const path of paths) {
    const isDirectory = path !== STDIN_PATH && (await stat(path).catch(() => null))?.isDirectory() === true;
    if (!isDirectory) {
      captures.push(...(await expandPaths([path]))); // FILE_NOT_FOUND names a path that is not there
      continue;
    }
    for (const file of await expandPaths([path])) if (await isCaptureFile(file)) captures.push(file);
  }
  if (captures.length === 0) {
    throw new PipelineError('CONFIG_INVALID', `capture: no pcap or pcapng files in ${paths.join(', ')}`);
  }
  return [...new Set(captures)];
}

async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}
