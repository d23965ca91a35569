import type { SourceRef } from '../flow/flow-record.ts';

/**
 * The records the services exchange after cleaning, one interface per Avro schema in schemas/. The raw
 * and clean flows are FlowRecord (flow/flow-record.ts) and CleanFlow (clean/clean-flow.ts).
 */

/** schemas/feature-vector.avsc */
export interface FeatureVector {
  recordId: string;
  flowKey: string;
  source: SourceRef;
  flowTime: number | null;
  srcIp: string | null;
  dstIp: string | null;
  dstPort: number | null;
  protocol: number | null;
  label: string | null;
  /** `<feature-set id>:<fingerprint>` of the full set the values follow. */
  featureSet: string;
  values: number[];
}

/** schemas/flow-score.avsc */
export interface FlowScore {
  recordId: string;
  flowKey: string;
  source: SourceRef;
  flowTime: number | null;
  label: string | null;
  attackProbability: number;
  predictedClass: string;
  alert: boolean;
  threshold: number;
  modelVersion: string;
  scoredAt: number;
}

export interface FeatureContributionRecord {
  name: string;
  value: number;
  contribution: number;
}

/** schemas/alert.avsc */
export interface Alert {
  recordId: string;
  flowKey: string;
  source: SourceRef;
  flowTime: number | null;
  srcIp: string | null;
  dstIp: string | null;
  dstPort: number | null;
  protocol: number | null;
  predictedClass: string;
  score: number;
  threshold: number;
  topFeatures: FeatureContributionRecord[];
  modelVersion: string;
  alertedAt: number;
}

/** schemas/dead-letter.avsc */
export interface DeadLetter {
  reasonCode: string;
  message: string;
  retriable: boolean;
  stage: string;
  sourceFile: string | null;
  sourceLine: number | null;
  originalText: string | null;
  originalBytes: Buffer | null;
  inputTopic: string | null;
  inputPartition: number | null;
  inputOffset: string | null;
  failedAt: number;
}

/** Per input record, in input order: what the stage made of it, or why it could not. */
export type StageResult<T> =
  | { ok: true; value: T }
  | { ok: false; code: string; message: string; retriable: boolean };
