import { PipelineError } from '../errors.ts';
import {
  ALL_COLUMNS,
  type FlowColumn,
  headerKey,
  LABEL_COLUMN,
  META_COLUMNS,
  type MetaField,
  STAT_COLUMNS,
  type StatField,
} from './columns.ts';
import { splitCsvLine } from './csv-line.ts';

export type CanonicalField = StatField | MetaField | 'label';

/**
 * The CIC file layouts we know by name. `custom` is any other header that still carries every
 * statistic (CICFlowMeter builds and re-saved files vary); it loads the same way.
 */
export type LayoutName =
  | 'cic2018-80'
  | 'cic2018-79'
  | 'cic2018-84'
  | 'cic2017-machinelearningcve'
  | 'cic2017-trafficlabelling'
  | 'cicflowmeter-v4'
  | 'custom';

export interface HeaderColumnRef {
  /** 0-based position in the row. */
  index: number;
  /** The header cell as written (leading spaces kept). */
  name: string;
}

export interface DuplicateColumnRef extends HeaderColumnRef {
  /** The canonical field an earlier column already supplies; the row parser ignores this one. */
  field: CanonicalField;
}

export interface HeaderLayout {
  name: LayoutName;
  /** Base name of the file the header came from, for messages. */
  file: string;
  columnCount: number;
  /** Header cells as written, BOM removed. */
  header: readonly string[];
  /** Column index of each canonical field, -1 where the file lacks it. */
  index: Readonly<Record<CanonicalField, number>>;
  unknownColumns: HeaderColumnRef[];
  /** Second and later columns naming a field already mapped (CIC-IDS2017's second Fwd Header Length). */
  duplicateColumns: DuplicateColumnRef[];
}

/** Which naming generation a header key belongs to, told apart by the total forward packet count. */
const NAMING_MARKERS: ReadonlyMap<string, '2018' | '2017' | 'v4'> = new Map([
  [headerKey('Tot Fwd Pkts'), '2018'],
  [headerKey('Total Fwd Packets'), '2017'],
  [headerKey('Total Fwd Packet'), 'v4'],
]);

const FIELD_BY_KEY: ReadonlyMap<string, FlowColumn> = buildKeyTable();

function buildKeyTable(): Map<string, FlowColumn> {
  const table = new Map<string, FlowColumn>();
  for (const column of ALL_COLUMNS) {
    for (const name of [column.header, ...column.aliases]) {
      const key = headerKey(name);
      const taken = table.get(key);
      if (taken && taken.field !== column.field) {
        throw new PipelineError('INTERNAL', `header key ${key} maps to ${taken.field} and ${column.field}`);
      }
      table.set(key, column);
    }
  }
  return table;
}

/** pandas renames a repeated header `X` to `X.1`; such a column is a duplicate of `X`, not unknown. */
const PANDAS_SUFFIX = /^(.*)\.\d+$/;

function lookup(name: string): { column: FlowColumn; renamedDuplicate: boolean } | undefined {
  const column = FIELD_BY_KEY.get(headerKey(name));
  if (column) return { column, renamedDuplicate: false };
  const match = PANDAS_SUFFIX.exec(name);
  const base = match ? FIELD_BY_KEY.get(headerKey(match[1]!)) : undefined;
  return base ? { column: base, renamedDuplicate: true } : undefined;
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Maps a header line onto the canonical fields. Throws MISSING_COLUMN (naming the file and every
 * missing column) when a statistic is absent; identifiers, Timestamp and Label are optional.
 */
export function detectLayout(headerLine: string, file: string): HeaderLayout {
  const header = splitCsvLine(stripBom(headerLine).replace(/\r$/, ''));
  const index = Object.fromEntries(ALL_COLUMNS.map((c) => [c.field, -1])) as Record<CanonicalField, number>;
  const unknownColumns: HeaderColumnRef[] = [];
  const duplicateColumns: DuplicateColumnRef[] = [];
  let naming: '2018' | '2017' | 'v4' | undefined;

  header.forEach((name, position) => {
    const found = lookup(name);
    if (!found) {
      unknownColumns.push({ index: position, name });
      return;
    }
    const field = found.column.field as CanonicalField;
    if (found.renamedDuplicate || index[field] !== -1) {
      duplicateColumns.push({ index: position, name, field });
      return;
    }
    index[field] = position;
    naming ??= NAMING_MARKERS.get(headerKey(name));
  });

  const missing = STAT_COLUMNS.filter((c) => index[c.field] === -1).map((c) => c.header);
  if (missing.length > 0) {
    throw new PipelineError(
      'MISSING_COLUMN',
      `${file}: the header lacks required column(s) ${missing.map((m) => JSON.stringify(m)).join(', ')}`,
      { details: { file, missing } },
    );
  }

  const layout: HeaderLayout = {
    name: 'custom',
    file,
    columnCount: header.length,
    header,
    index,
    unknownColumns,
    duplicateColumns,
  };
  layout.name = nameLayout(layout, naming);
  return layout;
}

function has(layout: HeaderLayout, ...fields: CanonicalField[]): boolean {
  return fields.every((f) => layout.index[f] !== -1);
}

function lacks(layout: HeaderLayout, ...fields: CanonicalField[]): boolean {
  return fields.every((f) => layout.index[f] === -1);
}

const ENDPOINTS: CanonicalField[] = ['flowId', 'srcIp', 'srcPort', 'dstIp'];
const ALL_META = META_COLUMNS.map((c) => c.field);

/** Names a layout only when it matches the published shape exactly; anything else is `custom`. */
function nameLayout(layout: HeaderLayout, naming: '2018' | '2017' | 'v4' | undefined): LayoutName {
  if (layout.unknownColumns.length > 0 || !has(layout, LABEL_COLUMN.field)) return 'custom';
  const count = layout.columnCount;
  const duplicates = layout.duplicateColumns.map((d) => d.field);
  const onlyFwdHeaderTwice = duplicates.length === 1 && duplicates[0] === 'fwdHeaderLen';
  if (naming === '2018' && duplicates.length === 0) {
    if (count === 84 && has(layout, ...ALL_META)) return 'cic2018-84';
    if (count === 80 && lacks(layout, ...ENDPOINTS) && has(layout, 'dstPort', 'protocol', 'timestamp')) {
      return 'cic2018-80';
    }
    if (count === 79 && lacks(layout, ...ENDPOINTS, 'timestamp') && has(layout, 'dstPort', 'protocol')) {
      return 'cic2018-79';
    }
  }
  if (naming === '2017' && onlyFwdHeaderTwice) {
    if (count === 85 && has(layout, ...ALL_META)) return 'cic2017-trafficlabelling';
    if (count === 79 && lacks(layout, ...ENDPOINTS, 'timestamp', 'protocol') && has(layout, 'dstPort')) {
      return 'cic2017-machinelearningcve';
    }
  }
  if (naming === 'v4' && duplicates.length === 0 && count === 84 && has(layout, ...ALL_META)) {
    return 'cicflowmeter-v4';
  }
  return 'custom';
}
