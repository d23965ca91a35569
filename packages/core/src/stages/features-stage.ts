import type { CleanFlow } from '../clean/clean-flow.ts';
import { toPipelineError } from '../errors.ts';
import { DERIVED_FEATURE_NAMES } from '../features/derived.ts';
import { buildFeatureSet, type FeatureSet } from '../features/feature-set.ts';
import { featurize } from '../features/featurize.ts';
import type { FeatureVector } from '../topology/records.ts';
import type { StageResult } from './stage-result.ts';

/**
 * The features service emits every feature the library knows (Dst Port and all derived features
 * included); each model picks the columns it was trained on by name. So the features service never
 * needs to know which model runs, and a new model with another feature set needs no restart upstream.
 */
export const STREAM_FEATURE_SET: FeatureSet = buildFeatureSet({
  includeDstPort: true,
  derived: [...DERIVED_FEATURE_NAMES],
});

export function featureSetTag(set: FeatureSet): string {
  return `${set.id}:${set.fingerprint}`;
}

const TAG = featureSetTag(STREAM_FEATURE_SET);

export function featuresStage(flows: readonly CleanFlow[]): StageResult<FeatureVector>[] {
  const width = STREAM_FEATURE_SET.names.length;
  return flows.map((flow) => {
    try {
      const values = featurize(flow, STREAM_FEATURE_SET, new Float64Array(width));
      return {
        ok: true,
        value: {
          recordId: flow.recordId,
          flowKey: flow.flowKey,
          source: flow.source,
          flowTime: flow.flowTime,
          srcIp: flow.srcIp,
          dstIp: flow.dstIp,
          dstPort: flow.dstPort,
          protocol: flow.protocol,
          label: flow.label,
          featureSet: TAG,
          values: Array.from(values),
        },
      };
    } catch (error) {
      const failure = toPipelineError(error, 'STAGE_FAILED');
      return { ok: false, code: failure.code, message: failure.message, retriable: failure.retriable };
    }
  });
}
