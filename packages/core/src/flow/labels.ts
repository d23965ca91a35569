import { headerKey } from './columns.ts';

export const BENIGN = 'Benign';

/**
 * Canonical spellings of the labels the two datasets use. Each dataset keeps its own attack names
 * (CSE-CIC-IDS2018's "Infilteration" typo included: it is the name users search for); only case,
 * spacing and the dash differ between copies of the files, and BENIGN/Benign become one label.
 */
export const CIC_IDS2018_LABELS = [
  BENIGN,
  'Bot',
  'Brute Force -Web',
  'Brute Force -XSS',
  'DDOS attack-HOIC',
  'DDOS attack-LOIC-UDP',
  'DDoS attacks-LOIC-HTTP',
  'DoS attacks-GoldenEye',
  'DoS attacks-Hulk',
  'DoS attacks-SlowHTTPTest',
  'DoS attacks-Slowloris',
  'FTP-BruteForce',
  'Infilteration',
  'SQL Injection',
  'SSH-Bruteforce',
] as const;

export const CIC_IDS2017_LABELS = [
  BENIGN,
  'Bot',
  'DDoS',
  'DoS GoldenEye',
  'DoS Hulk',
  'DoS Slowhttptest',
  'DoS slowloris',
  'FTP-Patator',
  'Heartbleed',
  'Infiltration',
  'PortScan',
  'SSH-Patator',
  'Web Attack - Brute Force',
  'Web Attack - XSS',
  'Web Attack - Sql Injection',
] as const;

/**
 * What flow extractors write when nobody labelled the traffic: CICFlowMeter-V4 ("NeedManualLabel"),
 * the 2018 build ("No Label") and an older build that writes its own name ("CIC").
 */
const UNLABELLED = new Set(['nolabel', 'needmanuallabel', 'cic', 'unlabeled', 'unlabelled']);

/**
 * Keyed on letters and digits only, so the dash variants, a dash lost in re-encoding, spacing and
 * case all land on one entry ("Web Attack \u0096 XSS" and "web attack - xss" alike).
 */
const CANONICAL: ReadonlyMap<string, string> = new Map(
  [...CIC_IDS2018_LABELS, ...CIC_IDS2017_LABELS].map((label) => [headerKey(label), label]),
);

const KNOWN: ReadonlySet<string> = new Set(CANONICAL.values());

/** En dash, the C1 control U+0096 (the cp1252 dash read as Latin-1) and U+FFFD (the raw 0x96 byte read as UTF-8). */
const DASH_VARIANTS = /[\u0096\u2013\u2014\u2212\ufffd]/g;
const SPACES = /\s+/g;

/**
 * The label in canonical form: a known CIC label in its table spelling; any other text trimmed, with
 * dashes and runs of spaces normalised (kept, so new attack names are not lost); null for an empty
 * cell or an extractor's "unlabelled" placeholder.
 */
export function normaliseLabel(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const cached = memo.get(raw);
  if (cached !== undefined) return cached;
  const label = normaliseUncached(raw);
  // A file holds a handful of distinct labels: remembering them spares the regexes on every row,
  // and the cap bounds what a file of garbage labels can pin (keys may be slices of a read chunk).
  if (memo.size < MEMO_LIMIT) memo.set(raw, label);
  return label;
}

const MEMO_LIMIT = 256;
const memo = new Map<string, string | null>();

function normaliseUncached(raw: string): string | null {
  const key = headerKey(raw);
  if (key.length === 0 || UNLABELLED.has(key)) return null;
  const known = CANONICAL.get(key);
  if (known !== undefined) return known;
  return raw.replace(DASH_VARIANTS, '-').replace(SPACES, ' ').trim();
}

/** True for a label of the known CIC tables (after normalisation). */
export function isKnownLabel(label: string | null): boolean {
  return label !== null && KNOWN.has(label);
}

export function isBenign(label: string | null): boolean {
  return label === BENIGN;
}
