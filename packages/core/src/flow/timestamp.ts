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
  | { ok: false; reason: string };

const FORM =
  /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:\s*([AaPp])\.?[Mm]\.?)?\s*$/;

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

function parseUncached(text: string): TimestampResult {
  const m = FORM.exec(text);
  if (!m) return { ok: false, reason: `${JSON.stringify(text)} is not d/m/yyyy h:mm[:ss] [AM|PM]` };
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  let hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const marker = m[7]?.toUpperCase();
  let adjusted = false;

  if (minute > 59 || second > 59)
    return { ok: false, reason: `${JSON.stringify(text)}: minute or second out of range` };
  if (marker !== undefined) {
    if (hour < 1 || hour > 12)
      return { ok: false, reason: `${JSON.stringify(text)}: hour ${hour} on a 12-hour clock` };
    hour = (hour % 12) + (marker === 'P' ? 12 : 0);
  } else {
    if (hour > 23) return { ok: false, reason: `${JSON.stringify(text)}: hour ${hour} out of range` };
    if (hour >= 1 && hour <= LAST_AFTERNOON_HOUR_WITHOUT_MARKER) {
      hour += 12;
      adjusted = true;
    }
  }

  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(epochMs);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1 || check.getUTCFullYear() !== year) {
    return { ok: false, reason: `${JSON.stringify(text)}: no such date` };
  }
  return { ok: true, epochMs, adjusted };
}
