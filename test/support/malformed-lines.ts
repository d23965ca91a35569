/**
 * GENERATED test data: malformed CIC lines made from real rows, for the bad-input fuzz tests. Every
 * line starts as a real row of a file the repository ships (data/sample, test/fixtures) and gets one
 * edit of a kind issue 9 lists (truncated, extra or missing columns, words, `1e400`, a lone `-`,
 * `0x1F`, junk text, unbalanced quotes, bad timestamps, binary bytes, over-long lines, ...), drawn
 * from a seeded generator: the same seed gives the same bytes on every run. Each line carries the
 * code (and, for a cell, the column) the row parser must refuse it with; see the table in
 * packages/core/src/clean/README.md. Real rows, some respelled in ways the CIC files do write
 * (`Infinity`, `1581.0`, quoted cells), are mixed in and must be accepted.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SeededRng } from '@netattack/core';
import { detectLayout, type HeaderLayout, STAT_COLUMNS } from '@netattack/core/flow';
import { fixture, REPO_ROOT } from '../fixtures/paths.ts';

/** The reader's line limit (READER_LINE_LIMIT of flow/read-lines.ts): longer lines keep their start. */
export const READER_LINE_LIMIT = 1 << 16;

/** What the parser must say about a line: null for a row it must accept. */
export interface Expectation {
  /** One code, or any of these (junk and binary lines fail wherever they happen to). */
  codes: readonly string[];
  /** The column named in the rejection; undefined when any (or none) may be named. */
  column?: string | null;
}

export interface GeneratedLine {
  kind: string;
  /** The bytes of the line in the file, without its line break. */
  bytes: Buffer;
  /** The line as the reader hands it on: UTF-8 decoded, cut at the reader's line limit. */
  text: string;
  expect: Expectation | null;
}

export interface GeneratedFile {
  name: string;
  /** Data lines in file order; line i of the array is line i + 2 of the file (the header is line 1). */
  lines: GeneratedLine[];
  bytes: Buffer;
}

/** Shipped real rows, one file per layout the fuzz covers. */
export const FUZZ_SOURCES = {
  'cic2018-80': join(REPO_ROOT, 'data/sample/cic2018/Wednesday-14-02-2018_slice.csv'),
  'cic2018-79': join(REPO_ROOT, 'data/sample/cic2018/label_DDOS-attack-LOIC-UDP.csv'),
  'cic2018-84': fixture('cic2018-84.csv'),
  'cic2017-trafficlabelling': fixture('cic2017-trafficlabelling.csv'),
} as const;

type CellType = 'long' | 'double' | 'port' | 'protocol' | 'ip' | 'flowId' | 'timestamp' | 'label' | 'other';

interface Source {
  header: string;
  layout: HeaderLayout;
  rows: string[];
  types: CellType[];
  names: string[];
}

function loadSource(path: string): Source {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.length > 0);
  const layout = detectLayout(lines[0]!, basename(path));
  const types: CellType[] = layout.header.map(() => 'other');
  for (const column of STAT_COLUMNS)
    types[layout.index[column.field]] = column.kind === 'long' ? 'long' : 'double';
  for (const d of layout.duplicateColumns) types[d.index] = 'long';
  const meta: [keyof HeaderLayout['index'], CellType][] = [
    ['srcPort', 'port'],
    ['dstPort', 'port'],
    ['protocol', 'protocol'],
    ['srcIp', 'ip'],
    ['dstIp', 'ip'],
    ['flowId', 'flowId'],
    ['timestamp', 'timestamp'],
    ['label', 'label'],
  ];
  for (const [field, type] of meta) if (layout.index[field] !== -1) types[layout.index[field]] = type;
  return {
    header: lines[0]!,
    layout,
    rows: lines.slice(1),
    types,
    names: layout.header.map((n) => n.trim()),
  };
}

/** The code a cell of this type gets for text that breaks its rule (not blank). */
function codeFor(type: CellType): string {
  switch (type) {
    case 'ip':
    case 'flowId':
      return 'BAD_ADDRESS';
    case 'timestamp':
      return 'BAD_TIMESTAMP';
    case 'label':
    case 'other':
      return 'BAD_TEXT';
    default:
      return 'BAD_NUMBER';
  }
}

