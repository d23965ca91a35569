/**
 * The reason codes cleaning records, with the policy each applies. The table in README.md beside this
 * file explains why; a test keeps the two in step.
 *
 * - `sentinel`: the value is replaced by a documented sentinel and the row flagged.
 * - `clip`: the value is moved to the nearest valid one and the row flagged.
 * - `flag`: the value is kept as it is and the row flagged.
 * - `drop`: the row is removed, at dataset level only (streaming scores every row).
 */
export type CleaningPolicy = 'sentinel' | 'clip' | 'flag' | 'drop';

export const CLEANING_REASONS = {
  RATE_NONFINITE: 'sentinel',
  VALUE_NONFINITE: 'sentinel',
  NEGATIVE_RATE: 'sentinel',
  NEGATIVE_DURATION: 'clip',
  NEGATIVE_TIME: 'clip',
  NEGATIVE_VALUE: 'clip',
  WINDOW_UNSEEN: 'flag',
  TIMESTAMP_ADJUSTED: 'flag',
  TIMESTAMP_INVALID: 'flag',
  LABEL_UNKNOWN: 'flag',
  DUPLICATE: 'drop',
} as const satisfies Record<string, CleaningPolicy>;

export type CleaningReason = keyof typeof CLEANING_REASONS;

/** The reasons a single record can carry; DUPLICATE needs the whole dataset. */
export type CleaningFlag = Exclude<CleaningReason, 'DUPLICATE'>;

/** Flags appear on a record in this order, so equal rows get equal flag arrays. */
export const CLEANING_FLAGS: readonly CleaningFlag[] = (
  Object.keys(CLEANING_REASONS) as CleaningReason[]
).filter((reason): reason is CleaningFlag => reason !== 'DUPLICATE');

/** Sentinels written in place of values that cannot be computed. */
export const SENTINELS = {
  /** x/0 with x > 0: an unbounded rate. Out of the range of real rates, so a tree can split it off. */
  infinite: -1,
  /** 0/0: no bytes or packets in no time, i.e. nothing was transferred. */
  notANumber: 0,
} as const;
