/**
 * A reader for the block subset of YAML that docker-compose.yml keeps to: nested mappings, sequences of
 * scalars, plain and quoted scalars, comments. No YAML package is installed and the compose file needs
 * no more; anything outside the subset (flow style, anchors, block scalars, tabs) is refused with the
 * line number, so the file cannot drift into syntax this reader would misread.
 */
export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  readonly number: number;
  readonly indent: number;
  readonly text: string;
}

export class YamlSubsetError extends Error {}

export function parseBlockYaml(source: string): YamlValue {
  const lines: Line[] = [];
  source.split(/\r?\n/).forEach((raw, index) => {
    const number = index + 1;
    const indentText = /^[ \t]*/.exec(raw)![0];
    if (indentText.includes('\t')) throw new YamlSubsetError(`line ${number}: tab in indentation`);
    const text = stripComment(raw.slice(indentText.length), number).trimEnd();
    if (text === '') return;
    if (text === '---' || text === '...')
      throw new YamlSubsetError(`line ${number}: document markers are not supported`);
    lines.push({ number, indent: indentText.length, text });
  });
  if (lines.length === 0) return null;
  const [value, next] = parseBlock(lines, 0, lines[0]!.indent);
  if (next < lines.length) throw new YamlSubsetError(`line ${lines[next]!.number}: unexpected indentation`);
  return value;
}

function parseBlock(lines: Line[], start: number, indent: number): [YamlValue, number] {
  return isSequenceItem(lines[start]!.text)
    ? parseSequence(lines, start, indent)
    : parseMapping(lines, start, indent);
}

function parseMapping(lines: Line[], start: number, indent: number): [YamlValue, number] {
  const result: Record<string, YamlValue> = {};
  let index = start;
  while (index < lines.length && lines[index]!.indent === indent) {
    const line = lines[index]!;
    if (isSequenceItem(line.text))
      throw new YamlSubsetError(`line ${line.number}: a list item where a key was expected`);
    const { key, rest } = splitKey(line);
    if (Object.hasOwn(result, key)) throw new YamlSubsetError(`line ${line.number}: duplicate key ${key}`);
    index += 1;
    if (rest !== '') {
      result[key] = parseScalar(rest, line.number);
    } else if (index < lines.length && lines[index]!.indent > indent) {
      const [child, next] = parseBlock(lines, index, lines[index]!.indent);
      result[key] = child;
      index = next;
    } else {
      result[key] = null;
    }
  }
  if (index < lines.length && lines[index]!.indent > indent) {
    throw new YamlSubsetError(`line ${lines[index]!.number}: unexpected indentation`);
  }
  return [result, index];
}

function parseSequence(lines: Line[], start: number, indent: number): [YamlValue, number] {
  const result: YamlValue[] = [];
  let index = start;
  while (index < lines.length && lines[index]!.indent === indent && isSequenceItem(lines[index]!.text)) {
    const line = lines[index]!;
    const item = line.text.slice(1).trim();
    if (item === '')
      throw new YamlSubsetError(`line ${line.number}: nested blocks inside list items are not supported`);
    if (findKeySeparator(item) !== -1) {
      throw new YamlSubsetError(`line ${line.number}: mappings inside list items are not supported`);
    }
    result.push(parseScalar(item, line.number));
    index += 1;
  }
  return [result, index];
}

function isSequenceItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

function splitKey(line: Line): { key: string; rest: string } {
  const at = findKeySeparator(line.text);
  if (at === -1) throw new YamlSubsetError(`line ${line.number}: expected "key: value" or "key:"`);
  const rawKey = line.text.slice(0, at).trim();
  const key = parseScalar(rawKey, line.number);
  if (typeof key !== 'string' || key === '') throw new YamlSubsetError(`line ${line.number}: empty key`);
  return { key, rest: line.text.slice(at + 1).trim() };
}

/** The colon that ends a key: followed by a space or the end of the line, and outside quotes. */
function findKeySeparator(text: string): number {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if ((char === '"' || char === "'") && i === 0) {
      quote = char;
    } else if (char === ':' && (i === text.length - 1 || text[i + 1] === ' ')) {
      return i;
    }
  }
  return -1;
}

function parseScalar(text: string, lineNumber: number): string | null {
  const first = text[0];
  if (first === '"') {
    if (!text.endsWith('"') || text.length < 2)
      throw new YamlSubsetError(`line ${lineNumber}: unterminated "string"`);
    return JSON.parse(text) as string;
  }
  if (first === "'") {
    if (!text.endsWith("'") || text.length < 2)
      throw new YamlSubsetError(`line ${lineNumber}: unterminated 'string'`);
    return text.slice(1, -1).replaceAll("''", "'");
  }
  if (first !== undefined && '[{&*!|>%@`'.includes(first)) {
    throw new YamlSubsetError(
      `line ${lineNumber}: "${first}" starts syntax outside the supported block subset`,
    );
  }
  return text === '~' || text === 'null' ? null : text;
}

/** Drops a comment: "#" at the start, or after a space outside quotes. */
function stripComment(text: string, lineNumber: number): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      if (i === 0 || text[i - 1] === ' ') quote = char;
    } else if (char === '#' && (i === 0 || text[i - 1] === ' ')) {
      return text.slice(0, i);
    }
  }
  if (quote) throw new YamlSubsetError(`line ${lineNumber}: unterminated ${quote}string${quote}`);
  return text;
}
