import { PipelineError } from '../errors.ts';
import { BENIGN } from '../flow/labels.ts';
import { FlatForest } from '../forest/flat-forest.ts';
import { type ModelMetadata, readModel } from './artifact.ts';

/** Index of "attack" in the binary forest's classes. */
const ATTACK = 1;

export interface FeatureContribution {
  name: string;
  value: number;
  contribution: number;
}

/** Scores of one batch: per row, the attack probability and the class the model names. */
export interface BatchScores {
  probability: Float64Array;
  predictedClass: string[];
}

export interface ScoringModelParts {
  version: string;
  threshold: number;
  featureNames: readonly string[];
  featureSetFingerprint: string;
  binary: unknown;
  multiclass: unknown;
  attackClasses: readonly string[];
}

/**
 * A model compiled for scoring: both forests flattened once. The offline evaluation and the online
 * scorer call the same `scoreBatch`, so a flow gets the same score on both sides.
 */
export class ScoringModel {
  readonly version: string;
  readonly threshold: number;
  readonly featureNames: readonly string[];
  readonly featureSetFingerprint: string;
  readonly attackClasses: readonly string[];
  private readonly binary: FlatForest;
  private readonly multiclass: FlatForest | null;
  private scratch = new Float64Array(0);
  private classOut = new Int32Array(0);

  constructor(parts: ScoringModelParts) {
    this.version = parts.version;
    this.threshold = parts.threshold;
    this.featureNames = parts.featureNames;
    this.featureSetFingerprint = parts.featureSetFingerprint;
    this.attackClasses = parts.attackClasses;
    this.binary = FlatForest.fromModel(parts.binary, { nFeatures: parts.featureNames.length });
    if (parts.attackClasses.length === 0) {
      throw new PipelineError('MODEL_INVALID', `model ${parts.version} names no attack class`);
    }
    this.multiclass =
      parts.attackClasses.length > 1
        ? FlatForest.fromModel(parts.multiclass, { nFeatures: parts.featureNames.length })
        : null;
    if (this.multiclass !== null && this.multiclass.nClasses !== parts.attackClasses.length) {
      throw new PipelineError(
        'MODEL_INVALID',
        `model ${parts.version}: multiclass forest has ${this.multiclass.nClasses} classes, metadata lists ${parts.attackClasses.length}`,
      );
    }
  }

  static fromArtifact(metadata: ModelMetadata, binary: unknown, multiclass: unknown): ScoringModel {
    return new ScoringModel({
      version: metadata.version,
      threshold: metadata.threshold,
      featureNames: metadata.featureSet.names,
      featureSetFingerprint: metadata.featureSet.fingerprint,
      binary,
      multiclass,
      attackClasses: metadata.classes.multiclass,
    });
  }

  static async load(dir: string): Promise<ScoringModel> {
    const artifact = await readModel(dir);
    return ScoringModel.fromArtifact(artifact.metadata, artifact.binary, artifact.multiclass);
  }

  get nFeatures(): number {
    return this.featureNames.length;
  }

  /**
   * Scores `nRows` row-major feature rows. The multiclass forest runs only on the rows at or over the
   * threshold: it names attacks, it never decides whether there is one.
   */
  scoreBatch(values: Float64Array, nRows: number): BatchScores {
    const probability = new Float64Array(nRows);
    this.binary.scoreBatch(values, nRows, ATTACK, probability);
    const predictedClass = new Array<string>(nRows).fill(BENIGN);
    const flagged: number[] = [];
    for (let r = 0; r < nRows; r++) if (probability[r]! >= this.threshold) flagged.push(r);
    if (flagged.length === 0) return { probability, predictedClass };
    if (this.multiclass === null) {
      for (const r of flagged) predictedClass[r] = this.attackClasses[0]!;
      return { probability, predictedClass };
    }
    const width = this.nFeatures;
    if (this.scratch.length < flagged.length * width) {
      this.scratch = new Float64Array(flagged.length * width * 2);
      this.classOut = new Int32Array(flagged.length * 2);
    }
    for (let i = 0; i < flagged.length; i++) {
      const r = flagged[i]!;
      this.scratch.set(values.subarray(r * width, (r + 1) * width), i * width);
    }
    this.multiclass.predictClassBatch(this.scratch, flagged.length, this.classOut);
    for (let i = 0; i < flagged.length; i++)
      predictedClass[flagged[i]!] = this.attackClasses[this.classOut[i]!]!;
    return { probability, predictedClass };
  }

  /** The features that pushed this row's attack probability up most, largest first. */
  explain(row: ArrayLike<number>, top = 5): FeatureContribution[] {
    const { values } = this.binary.contributions(row, ATTACK);
    const order = Array.from(values.keys()).sort((a, b) => values[b]! - values[a]!);
    const pushing = order.filter((i) => values[i]! > 0);
    return (pushing.length > 0 ? pushing : order).slice(0, top).map((i) => ({
      name: this.featureNames[i]!,
      value: row[i]!,
      contribution: values[i]!,
    }));
  }
}
