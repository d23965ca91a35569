import { STAT_COLUMNS } from '../flow/columns.ts';
import { readStats } from '../flow/stat-access.ts';
import type { CleanFlow } from './clean-flow.ts';
import { RowHasher } from './row-hash.ts';

export interface DedupeStats {
  rowsSeen: number;
  /** Rows equal to an earlier row in every column but the line (label included): dropped. */
  duplicates: number;
  /**
   * Kept rows whose statistics and protocol (what the model sees) equal an earlier row's while the
   * label differs. No model can get both right, so these cap the reachable accuracy.
   */
  labelConflictRows: number;
  /** `earlier label -> this label` pairs behind labelConflictRows, with their counts. */
  labelConflictPairs: Record<string, number>;
  /** Memory the hash table holds now. */
  tableBytes: number;
}

export interface DeduperOptions {
  /** Rows expected, to size the table once instead of growing it (it grows either way). */
  expectedRows?: number;
}

const MAX_LOAD = 0.7;
const MIN_CAPACITY = 1 << 10;

/**
 * Dataset-level exact de-duplication in bounded memory: per distinct row the table keeps 16 bytes
 * (a 64-bit hash of the statistics and protocol, a 32-bit hash of the other columns, a label id),
 * never the row. About 23 bytes per row at the maximum load; 16.2M rows take a 512 MiB table.
 *
 * The statistics hash is the probe key, so every row sharing a row's statistics lies on its probe
 * path: one walk finds both an exact duplicate and a label conflict.
 */
export class Deduper {
  private readonly hasher = new RowHasher();
  private readonly values = new Float64Array(STAT_COLUMNS.length);
  private readonly labelIds = new Map<string | null, number>();
  private readonly labelNames: (string | null)[] = [];
  private capacity: number;
  private keyHigh: Uint32Array;
  private keyLow: Uint32Array;
  private restHash: Uint32Array;
  /** Label id + 1; 0 marks an empty slot. */
  private label: Int32Array;
  private size = 0;
  private seen = 0;
  private duplicates = 0;
  private conflictRows = 0;
  private readonly conflictPairs = new Map<string, number>();

  constructor(options: DeduperOptions = {}) {
    const wanted = Math.ceil((options.expectedRows ?? 0) / MAX_LOAD);
    this.capacity = Math.max(MIN_CAPACITY, 2 ** Math.ceil(Math.log2(Math.max(1, wanted))));
    this.keyHigh = new Uint32Array(this.capacity);
    this.keyLow = new Uint32Array(this.capacity);
    this.restHash = new Uint32Array(this.capacity);
    this.label = new Int32Array(this.capacity);
  }

  /** True when an identical row was seen before: the caller drops it (reason DUPLICATE). */
  isDuplicate(flow: CleanFlow): boolean {
    this.seen++;
    const h = this.hasher.reset();
    readStats(flow, this.values);
    for (let i = 0; i < this.values.length; i++) h.number(this.values[i]!);
    h.nullableNumber(flow.protocol);
    const high = h.high;
    const low = h.low;
    const rest = h
      .reset()
      .string(flow.flowId)
      .string(flow.srcIp)
      .nullableNumber(flow.srcPort)
      .string(flow.dstIp)
      .nullableNumber(flow.dstPort)
      .nullableNumber(flow.flowTime).low;
    const labelSlot = this.labelId(flow.label) + 1;

    const mask = this.capacity - 1;
    let conflictWith = 0;
    let slot = low & mask;
    for (; this.label[slot] !== 0; slot = (slot + 1) & mask) {
      if (this.keyHigh[slot] !== high || this.keyLow[slot] !== low) continue;
      if (this.label[slot] === labelSlot) {
        if (this.restHash[slot] === rest) {
          this.duplicates++;
          return true;
        }
      } else if (conflictWith === 0) {
        conflictWith = this.label[slot]!;
      }
    }
    if (conflictWith !== 0) {
      this.conflictRows++;
      const pair = `${this.labelNames[conflictWith - 1] ?? '(none)'} -> ${flow.label ?? '(none)'}`;
      this.conflictPairs.set(pair, (this.conflictPairs.get(pair) ?? 0) + 1);
    }
    this.keyHigh[slot] = high;
    this.keyLow[slot] = low;
    this.restHash[slot] = rest;
    this.label[slot] = labelSlot;
    this.size++;
    if (this.size > this.capacity * MAX_LOAD) this.grow();
    return false;
  }

  stats(): DedupeStats {
    return {
      rowsSeen: this.seen,
      duplicates: this.duplicates,
      labelConflictRows: this.conflictRows,
      labelConflictPairs: Object.fromEntries([...this.conflictPairs].sort(([a], [b]) => a.localeCompare(b))),
      tableBytes: this.capacity * 16,
    };
  }

  private labelId(label: string | null): number {
    let id = this.labelIds.get(label);
    if (id === undefined) {
      id = this.labelNames.length;
      this.labelIds.set(label, id);
      this.labelNames.push(label);
    }
    return id;
  }

  private grow(): void {
    const { keyHigh, keyLow, restHash, label } = this;
    this.capacity *= 2;
    const mask = this.capacity - 1;
    this.keyHigh = new Uint32Array(this.capacity);
    this.keyLow = new Uint32Array(this.capacity);
    this.restHash = new Uint32Array(this.capacity);
    this.label = new Int32Array(this.capacity);
    for (let old = 0; old < label.length; old++) {
      if (label[old] === 0) continue;
      let slot = keyLow[old]! & mask;
      while (this.label[slot] !== 0) slot = (slot + 1) & mask;
      this.keyHigh[slot] = keyHigh[old]!;
      this.keyLow[slot] = keyLow[old]!;
      this.restHash[slot] = restHash[old]!;
      this.label[slot] = label[old]!;
    }
  }
}
