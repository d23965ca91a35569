/**
 * CIC timestamps: `dd/mm/yyyy hh:mm:ss` (CSE-CIC-IDS2018), `d/m/yyyy h:mm` (CIC-IDS2017) and
 * `dd/mm/yyyy hh:mm:ss AM|PM` (CICFlowMeter-V4). Day before month in all of them.
 *
 * Policy for the missing AM/PM. The 2017 and 2018 files were written on a 12-hour clock with the
 * AM/PM marker dropped, so 02:10 may mean 14:10. Both captures ran in office hours (roughly 08:00 to
 * 18:00 local time: e.g. the 2018-02-14 SSH-Bruteforce flows are stamped 02:xx and ran in the
 * afternoon, the 2017-07-07 DDoS flows 3:xx), so an hour from 1 to 7 without a marker is read as
 * afternoon and moved 12 hours on; `adjusted` says the rule changed the value. Hours 0 and 8 to 23 are
 * kept. With an explicit AM/PM the marker wins and nothing is adjusted.
 *
 * The wall-clock time is read as UTC: the capture's local time zone is not in the files, and reading
 * it as UTC keeps the day and hour the files show.
 */
export type TimestampResult =
  | { ok: true; epochMs: number; adjusted: boolean }
  /** `reason` quotes the text; `problem` is the same without it. */
  | { ok: false; reason: string; problem: string };

/**
 * The form, read by hand (no regex, no allocation per row): `d{1,2}/d{1,2}/d{4}`, one space,
 * `h{1,2}:m{1,2}[:s{1,2}]`, then optionally `AM` or `PM` (either case, dots allowed: `p.m.`) after at
 * most one space. Nothing before or after it, no other separator: a tab, a second space or any other
 * character makes the text no timestamp (a corrupt cell, refused by the row parser).
 */
const FORM_TEXT = 'd/m/yyyy h:mm[:ss] [AM|PM]';

/** The last hour the office-hours rule moves to the afternoon. */
export const LAST_AFTERNOON_HOUR_WITHOUT_MARKER = 7;

let lastText: string | undefined;
let lastResult: TimestampResult | undefined;

/** Never throws: invalid text gives `{ ok: false, reason }`. */
export function parseTimestamp(text: string): TimestampResult {
  // Day files are written in time order, so consecutive flows very often share the second.
  if (text === lastText && lastResult !== undefined) return lastResult;
  const result = parseUncached(text);
  lastText = text;
  lastResult = result;
  return result;
}

const SPACE = 32;
const SLASH = 47;
const COLON = 58;
const DOT = 46;
const CODE_0 = 48;

/** Where the last `digitsAt` stopped; module state, so reading a field allocates nothing. */
let cursor = 0;

/** The number written by `min` to `max` digits at `at` (cursor moves past them), or -1. */
function digitsAt(text: string, at: number, min: number, max: number): number {
  let value = 0;
  let i = at;
  for (; i < text.length && i - at < max; i++) {
    const d = text.charCodeAt(i) - CODE_0;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
  }
  if (i - at < min || (i < text.length && isDigitCode(text.charCodeAt(i)))) return -1;
  cursor = i;
  return value;
}

function isDigitCode(c: number): boolean {
  return c >= CODE_0 && c <= CODE_0 + 9;
}

const NO_MARKER = 0;
const AM = 1;
const PM = 2;
const BAD_MARKER = 3;

/** The AM/PM marker at `at` (cursor moves past it), NO_MARKER at the end, BAD_MARKER for other text. */
function markerAt(text: string, at: number): number {
  if (at === text.length) return NO_MARKER;
  const first = text.charCodeAt(at) | 0x20;
  if (first !== 0x61 && first !== 0x70) return BAD_MARKER;
  let i = at + 1;
  if (text.charCodeAt(i) === DOT) i++;
  if ((text.charCodeAt(i) | 0x20) !== 0x6d) return BAD_MARKER;
  i++;
  if (text.charCodeAt(i) === DOT) i++;
  cursor = i;
  return first === 0x61 ? AM : PM;
}

/** day, month, year, hour, minute, second, marker of the last text `readForm` accepted. */
const FIELDS = new Int32Array(7);

/** Whether the text has the form; its fields are then in FIELDS. */
function readForm(text: string): boolean {
  const day = digitsAt(text, 0, 1, 2);
  if (day < 0 || text.charCodeAt(cursor) !== SLASH) return false;
  const month = digitsAt(text, cursor + 1, 1, 2);
  if (month < 0 || text.charCodeAt(cursor) !== SLASH) return false;
  const year = digitsAt(text, cursor + 1, 4, 4);
  if (year < 0 || text.charCodeAt(cursor) !== SPACE) return false;
  const hour = digitsAt(text, cursor + 1, 1, 2);
  if (hour < 0 || text.charCodeAt(cursor) !== COLON) return false;
  const minute = digitsAt(text, cursor + 1, 1, 2);
  if (minute < 0) return false;
  let second = 0;
  if (text.charCodeAt(cursor) === COLON) {
    second = digitsAt(text, cursor + 1, 1, 2);
    if (second < 0) return false;
  }
  let marker = NO_MARKER;
  if (cursor !== text.length) {
    marker = markerAt(text, text.charCodeAt(cursor) === SPACE ? cursor + 1 : cursor);
    if (marker === NO_MARKER || marker === BAD_MARKER || cursor !== text.length) return false;
  }
  FIELDS[0] = day;
  FIELDS[1] = month;
  FIELDS[2] = year;
  FIELDS[3] = hour;
  FIELDS[4] = minute;
  FIELDS[5] = second;
  FIELDS[6] = marker;
  return true;
}

function parseUncached(text: string): TimestampResult {
  if (!readForm(text)) return invalid(text, `the form is ${FORM_TEXT}`);
  const day = FIELDS[0]!;
  const month = FIELDS[1]!;
  const year = FIELDS[2]!;
  let hour = FIELDS[3]!;
  const minute = FIELDS[4]!;
  const second = FIELDS[5]!;
  const marker = FIELDS[6]!;
  let adjusted = false;

  if (minute > 59 || second > 59) return invalid(text, 'minute or second out of range');
  if (marker !== NO_MARKER) {
    if (hour < 1 || hour > 12) return invalid(text, `hour ${hour} on a 12-hour clock`);
    hour = (hour % 12) + (marker === PM ? 12 : 0);
  } else {
    if (hour > 23) return invalid(text, `hour ${hour} out of range`);
    if (hour >= 1 && hour <= LAST_AFTERNOON_HOUR_WITHOUT_MARKER) {
      hour += 12;
      adjusted = true;
    }
  }

  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(epochMs);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1 || check.getUTCFullYear() !== year) {
    return invalid(text, 'no such date');
  }
  return { ok: true, epochMs, adjusted };
}

function invalid(text: string, problem: string): TimestampResult {
  return { ok: false, reason: `${JSON.stringify(text)}: ${problem}`, problem };
}
