import { isCaptureFile } from '../capture/capture-files.ts';
import { STDIN_PATH } from '../capture/meter-capture.ts';
import { readFlowRows } from '../flow/csv-reader.ts';
import { parseTimestamp } from '../flow/timestamp.ts';

/** Rows looked at per file to find its first timestamp (the first lines may be rejects). */
const PROBE_ROWS = 50;

async function firstFlowTime(path: string): Promise<number | null> {
  // A capture's flows end (and are emitted) long after it starts: metering one to find its first
  // flow could read most of it. Captures keep the order they were given in, after the day files.
  if (path === STDIN_PATH || (await isCaptureFile(path))) return null;
  let seen = 0;
  for await (const result of readFlowRows([path])) {
    if (result.ok && result.record.timestamp !== null) {
      const time = parseTimestamp(result.record.timestamp);
      if (time.ok) return time.epochMs;
    }
    if (++seen >= PROBE_ROWS) break;
  }
  return null;
}

/**
 * Day files in replay order: by the time of their first flow, then files without a Timestamp column
 * and packet captures in name order. (Sorting the rows of a 3.5 GB file is not done; within a file rows keep file order.)
 */
export async function orderFilesByTime(paths: readonly string[]): Promise<string[]> {
  const timed = await Promise.all(paths.map(async (path) => ({ path, time: await firstFlowTime(path) })));
  return timed
    .sort((a, b) => {
      if (a.time !== null && b.time !== null && a.time !== b.time) return a.time - b.time;
      if (a.time === null && b.time !== null) return 1;
      if (a.time !== null && b.time === null) return -1;
      return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
    })
    .map((entry) => entry.path);
}
