/**
 * Rough text widths for layout (margins that fit the longest label). SVG cannot measure text before it
 * is rendered, and the report must not need a script, so we estimate from average glyph widths of a
 * sans-serif face and leave a little slack.
 */
const NARROW = /[iljtfrI.,:;'|!() -]/;
const WIDE = /[mwMW@%]/;

export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text)
    em += NARROW.test(ch) ? 0.33 : WIDE.test(ch) ? 0.85 : /[A-Z0-9]/.test(ch) ? 0.66 : 0.56;
  return em * fontSize;
}

/** Shortens a label to fit `maxWidth`, marking the cut with an ellipsis (the full text goes in a tooltip). */
export function fitText(text: string, fontSize: number, maxWidth: number): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  let cut = text;
  while (cut.length > 1 && textWidth(`${cut}…`, fontSize) > maxWidth) cut = cut.slice(0, -1);
  return `${cut}…`;
}
