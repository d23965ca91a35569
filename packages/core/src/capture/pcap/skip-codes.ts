import type { PacketSkipReason } from '../packet.ts';

/**
 * The decoders return small integers, not reason strings, so the per-packet path counts into an
 * array; the names are attached once, when the stats are read.
 */
export const DECODED = 0;
export const SKIP_UNSUPPORTED_LINK = 1;
export const SKIP_NOT_IP = 2;
export const SKIP_OTHER_PROTOCOL = 3;
export const SKIP_FRAGMENT = 4;
export const SKIP_TRUNCATED_HEADER = 5;
export const SKIP_BAD_IP = 6;
export const SKIP_BAD_TRANSPORT = 7;
export const SKIP_TRUNCATED_RECORD = 8;
export const SKIP_CORRUPT_BLOCK = 9;

/** Indexed by code; index 0 (decoded) is not a reason. */
export const SKIP_REASONS: readonly (PacketSkipReason | null)[] = [
  null,
  'unsupported-link-type',
  'not-ip',
  'other-ip-protocol',
  'ip-fragment',
  'truncated-header',
  'bad-ip-header',
  'bad-transport-header',
  'truncated-record',
  'corrupt-block',
];
