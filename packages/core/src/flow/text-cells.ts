import { isIPv6 } from 'node:net';

/**
 * Checks for the text cells of a row: addresses, Flow IDs, labels. Like the number cells they read the
 * line between two offsets and allocate nothing on the common path (an IPv4 address, a clean label);
 * each returns null when the cell is fine and otherwise says what is wrong, for the rejection message.
 */

const CODE_0 = 48;
const CODE_9 = 57;
const CODE_DOT = 46;
const CODE_DASH = 45;
const CODE_SPACE = 32;

/** The longest label we take: the CIC tables' longest is 26 characters ("Web Attack - Sql Injection"). */
export const MAX_LABEL_CHARS = 128;

/**
 * An IPv4 address as CICFlowMeter writes it (four decimal parts 0-255, no leading zeros), or an IPv6
 * address (which it writes for IPv6 flows; checked by `net.isIPv6` on the substring, off the hot path).
 */
export function isIpSpan(text: string, start: number, end: number): boolean {
  if (isIPv4Span(text, start, end)) return true;
  const colon = text.indexOf(':', start);
  return colon !== -1 && colon < end && isIPv6(text.slice(start, end));
}

function isIPv4Span(text: string, start: number, end: number): boolean {
  let parts = 0;
  let i = start;
  for (;;) {
    const partStart = i;
    let value = 0;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c < CODE_0 || c > CODE_9) break;
      value = value * 10 + (c - CODE_0);
    }
    const length = i - partStart;
    if (length === 0 || length > 3 || value > 255) return false;
    if (length > 1 && text.charCodeAt(partStart) === CODE_0) return false;
    parts++;
    if (i === end) return parts === 4;
    if (parts === 4 || text.charCodeAt(i) !== CODE_DOT) return false;
    i++;
  }
}

/** A whole decimal number of 1 to `maxDigits` digits, no sign, at most `max`. */
function isUnsignedSpan(text: string, start: number, end: number, maxDigits: number, max: number): boolean {
  if (end <= start || end - start > maxDigits) return false;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < CODE_0 || c > CODE_9) return false;
    value = value * 10 + (c - CODE_0);
  }
  return value <= max;
}

/**
 * A Flow ID: `<src ip>-<dst ip>-<src port>-<dst port>-<protocol>`, as CICFlowMeter builds it (the
 * parts are not compared with the row's other columns: the extractor names a flow by its first packet).
 */
export function flowIdFault(text: string, start: number, end: number): string | null {
  const dash1 = dashIn(text, start, end);
  const dash2 = dash1 === -1 ? -1 : dashIn(text, dash1 + 1, end);
  const dash3 = dash2 === -1 ? -1 : dashIn(text, dash2 + 1, end);
  const dash4 = dash3 === -1 ? -1 : dashIn(text, dash3 + 1, end);
  if (dash4 === -1 || dashIn(text, dash4 + 1, end) !== -1) {
    return 'not <src ip>-<dst ip>-<src port>-<dst port>-<protocol>';
  }
  if (!isIpSpan(text, start, dash1) || !isIpSpan(text, dash1 + 1, dash2))
    return 'an address in it is no IP address';
  if (
    !isUnsignedSpan(text, dash2 + 1, dash3, 5, 65_535) ||
    !isUnsignedSpan(text, dash3 + 1, dash4, 5, 65_535)
  ) {
    return 'a port in it is not a number from 0 to 65535';
  }
  if (!isUnsignedSpan(text, dash4 + 1, end, 3, 255)) return 'its protocol is not a number from 0 to 255';
  return null;
}

/** The first dash in [from, end), or -1. */
function dashIn(text: string, from: number, end: number): number {
  for (let i = from; i < end; i++) if (text.charCodeAt(i) === CODE_DASH) return i;
  return -1;
}

/**
 * Free text (a label, a column the layout does not know): refused for a control character (C0, DEL,
 * C1) or U+FFFD, i.e. binary bytes or bytes that were not UTF-8, with one exception the CIC-IDS2017 files
 * need: their web-attack labels carry a cp1252 dash (`Web Attack \u0096 XSS`) that reads as U+0096
 * (re-encoded copies) or U+FFFD (the original bytes read as UTF-8), always as a word of its own between
 * spaces; `labels.ts` turns it into `-`.
 */
export function textFault(text: string, start: number, end: number): string | null {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f && c !== 0x96)) return `a control character (${codePoint(c)})`;
    if (c === 0x96 || c === 0xfffd) {
      const alone =
        i > start &&
        i + 1 < end &&
        text.charCodeAt(i - 1) === CODE_SPACE &&
        text.charCodeAt(i + 1) === CODE_SPACE;
      if (!alone) {
        return c === 0xfffd
          ? 'U+FFFD, bytes that are not UTF-8'
          : `a control character (${codePoint(c)}) other than the dash between two words`;
      }
    }
  }
  return null;
}

export function labelFault(text: string, start: number, end: number): string | null {
  if (end - start > MAX_LABEL_CHARS)
    return `${end - start} characters, longer than a label (${MAX_LABEL_CHARS})`;
  return textFault(text, start, end);
}

function codePoint(c: number): string {
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}
