/**
 * Number parsing for CSV cells, strictly in the forms CIC files and the tools that re-saved them
 * write (see the table in `clean/README.md`):
 *
 *   -?digits[.digits][(e|E)[+|-]digits]     e.g. 80, -1, 117.1666667, 1581.0, 9.53E+07, 2.0824295E7
 *   Infinity, -Infinity, inf, -inf, NaN     in any case, as the JS values they name
 *
 * Nothing else: no spaces around the number, no leading `+`, no `.5` or `5.`, no `0x1F`, `0o17` or
 * `0b11`, no `1_000`, no lone `-`. A number too large for a double (`1e400`) is out of range rather
 * than Infinity: a file never writes an exponent that overflows, so it means corruption, and only the
 * spellings above stand for the non-finite values the cleaner then counts.
 *
 * The functions read numbers straight out of the line between two offsets, so a row of 80 cells costs
 * no substring per cell, and return `undefined` for a cell that is not a valid value of their kind (no
 * exception, no allocation: they run on every cell of every row). Plain decimals take a fast path
 * that gives exactly the double `Number(text)` gives: with at most 15 digits the digits form an exact
 * integer m < 2^53, the power of ten 10^k (k <= 15) is exact too, and one IEEE division m / 10^k is
 * correctly rounded, just as the decimal conversion is. Longer mantissas and exponents are checked
 * against the form first and then converted by `Number` on the substring.
 */

const CODE_0 = 48;
const CODE_9 = 57;
const CODE_SPACE = 32;
const CODE_TAB = 9;
const CODE_MINUS = 45;
const CODE_PLUS = 43;
const CODE_DOT = 46;
/** Lower-case letters: `c | 0x20` folds an ASCII letter's case and maps no other character onto them. */
const LOWER_E = 0x65;
const LOWER_I = 0x69;
const LOWER_N = 0x6e;
const MAX_FAST_DIGITS = 15;
const POW10 = Array.from({ length: MAX_FAST_DIGITS + 1 }, (_, k) => 10 ** k);

export function isBlankSpan(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== CODE_SPACE && c !== CODE_TAB) return false;
  }
  return true;
}

function isDigit(c: number): boolean {
  return c >= CODE_0 && c <= CODE_9;
}

/**
 * The value of a span in the number form above: a double (±Infinity only from its spelling or an
 * overflowing exponent or mantissa, NaN only from its spelling), or undefined for any other text.
 */
function scanNumber(text: string, start: number, end: number): number | undefined {
  let i = start;
  if (i >= end) return undefined;
  let c = text.charCodeAt(i);
  const negative = c === CODE_MINUS;
  if (negative) {
    if (++i >= end) return undefined;
    c = text.charCodeAt(i);
  }
  if (!isDigit(c)) return nonFiniteSpelling(text, i, end, negative);

  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  for (; i < end; i++) {
    c = text.charCodeAt(i);
    if (!isDigit(c)) break;
    mantissa = mantissa * 10 + (c - CODE_0);
    digits++;
  }
  if (i < end && c === CODE_DOT) {
    const fractionStart = ++i;
    for (; i < end; i++) {
      c = text.charCodeAt(i);
      if (!isDigit(c)) break;
      mantissa = mantissa * 10 + (c - CODE_0);
      digits++;
      fraction++;
    }
    if (i === fractionStart) return undefined;
  }
  if (i === end) {
    if (digits > MAX_FAST_DIGITS) return Number(text.slice(start, end));
    const value = fraction === 0 ? mantissa : mantissa / POW10[fraction]!;
    return negative ? -value : value;
  }
  if ((c | 0x20) !== LOWER_E || ++i >= end) return undefined;
  c = text.charCodeAt(i);
  if (c === CODE_PLUS || c === CODE_MINUS) {
    if (++i >= end) return undefined;
  }
  for (; i < end; i++) {
    if (!isDigit(text.charCodeAt(i))) return undefined;
  }
  return Number(text.slice(start, end));
}

/** `Infinity`, `inf` and `NaN` in any case, the first two after an optional minus. */
function nonFiniteSpelling(text: string, start: number, end: number, negative: boolean): number | undefined {
  const length = end - start;
  const first = text.charCodeAt(start) | 0x20;
  if (first === LOWER_I && (length === 3 || length === 8) && spells(text, start, end, 'infinity')) {
    return negative ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (first === LOWER_N && length === 3 && !negative && spells(text, start, end, 'nan')) return Number.NaN;
  return undefined;
}

/** Whether the span is `word`, or the start of it, in any case. */
function spells(text: string, start: number, end: number, word: string): boolean {
  for (let i = start; i < end; i++) {
    if ((text.charCodeAt(i) | 0x20) !== word.charCodeAt(i - start)) return false;
  }
  return true;
}

/** A double cell: any value of the form above. A finite number that overflows a double is refused. */
export function parseDoubleSpan(text: string, start: number, end: number): number | undefined {
  const value = scanNumber(text, start, end);
  if (value === undefined || Number.isFinite(value) || Number.isNaN(value)) return value;
  // ±Infinity: only its spelling means it; digits that overflow are out of range.
  return writtenInDigits(text, start) ? undefined : value;
}

/** Whether a span that scanned as a number starts with a digit (after a minus), i.e. is not spelled. */
function writtenInDigits(text: string, start: number): boolean {
  return isDigit(text.charCodeAt(text.charCodeAt(start) === CODE_MINUS ? start + 1 : start));
}

/**
 * A long cell: a whole number within the exact range of a double (±2^53 - 1). Re-saved files write
 * counts as `1581.0` or `9.53E+07`, which are whole and accepted; `1.5`, Infinity and NaN are not.
 */
export function parseLongSpan(text: string, start: number, end: number): number | undefined {
  const value = scanNumber(text, start, end);
  if (value === undefined || !Number.isSafeInteger(value)) return undefined;
  // -0 from "-0" or "-0.0" would survive Avro as 0 anyway; make it 0 here so equal rows hash alike.
  return value === 0 ? 0 : value;
}

export function parseDoubleCell(cell: string): number | undefined {
  return parseDoubleSpan(cell, 0, cell.length);
}

export function parseLongCell(cell: string): number | undefined {
  return parseLongSpan(cell, 0, cell.length);
}

/**
 * Why a cell is not a value of its kind, for the rejection message (the error path only, so it may
 * allocate): `not a number`, `out of range` (the form is right, the value does not fit) or, for a long
 * column, `not a whole number`.
 */
export function explainBadNumber(cell: string, kind: 'long' | 'double'): string {
  const value = scanNumber(cell, 0, cell.length);
  if (value === undefined) return 'not a number';
  if (kind === 'double') return 'out of the range of a double';
  const overflow =
    (value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY) && writtenInDigits(cell, 0);
  if (Number.isInteger(value) || overflow) {
    return 'out of range (a whole number is at most 2^53 - 1 in size)';
  }
  return 'not a whole number';
}
