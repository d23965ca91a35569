/** The report's model block from a stored model's metadata (model/artifact.ts). */
import type { ModelMetadata } from '../model/artifact.ts';
import type { ModelSummary } from './report-data.ts';

export function modelSummary(metadata: ModelMetadata): ModelSummary {
  return {
    version: metadata.version,
    createdAt: metadata.createdAt,
    threshold: metadata.threshold,
    seed: metadata.seed,
    featureNames: metadata.featureSet.names,
    hyperParameters: metadata.hyperParameters,
    classes: { binary: metadata.classes.binary, multiclass: metadata.classes.multiclass },
    details: {
      featureSet: metadata.featureSet.id,
      featureSetOptions: metadata.featureSet.options,
      featureSetFingerprint: metadata.featureSet.fingerprint,
      schemaFingerprints: metadata.schemaFingerprints,
      format: `${metadata.format} v${metadata.formatVersion}`,
    },
  };
}
