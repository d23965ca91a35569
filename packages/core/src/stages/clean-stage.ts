import { type CleanFlow, cleanFlow } from '../clean/clean-flow.ts';
import { toPipelineError } from '../errors.ts';
import type { FlowRecord } from '../flow/flow-record.ts';
import type { StageResult } from './stage-result.ts';

/** The cleaner service's work on one batch: the library's per-record cleaning, errors kept per record. */
export function cleanStage(records: readonly FlowRecord[]): StageResult<CleanFlow>[] {
  return records.map((record) => {
    try {
      return { ok: true, value: cleanFlow(record) };
    } catch (error) {
      const failure = toPipelineError(error, 'STAGE_FAILED');
      return { ok: false, code: failure.code, message: failure.message, retriable: failure.retriable };
    }
  });
}
