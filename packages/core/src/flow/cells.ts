/**
 * Number parsing for CSV cells. Both functions return `undefined` for text that is not a valid value
 * of their kind (no exception, no allocation: they run on every cell of every row); the caller tells
 * an empty cell apart with `isBlank` first.
 */

const CODE_0 = 48;
const CODE_SPACE = 32;
const CODE_TAB = 9;

export function isBlank(cell: string): boolean {
  if (cell.length === 0) return true;
  const first = cell.charCodeAt(0);
  if (first !== CODE_SPACE && first !== CODE_TAB) return false;
  return cell.trim().length === 0;
}

/**
 * A double cell: decimal or exponent notation, plus the non-finite spellings CIC files and re-saving
 * tools write (`Infinity`, `-Infinity`, `inf`, `NaN`), as the JS values they name.
 */
export function parseDoubleCell(cell: string): number | undefined {
  const value = +cell;
  if (!Number.isNaN(value)) return isRadixLiteral(cell) ? undefined : value;
  return nonFiniteSpelling(cell);
}

/**
 * A long cell: a whole number within the exact range of a double. Re-saved files write counts as
 * `1581.0` or `9.53E+07`, which are whole and accepted; `1.5`, Infinity and NaN are not.
 */
export function parseLongCell(cell: string): number | undefined {
  const value = +cell;
  if (!Number.isSafeInteger(value) || isRadixLiteral(cell)) return undefined;
  // -0 from "-0" or "-0.0" would survive Avro as 0 anyway; make it 0 here so equal rows hash alike.
  return value === 0 ? 0 : value;
}

/** `+` accepts 0x1F, 0o17 and 0b11, which no CIC file means. */
function isRadixLiteral(cell: string): boolean {
  if (cell.length < 3 || cell.charCodeAt(0) !== CODE_0) return false;
  const second = cell.charCodeAt(1) | 0x20;
  return second === 0x78 || second === 0x6f || second === 0x62;
}

function nonFiniteSpelling(cell: string): number | undefined {
  switch (cell.trim().toLowerCase()) {
    case 'nan':
    case '-nan':
    case '+nan':
      return Number.NaN;
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Number.POSITIVE_INFINITY;
    case '-inf':
    case '-infinity':
      return Number.NEGATIVE_INFINITY;
    default:
      return undefined;
  }
}

/*
 * Span versions: the row parser reads numbers straight out of the line between two offsets, so a
 * row of 80 cells costs no substring per cell. Plain decimals take a fast path that gives exactly the
 * double `Number(text)` gives: with at most 15 digits the digits form an exact integer m < 2^53, the
 * power of ten 10^k (k <= 15) is exact too, and one IEEE division m / 10^k is correctly rounded, just
 * as the decimal conversion is. Everything else (exponents, Infinity, junk) falls back to the string
 * functions above on the substring.
 */

const CODE_MINUS = 45;
const CODE_PLUS = 43;
const CODE_DOT = 46;
const MAX_FAST_DIGITS = 15;
const POW10 = Array.from({ length: MAX_FAST_DIGITS + 1 }, (_, k) => 10 ** k);

export function isBlankSpan(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== CODE_SPACE && c !== CODE_TAB) return false;
  }
  return true;
}

/** NaN when the span is not a plain decimal the fast path can take. */
function fastDecimal(text: string, start: number, end: number): number {
  let i = start;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === CODE_MINUS) {
    negative = true;
    i++;
  } else if (first === CODE_PLUS) {
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let dot = false;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= CODE_0 && c <= CODE_0 + 9) {
      mantissa = mantissa * 10 + (c - CODE_0);
      digits++;
      if (dot) fraction++;
    } else if (c === CODE_DOT && !dot) {
      dot = true;
    } else {
      return Number.NaN;
    }
  }
  if (digits === 0 || digits > MAX_FAST_DIGITS) return Number.NaN;
  const value = fraction === 0 ? mantissa : mantissa / POW10[fraction]!;
  return negative ? -value : value;
}

export function parseDoubleSpan(text: string, start: number, end: number): number | undefined {
  const value = fastDecimal(text, start, end);
  return Number.isNaN(value) ? parseDoubleCell(text.slice(start, end)) : value;
}

export function parseLongSpan(text: string, start: number, end: number): number | undefined {
  const value = fastDecimal(text, start, end);
  if (Number.isNaN(value)) return parseLongCell(text.slice(start, end));
  if (!Number.isSafeInteger(value)) return undefined;
  return value === 0 ? 0 : value;
}
