import type { CleanFlow } from '../clean/clean-flow.ts';

/**
 * Candidate features computed from the statistics. Each is off unless named in the feature set's
 * `derived` option: the training side keeps one only when an ablation shows it helps. All are
 * finite for every clean flow (the statistics are finite and every division is guarded).
 */
export interface DerivedFeature {
  readonly name: string;
  readonly description: string;
  readonly compute: (flow: CleanFlow) => number;
}

export const DERIVED_FEATURES = [
  {
    name: 'bytesPerPkt',
    description:
      'payload bytes per packet over both directions, (TotLen Fwd + TotLen Bwd) / (Tot Fwd + Tot Bwd); ' +
      '0 without packets. CICFlowMeter-V3 computes Pkt Size Avg with an off-by-one, this is the plain ratio',
    compute: (f: CleanFlow) => {
      const packets = f.totFwdPkts + f.totBwdPkts;
      return packets > 0 ? (f.totLenFwdPkts + f.totLenBwdPkts) / packets : 0;
    },
  },
  {
    name: 'fwdBwdPktRatio',
    description: 'Tot Fwd Pkts / (Tot Bwd Pkts + 1): one-sided floods and scans get no answers',
    compute: (f: CleanFlow) => f.totFwdPkts / (f.totBwdPkts + 1),
  },
  {
    name: 'fwdBwdByteRatio',
    description:
      'TotLen Fwd Pkts / (TotLen Bwd Pkts + 1): uploads (brute force, injection) against downloads',
    compute: (f: CleanFlow) => f.totLenFwdPkts / (f.totLenBwdPkts + 1),
  },
  {
    name: 'fwdPayloadShare',
    description:
      'Fwd Act Data Pkts / Tot Fwd Pkts: share of forward packets that carry payload; 0 without packets',
    compute: (f: CleanFlow) => (f.totFwdPkts > 0 ? f.fwdActDataPkts / f.totFwdPkts : 0),
  },
  {
    name: 'headerByteShare',
    description:
      'header bytes / (header + payload bytes) over both directions: near 1 for empty-packet floods and scans; 0 for an empty flow',
    compute: (f: CleanFlow) => {
      const headers = f.fwdHeaderLen + f.bwdHeaderLen;
      const total = headers + f.totLenFwdPkts + f.totLenBwdPkts;
      return total > 0 ? headers / total : 0;
    },
  },
  {
    name: 'rateNonFinite',
    description:
      '1 when cleaning replaced a non-finite rate (flag RATE_NONFINITE: zero-duration flows), else 0',
    compute: (f: CleanFlow) => (f.cleaningFlags.includes('RATE_NONFINITE') ? 1 : 0),
  },
] as const satisfies readonly DerivedFeature[];

export type DerivedFeatureName = (typeof DERIVED_FEATURES)[number]['name'];

export const DERIVED_FEATURE_NAMES: readonly DerivedFeatureName[] = DERIVED_FEATURES.map((d) => d.name);
