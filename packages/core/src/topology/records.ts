import type { CleanFlow } from '../clean/clean-flow.ts';
import type { FlowRecord, SourceRef } from '../flow/flow-record.ts';
import type { TopicRole } from './topics.ts';

/**
 * The record every topic carries, one interface per Avro schema in schemas/. The raw and clean flows
 * are defined where they are made (the parser's FlowRecord, the cleaner's CleanFlow) and named here.
 */
export type { CleanFlow, FlowRecord };

/** The value type of each topic role. */
export interface TopicRecords {
  raw: FlowRecord;
  clean: CleanFlow;
  features: FeatureVector;
  scores: FlowScore;
  alerts: Alert;
  deadLetter: DeadLetter;
}

/** Compile-time check that every role has its record type. */
export type TopicRecord<R extends TopicRole> = TopicRecords[R];

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
  /** The column at fault (its header name), for a row refused for one of its cells. */
  column: string | null;
  failedAt: number;
}
