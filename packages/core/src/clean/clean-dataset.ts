import { type ReadFlowOptions, readFlowFiles } from '../flow/csv-reader.ts';
import type { HeaderLayout } from '../flow/layouts.ts';
import type { RowRejection } from '../flow/parse-row.ts';
import { type CleanFlow, cleanFlow } from './clean-flow.ts';
import { Deduper } from './dedupe.ts';
import type { CleaningReportBuilder } from './report.ts';

export interface CleanDatasetOptions extends ReadFlowOptions {
  /** Drop exact duplicates (default true). */
  dedupe?: boolean;
  /** Size hint for the de-duplication table. */
  expectedRows?: number;
  onFile?: (layout: HeaderLayout, path: string) => void;
  /** Every rejected line, e.g. to log a sample of them; they are counted in the report either way. */
  onRejection?: (rejection: RowRejection) => void;
}

/**
 * The offline data layer end to end: streams files (directories expanded), parses, cleans and
 * de-duplicates, yielding the kept rows a chunk at a time, and fills `report` as it goes. Memory
 * stays bounded by one chunk plus the de-duplication table.
 */
export async function* cleanDataset(
  paths: readonly string[],
  report: CleaningReportBuilder,
  options: CleanDatasetOptions = {},
): AsyncGenerator<CleanFlow[]> {
  const deduper = options.dedupe === false ? undefined : new Deduper({ expectedRows: options.expectedRows });
  for await (const event of readFlowFiles(paths, options)) {
    if (event.kind === 'file') {
      options.onFile?.(event.layout, event.path);
    } else if (event.kind === 'end') {
      report.addFileSummary(event.summary);
    } else {
      const kept: CleanFlow[] = [];
      for (const result of event.results) {
        if (!result.ok) {
          options.onRejection?.(result);
          continue;
        }
        const flow = cleanFlow(result.record);
        report.addCleaned(flow);
        if (deduper?.isDuplicate(flow)) {
          report.addDuplicate(flow);
        } else {
          kept.push(flow);
        }
      }
      if (kept.length > 0) yield kept;
    }
  }
  if (deduper) report.setLabelConflicts(deduper.stats());
}
