/**
 * Volume for the pipeline bench: a CSV of GENERATED rows, each a real row of the bundled CSE-CIC-IDS2018
 * sample drawn uniformly (seeded) and written again in the 80-column 2018 layout. Values are the real
 * ones, unchanged; only the number of rows (and so the line numbers) is made up.
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { SeededRng } from '@netattack/core';
import type { FlowRecord } from '@netattack/core/flow';
import { readFlowRows, STAT_COLUMNS } from '@netattack/core/flow';

const HEADER_2018 = ['Dst Port', 'Protocol', 'Timestamp', ...STAT_COLUMNS.map((c) => c.header), 'Label'];

function cell(value: number | string | null): string {
  return value === null ? '' : String(value);
}

function csvLine(record: FlowRecord): string {
  return [
    cell(record.dstPort),
    cell(record.protocol),
    cell(record.timestamp),
    ...STAT_COLUMNS.map((c) => cell(record[c.field])),
    cell(record.label),
  ].join(',');
}

/** Writes (once, then reuses) `rows` resampled sample rows to bench/.cache and returns the path. */
export async function resampledFlowsFile(sampleDir: string, rows: number, seed = 2018): Promise<string> {
  const dir = join(import.meta.dirname, '..', '.cache');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `resampled-${rows}-${seed}.csv`);
  if (existsSync(path)) return path;
  const real: FlowRecord[] = [];
  for await (const result of readFlowRows([sampleDir])) if (result.ok) real.push(result.record);
  const rng = new SeededRng(seed);
  const temporary = `${path}.${process.pid}.tmp`;
  const out = createWriteStream(temporary);
  out.write(`${HEADER_2018.join(',')}\n`);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += `${csvLine(real[rng.nextInt(real.length)]!)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'close');
  await rename(temporary, path);
  return path;
}
