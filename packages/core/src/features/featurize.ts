import type { CleanFlow } from '../clean/clean-flow.ts';
import { PipelineError } from '../errors.ts';
import { STAT_COLUMNS, type StatField } from '../flow/columns.ts';
import { readStats } from '../flow/stat-access.ts';
import { DERIVED_FEATURES } from './derived.ts';
import type { FeatureSet } from './feature-set.ts';

/** Value of an identifier feature the flow does not carry (a layout without Dst Port or Protocol). */
export const MISSING_VALUE = -1;

type Extractor = (flow: CleanFlow) => number;

interface Plan {
  width: number;
  /** Position of the 76 statistics when the set holds them as one run in column order, else -1. */
  statsAt: number;
  /** Every other feature, by position. */
  positions: Int32Array;
  extractors: Extractor[];
}

const plans = new WeakMap<FeatureSet, Plan>();
const STAT_FIELDS: readonly string[] = STAT_COLUMNS.map((c) => c.field);

function extractorFor(name: string): Extractor {
  if (name === 'dstPort') return (f) => f.dstPort ?? MISSING_VALUE;
  if (name === 'protocol') return (f) => f.protocol ?? MISSING_VALUE;
  const derived = DERIVED_FEATURES.find((d) => d.name === name);
  if (derived) return derived.compute;
  if (!STAT_FIELDS.includes(name)) {
    throw new PipelineError('FEATURE_SET_MISMATCH', `feature ${name} is not a field of a clean flow`);
  }
  const field = name as StatField;
  return (f) => f[field];
}

function compile(set: FeatureSet): Plan {
  const cached = plans.get(set);
  if (cached) return cached;
  const first = set.names.indexOf(STAT_FIELDS[0]!);
  const contiguous = first !== -1 && STAT_FIELDS.every((field, i) => set.names[first + i] === field);
  const statsAt = contiguous ? first : -1;
  const others = set.names
    .map((name, position) => ({ name, position }))
    .filter(
      ({ position }) => statsAt === -1 || position < statsAt || position >= statsAt + STAT_FIELDS.length,
    );
  const plan: Plan = {
    width: set.names.length,
    statsAt,
    positions: Int32Array.from(others, (o) => o.position),
    extractors: others.map((o) => extractorFor(o.name)),
  };
  plans.set(set, plan);
  return plan;
}

/**
 * Writes the flow's feature values in the set's order into `out` at `offset` (a row of a training
 * matrix, or a scorer's reusable buffer) and returns `out`. Without `out` it allocates a vector. The
 * set is compiled once and cached; the statistics are copied as one run, so a call does no
 * allocation and no per-name lookup when `out` is given.
 */
export function featurize(flow: CleanFlow, set: FeatureSet, out?: Float64Array, offset = 0): Float64Array {
  const plan = compile(set);
  const target = out ?? new Float64Array(plan.width);
  if (offset < 0 || offset + plan.width > target.length) {
    throw new PipelineError(
      'FEATURE_SET_MISMATCH',
      `no room for ${plan.width} features at offset ${offset} in a vector of ${target.length}`,
    );
  }
  if (plan.statsAt !== -1) readStats(flow, target, offset + plan.statsAt);
  const { positions, extractors } = plan;
  for (let i = 0; i < extractors.length; i++) target[offset + positions[i]!] = extractors[i]!(flow);
  return target;
}