const WORDS = [
  'abc',
  'twelve',
  'null',
  'None',
  'N/A',
  'true',
  'x',
  'Benign',
  'TCP',
  'nil',
  'NaNa',
  'infinite',
  '—',
];
const NUMBER_TRAPS = [
  '0x1F',
  '0X1f',
  '0o17',
  '0b11',
  '-0x1F',
  '1e400',
  '-1e400',
  '1E400',
  '-',
  '+',
  '+5',
  '+0',
  '.5',
  '5.',
  '-.5',
  ' 5',
  '5 ',
  ' 0',
  '1_000',
  '1.2.3',
  '--1',
  '1e',
  '1e+',
  'e5',
  '12abc',
  '0x',
  '\u0661\u0662',
  '+Infinity',
  '-NaN',
];
const LONG_TRAPS = ['1.5', '0.1', '1e-3', 'Infinity', 'NaN', '-inf', '9007199254740993', '1e300'];
const BAD_IPS = [
  '300.1.1.1',
  '1.2.3',
  '1.2.3.4.5',
  '01.2.3.4',
  'localhost',
  '1.2.3.4 ',
  ' 1.2.3.4',
  '::g',
  '1.2.3.-4',
  '192.168.10.50:80',
];
const BAD_TIMESTAMP_FORMS = [
  '2018-02-14 10:44:50',
  '14-02-2018 10:44:50',
  '14/02/2018',
  '10:44:50',
  '14/02/2018T10:44:50',
  '14/02/2018\t10:44:50',
  '14/02/2018  10:44:50',
  ' 14/02/2018 10:44:50',
  '14/02/2018 10:44:50 ',
  '14/02/2018 10:44:50.123',
  '14/02/2018 10:44:50Z',
  '14/02/2018 10:44:50 XM',
  '14/02/2018 0:44:50 AM',
  '14/02/2018 13:44:50 PM',
  '14/02/18 10:44:50',
  '1/2/20180 10:44',
  'yesterday',
  '0',
];
/** Bytes that never form UTF-8 text here: C0 controls (not \n, \r), DEL, lone continuation and invalid lead bytes. */
const BINARY_BYTES = [
  ...Array.from({ length: 32 }, (_, b) => b).filter((b) => b !== 0x0a && b !== 0x0d),
  0x7f,
  ...Array.from({ length: 0x40 }, (_, i) => 0x80 + i),
  0xc0,
  0xc1,
  ...Array.from({ length: 11 }, (_, i) => 0xf5 + i),
];

class LineMaker {
  constructor(
    readonly rng: SeededRng,
    private readonly source: Source,
  ) {}

  pick<T>(items: readonly T[]): T {
    return items[this.rng.nextInt(items.length)]!;
  }

  between(low: number, high: number): number {
    return low + this.rng.nextInt(high - low + 1);
  }

  row(): string[] {
    return this.pick(this.source.rows).split(',');
  }

  /** A position whose type is one of `types`, or undefined when the layout has none. */
  positionOf(types: readonly CellType[]): number | undefined {
    const positions = this.source.types.flatMap((t, i) => (types.includes(t) ? [i] : []));
    return positions.length === 0 ? undefined : this.pick(positions);
  }

  /** A row with one cell replaced, refused for that cell. */
  replaced(
    kind: string,
    types: readonly CellType[],
    value: string,
    code?: string,
  ): GeneratedLine | undefined {
    const position = this.positionOf(types);
    if (position === undefined) return undefined;
    const cells = this.row();
    cells[position] = value;
    const blank = /^[ \t]*$/.test(value);
    return line(kind, cells.join(','), {
      codes: [blank ? 'MISSING_VALUE' : (code ?? codeFor(this.source.types[position]!))],
      column: this.source.names[position]!,
    });
  }

