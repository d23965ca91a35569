import type { CleanFlow } from '../clean/clean-flow.ts';
import { PipelineError } from '../errors.ts';
import type { StatField } from '../flow/columns.ts';
import { DERIVED_FEATURES } from './derived.ts';
import type { FeatureSet } from './feature-set.ts';

/** Value of an identifier feature the flow does not carry (a layout without Dst Port or Protocol). */
export const MISSING_VALUE = -1;

type Extractor = (flow: CleanFlow) => number;

const compiled = new WeakMap<FeatureSet, Extractor[]>();

function compile(set: FeatureSet): Extractor[] {
  const cached = compiled.get(set);
  if (cached) return cached;
  const derived = new Map<string, Extractor>(DERIVED_FEATURES.map((d) => [d.name, d.compute]));
  const extractors = set.names.map((name): Extractor => {
    if (name === 'dstPort') return (f) => f.dstPort ?? MISSING_VALUE;
    if (name === 'protocol') return (f) => f.protocol ?? MISSING_VALUE;
    const compute = derived.get(name);
    if (compute) return compute;
    const field = name as StatField;
    return (f) => {
      const value = f[field];
      if (typeof value !== 'number') {
        throw new PipelineError('FEATURE_SET_MISMATCH', `feature ${name} is not a field of a clean flow`);
      }
      return value;
    };
  });
  compiled.set(set, extractors);
  return extractors;
}

/**
 * Writes the flow's feature values in the set's order into `out` at `offset` (a row of a training
 * matrix, or a scorer's reusable buffer) and returns `out`. Without `out` it allocates a vector. The
 * set is compiled once and cached, so a call does no allocation when `out` is given.
 */
export function featurize(flow: CleanFlow, set: FeatureSet, out?: Float64Array, offset = 0): Float64Array {
  const extractors = compile(set);
  const target = out ?? new Float64Array(extractors.length);
  if (offset < 0 || offset + extractors.length > target.length) {
    throw new PipelineError(
      'FEATURE_SET_MISMATCH',
      `no room for ${extractors.length} features at offset ${offset} in a vector of ${target.length}`,
    );
  }
  for (let i = 0; i < extractors.length; i++) target[offset + i] = extractors[i]!(flow);
  return target;
}
