import { PipelineError } from '../../errors.ts';

/**
 * The Timestamp cell: the flow's first packet as wall-clock text, day first, on a 12-hour clock.
 *
 * CICFlowMeter-V4 (BasicFlow.java, dumpFlowBasedFeaturesEx) writes `dd/MM/yyyy hh:mm:ss` with Java's
 * SimpleDateFormat, which uses the JVM's default time zone and drops the AM/PM marker: that is the
 * CSE-CIC-IDS2018 form. Later versions (21790da) add ` AM`/` PM`; `fixed` mode writes the marker so the
 * hour is not ambiguous. The reference files were written in Atlantic time: test_copy.pcap's first
 * packet is 11:32:18 UTC and its flow reads 08:32:22 (UTC-3, daylight time), the CIC-IDS2017 SQL
 * injection at 13:40 UTC reads 10:40. The University of New Brunswick is in Fredericton, hence
 * America/Moncton, the default (identical to America/Halifax since 2007). Milliseconds are truncated,
 * as `flowStartTime / 1000L` does.
 */
export const DEFAULT_TIME_ZONE = 'America/Moncton';

/** Whether `name` is a time zone this Node knows (an IANA name such as UTC or America/Moncton). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Offsets are multiples of 15 minutes and change on 15-minute boundaries in every zone. */
const OFFSET_BUCKET_MS = 15 * 60 * 1000;

export function createTimestampFormatter(
  timeZone: string,
  withMarker: boolean,
): (epochMicros: number) => string {
  let parts: Intl.DateTimeFormat;
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch (error) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `flow meter: unknown time zone "${timeZone}" (an IANA name such as UTC or America/Moncton)`,
      {
        cause: error,
      },
    );
  }
  // Flows end roughly in time order, so one remembered offset serves nearly every flow.
  let bucket = Number.NaN;
  let offsetMs = 0;
  const local = new Date(0);

  const offsetAt = (epochMs: number): number => {
    const b = Math.floor(epochMs / OFFSET_BUCKET_MS);
    if (b !== bucket) {
      const at = b * OFFSET_BUCKET_MS;
      let y = 0;
      let mo = 0;
      let d = 0;
      let h = 0;
      let mi = 0;
      let s = 0;
      for (const p of parts.formatToParts(at)) {
        if (p.type === 'year') y = Number(p.value);
        else if (p.type === 'month') mo = Number(p.value);
        else if (p.type === 'day') d = Number(p.value);
        else if (p.type === 'hour') h = Number(p.value);
        else if (p.type === 'minute') mi = Number(p.value);
        else if (p.type === 'second') s = Number(p.value);
      }
      offsetMs = Date.UTC(y, mo - 1, d, h, mi, s) - at;
      bucket = b;
    }
    return offsetMs;
  };

  return (epochMicros) => {
    const epochMs = Math.trunc(epochMicros / 1000);
    local.setTime(epochMs + offsetAt(epochMs));
    const hour = local.getUTCHours();
    const text = `${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ${two(hour % 12 === 0 ? 12 : hour % 12)}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`;
    return withMarker ? `${text} ${hour < 12 ? 'AM' : 'PM'}` : text;
  };
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