  badTimestamp(): string {
    const d = this.between(1, 28);
    const m = this.between(1, 12);
    const time = `${this.between(0, 23)}:${String(this.between(0, 59)).padStart(2, '0')}:${String(this.between(0, 59)).padStart(2, '0')}`;
    switch (this.rng.nextInt(8)) {
      case 0:
        return `${this.between(32, 99)}/${m}/2018 ${time}`;
      case 1:
        return `${d}/${this.between(13, 99)}/2018 ${time}`;
      case 2:
        return `${d}/${m}/2018 ${this.between(24, 99)}:10:10`;
      case 3:
        return `${d}/${m}/2018 10:${this.between(60, 99)}:10`;
      case 4:
        return `${d}/${m}/2018 10:10:${this.between(60, 99)}`;
      case 5:
        return `${this.pick(['30', '31'])}/02/2018 ${time}`;
      case 6:
        return `${d}/${m}/2018 ${this.between(13, 23)}:10:10 ${this.pick(['AM', 'PM'])}`;
      default:
        return this.pick(BAD_TIMESTAMP_FORMS);
    }
  }

  badFlowId(flowId: string): string {
    const parts = flowId.split('-');
    switch (this.rng.nextInt(6)) {
      case 0:
        return parts.slice(0, 4).join('-');
      case 1:
        return [...parts, '1'].join('-');
      case 2:
        return [parts[0], 'x', ...parts.slice(2)].join('-');
      case 3:
        return [...parts.slice(0, 2), String(this.between(65_536, 99_999)), ...parts.slice(3)].join('-');
      case 4:
        return [...parts.slice(0, 4), String(this.between(256, 999))].join('-');
      default:
        return this.pick(WORDS);
    }
  }

  /** Bytes of a cell edit that inserts binary bytes into cell `position` of `cells`. */
  withBinary(cells: string[], position: number): Buffer {
    const before = Buffer.from(`${cells.slice(0, position).join(',')}${position > 0 ? ',' : ''}`);
    const cell = Buffer.from(cells[position]!);
    const after = Buffer.from(position < cells.length - 1 ? `,${cells.slice(position + 1).join(',')}` : '');
    const at = this.rng.nextInt(cell.length + 1);
    const junk = Buffer.from(Array.from({ length: this.between(1, 4) }, () => this.pick(BINARY_BYTES)));
    return Buffer.concat([before, cell.subarray(0, at), junk, cell.subarray(at), after]);
  }

  randomText(length: number, alphabet: string): string {
    let text = '';
    for (let i = 0; i < length; i++) text += alphabet[this.rng.nextInt(alphabet.length)];
    return text;
  }
}

const PRINTABLE =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,,,,,."\'-+/:;.!?()[]{}=_#$%&*';

function line(kind: string, text: string, expect: Expectation | null): GeneratedLine {
  return lineOfBytes(kind, Buffer.from(text), expect);
}

function lineOfBytes(kind: string, bytes: Buffer, expect: Expectation | null): GeneratedLine {
  const decoded = bytes.toString('utf8');
  const text = decoded.length > READER_LINE_LIMIT ? decoded.slice(0, READER_LINE_LIMIT) : decoded;
  return { kind, bytes, text, expect };
}

type Kind = (make: LineMaker, source: Source) => GeneratedLine | undefined;

const ANY_REJECTION = [
  'HEADER_REPEAT',
  'LINE_TOO_LONG',
  'BAD_QUOTING',
  'BAD_FIELD_COUNT',
  'MISSING_VALUE',
  'BAD_NUMBER',
  'BAD_ADDRESS',
  'BAD_TIMESTAMP',
  'BAD_TEXT',
];
const NUMERIC: CellType[] = ['long', 'double', 'port', 'protocol'];
const NOT_LABEL: CellType[] = ['long', 'double', 'port', 'protocol', 'ip', 'flowId', 'timestamp'];

