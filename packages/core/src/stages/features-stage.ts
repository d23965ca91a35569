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

const WIDTH = STREAM_FEATURE_SET.names.length;
/** featurize writes here; featuresStage is synchronous, so nothing is left in it between calls. */
const scratch = new Float64Array(WIDTH);

/** A plain array for Avro (avsc encodes arrays only), filled by index: no typed array per record. */
function toArray(values: Float64Array): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]!;
  return out;
}

export function featuresStage(flows: readonly CleanFlow[]): StageResult<FeatureVector>[] {
  return flows.map((flow) => {
    try {
      const values = featurize(flow, STREAM_FEATURE_SET, scratch);
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
          values: toArray(values),
        },
      };
    } catch (error) {
      const failure = toPipelineError(error, 'STAGE_FAILED');
      return { ok: false, code: failure.code, message: failure.message, retriable: failure.retriable };
    }
  });
}
