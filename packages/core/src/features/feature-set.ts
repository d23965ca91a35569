import { createHash } from 'node:crypto';
import { PipelineError } from '../errors.ts';
import { STAT_COLUMNS } from '../flow/columns.ts';
import { DERIVED_FEATURE_NAMES, type DerivedFeatureName } from './derived.ts';

/** Bump when the meaning of an existing feature changes (a new cleaning sentinel, a changed formula). */
export const FEATURE_SET_ID = 'cic-flow-v1';

// A type alias (not an interface) so it is assignable to the model metadata's Record<string, unknown>.
export type FeatureSetOptions = {
  /** Dst Port as a feature. Off by default: a port names a service, and in CIC data it identifies attacks too well. */
  includeDstPort: boolean;
  /** Derived features to append, in DERIVED_FEATURES order whatever the order given. */
  derived: DerivedFeatureName[];
};

export interface FeatureSet {
  id: string;
  /** Feature names in vector order: canonical field names, then derived names. */
  names: string[];
  options: FeatureSetOptions;
  /** Stable hash of id, names and options: a model and its input must agree on it. */
  fingerprint: string;
}

/**
 * The leak-free feature set: Protocol and the 76 flow statistics, Dst Port only on request, derived
 * features only by name. Timestamp (and anything from it), Flow ID, IPs and Src Port are never
 * features; see features/README.md for why.
 */
export function buildFeatureSet(
  options: { includeDstPort?: boolean; derived?: readonly string[] } = {},
): FeatureSet {
  const unknown = (options.derived ?? []).filter(
    (name) => !DERIVED_FEATURE_NAMES.includes(name as DerivedFeatureName),
  );
  if (unknown.length > 0) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `unknown derived feature(s) ${unknown.join(', ')}; known: ${DERIVED_FEATURE_NAMES.join(', ')}`,
    );
  }
  const wanted = new Set(options.derived ?? []);
  const resolved: FeatureSetOptions = {
    includeDstPort: options.includeDstPort ?? false,
    derived: DERIVED_FEATURE_NAMES.filter((name) => wanted.has(name)),
  };
  const names = [
    ...(resolved.includeDstPort ? ['dstPort'] : []),
    'protocol',
    ...STAT_COLUMNS.map((c) => c.field),
    ...resolved.derived,
  ];
  return {
    id: FEATURE_SET_ID,
    names,
    options: resolved,
    fingerprint: fingerprintOf(FEATURE_SET_ID, names, resolved),
  };
}

function fingerprintOf(id: string, names: readonly string[], options: FeatureSetOptions): string {
  const canonical = JSON.stringify({
    id,
    names,
    options: { derived: options.derived, includeDstPort: options.includeDstPort },
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** Throws FEATURE_SET_MISMATCH unless `set` is exactly what its id and options build (e.g. read from a model file). */
export function verifyFeatureSet(set: FeatureSet): void {
  const rebuilt = buildFeatureSet(set.options);
  if (set.id !== rebuilt.id || set.fingerprint !== rebuilt.fingerprint) {
    throw new PipelineError(
      'FEATURE_SET_MISMATCH',
      `feature set ${set.id}/${set.fingerprint} is not what this build makes of its options (${rebuilt.id}/${rebuilt.fingerprint})`,
    );
  }
}