/** The malformed kinds, each a function from a real row to one refused line. */
export const MALFORMED_KINDS: Record<string, Kind> = {
  truncated(make) {
    const text = make.row().join(',');
    return line('truncated', text.slice(0, make.between(1, text.lastIndexOf(','))), {
      codes: ['BAD_FIELD_COUNT'],
      column: null,
    });
  },
  'truncated-label'(make, source) {
    const text = make.row().join(',');
    return line('truncated-label', text.slice(0, text.lastIndexOf(',') + 1), {
      codes: ['MISSING_VALUE'],
      column: source.names[source.layout.index.label]!,
    });
  },
  'extra-columns'(make) {
    const cells = make.row();
    for (let n = make.between(1, 5); n > 0; n--) {
      cells.splice(make.rng.nextInt(cells.length + 1), 0, String(make.between(0, 1000)));
    }
    return line('extra-columns', cells.join(','), { codes: ['BAD_FIELD_COUNT'], column: null });
  },
  'missing-column'(make) {
    const cells = make.row();
    cells.splice(make.rng.nextInt(cells.length), 1);
    return line('missing-column', cells.join(','), { codes: ['BAD_FIELD_COUNT'], column: null });
  },
  word: (make) => make.replaced('word', NOT_LABEL, make.pick(WORDS)),
  'number-trap': (make) => make.replaced('number-trap', NUMERIC, make.pick(NUMBER_TRAPS)),
  '0x1F': (make) => make.replaced('0x1F', NUMERIC, '0x1F'),
  '1e400': (make) =>
    make.replaced('1e400', NUMERIC, make.pick(['1e400', '-1e400', '1.7976931348623159e308'])),
  'lone-minus': (make) => make.replaced('lone-minus', NOT_LABEL, '-'),
  'not-whole': (make) => make.replaced('not-whole', ['long', 'port', 'protocol'], make.pick(LONG_TRAPS)),
  'out-of-range-port': (make) =>
    make.replaced('out-of-range-port', ['port'], make.pick(['65536', '70000', '-1'])),
  'out-of-range-protocol': (make) =>
    make.replaced('out-of-range-protocol', ['protocol'], make.pick(['256', '-6'])),
  empty: (make) => make.replaced('empty', [...NOT_LABEL, 'label'], make.pick(['', ' ', '  '])),
  'bad-ip': (make) => make.replaced('bad-ip', ['ip'], make.pick(BAD_IPS)),
  'bad-flow-id'(make, source) {
    const position = source.layout.index.flowId;
    if (position === -1) return undefined;
    const cells = make.row();
    cells[position] = make.badFlowId(cells[position]!);
    return line('bad-flow-id', cells.join(','), { codes: ['BAD_ADDRESS'], column: source.names[position]! });
  },
  'bad-timestamp': (make) =>
    make.replaced('bad-timestamp', ['timestamp'], make.badTimestamp(), 'BAD_TIMESTAMP'),
  'unbalanced-quote'(make, source) {
    const cells = make.row();
    const position = make.rng.nextInt(cells.length);
    const cell = cells[position]!;
    switch (make.rng.nextInt(3)) {
      case 0:
        cells[position] = `"${cell}`;
        break;
      case 1: {
        const at = make.between(1, cell.length);
        cells[position] = `${cell.slice(0, at)}"${cell.slice(at)}`;
        break;
      }
      default:
        cells[position] = `"${cell}"${make.pick(['x', ' ', '"x', '0'])}`;
    }
    return line('unbalanced-quote', cells.join(','), {
      codes: ['BAD_QUOTING'],
      column: source.names[position]!,
    });
  },
  'binary-bytes'(make, source) {
    const cells = make.row();
    const position = make.rng.nextInt(cells.length);
    return lineOfBytes('binary-bytes', make.withBinary(cells, position), {
      codes: [codeFor(source.types[position]!)],
      column: source.names[position]!,
    });
  },
  'binary-line'(make) {
    const bytes = Array.from({ length: make.between(1, 200) }, () =>
      make.rng.nextInt(3) === 0 ? make.between(0x21, 0x7e) : make.pick(BINARY_BYTES),
    );
    // A line of only spaces and tabs is blank, not a row.
    if (bytes[0] === 0x09) bytes[0] = 0x01;
    return lineOfBytes('binary-line', Buffer.from(bytes), { codes: ANY_REJECTION });
  },
  'junk-text'(make) {
    const text = make.randomText(make.between(1, 300), PRINTABLE);
    return line('junk-text', text.trim().length === 0 || text[0] === ' ' ? `x${text}` : text, {
      codes: ANY_REJECTION,
    });
  },
  'header-repeat': (_make, source) =>
    line('header-repeat', source.header, { codes: ['HEADER_REPEAT'], column: null }),
  'long-number': (make) =>
    make.replaced(
      'long-number',
      ['long', 'double'],
      `${make.between(1, 9)}${make.randomText(make.between(400, 5000), '0123456789')}`,
    ),
  'long-label'(make, source) {
    const position = source.layout.index.label;
    const cells = make.row();
    cells[position] = make.randomText(make.between(129, 3000), 'abcdefghij ');
    cells[position] = `x${cells[position]}x`;
    return line('long-label', cells.join(','), { codes: ['BAD_TEXT'], column: source.names[position]! });
  },
  'many-columns'(make) {
    const cells = make.row();
    const extra = Array.from({ length: make.between(100, 2000) }, () => String(make.between(0, 99)));
    return line('many-columns', [...cells, ...extra].join(','), { codes: ['BAD_FIELD_COUNT'], column: null });
  },
  'over-long-line'(make) {
    const cells = make.row();
    let text = cells.join(',');
    while (text.length <= READER_LINE_LIMIT + 1000) text += `,${cells.join(',')}`;
    return line('over-long-line', text, { codes: ['LINE_TOO_LONG'], column: null });
  },
};

/** Rows the CIC files do write in these spellings: each must be accepted. */
export const VALID_VARIANTS: Record<string, Kind> = {
  'non-finite-rate'(make, source) {
    const cells = make.row();
    const rates = ['Flow Byts/s', 'Flow Pkts/s', 'Flow Bytes/s', 'Flow Packets/s'];
    source.names.forEach((name, i) => {
      if (rates.includes(name)) cells[i] = make.pick(['Infinity', 'NaN', 'inf', 'nan', '-Infinity']);
    });
    return line('non-finite-rate', cells.join(','), null);
  },
  'long-as-float'(make, source) {
    const cells = make.row();
    source.types.forEach((type, i) => {
      if ((type === 'long' || type === 'port' || type === 'protocol') && /^-?\d+$/.test(cells[i]!)) {
        cells[i] = `${cells[i]}.0`;
      }
    });
    return line('long-as-float', cells.join(','), null);
  },
  'quoted-cells'(make, source) {
    const cells = make.row().map((cell) => (make.rng.nextInt(4) === 0 ? `"${cell}"` : cell));
    const label = source.layout.index.label;
    if (make.rng.nextInt(2) === 0)
      cells[label] = `"${cells[label]!.replaceAll('"', '')}, re-saved ""with"" quotes"`;
    return line('quoted-cells', cells.join(','), null);
  },
};

/**
 * A generated file: the source's header, then `realRows` real rows (in file order, some respelled as
 * VALID_VARIANTS) and `malformed` malformed lines, shuffled together.
 */
export function generateFile(options: {
  source: keyof typeof FUZZ_SOURCES;
  name: string;
  realRows: number;
  malformed: number;
  seed: number;
}): GeneratedFile {
  const source = loadSource(FUZZ_SOURCES[options.source]);
  const rng = new SeededRng(options.seed);
  const make = new LineMaker(rng, source);
  const lines: GeneratedLine[] = [];
  for (let i = 0; i < options.realRows; i++) {
    const variant = i % 10 === 9 ? make.pick(Object.values(VALID_VARIANTS)) : undefined;
    lines.push(variant?.(make, source) ?? line('real', source.rows[i % source.rows.length]!, null));
  }
  const kinds = Object.values(MALFORMED_KINDS);
  let rare = 0;
  while (lines.length < options.realRows + options.malformed) {
    const kind = make.pick(kinds);
    // The 64 KiB lines cost a dead letter of their size each: a few are enough.
    if (kind === MALFORMED_KINDS['over-long-line'] && rare++ % 20 !== 0) continue;
    const generated = kind(make, source);
    if (generated !== undefined) lines.push(generated);
  }
  rng.shuffle(lines);
  const bytes = Buffer.concat([
    Buffer.from(`${source.header}\n`),
    ...lines.flatMap((l) => [l.bytes, Buffer.from('\n')]),
  ]);
  return { name: options.name, lines, bytes };
}

/** Writes the file under `dir` and returns its path. */
export async function writeGeneratedFile(dir: string, file: GeneratedFile): Promise<string> {
  const path = join(dir, file.name);
  await writeFile(path, file.bytes);
  return path;
}
