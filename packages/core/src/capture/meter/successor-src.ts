/**
 * The Src of flows that timed out, by 5-tuple key, for the flow their connection continues in:
 * FlowGenerator.java:91 builds it with the old flow's Src and Dst, so a long connection keeps its
 * client as Src across timeouts. CICFlowMeter keeps the old flow itself until the next packet, for
 * ever; this remembers its Src for one more timeout period (a packet later than that starts a flow of
 * its own direction) and for at most `limit` keys, so DNS and other one-off 5-tuples that time out
 * never pile up.
 */
export interface TimedOutSrc {
  ip: string;
  port: number;
  /** When the flow timed out (its start + the flow timeout), µs. */
  at: number;
}

interface Remembered extends TimedOutSrc {
  key: string;
}

/** Drop the queue's consumed front once it is this long and at least half the queue. */
const COMPACT_AT = 4096;

export class SuccessorSrc {
  private readonly byKey = new Map<string, Remembered>();
  /**
   * The entries in the order remembered, oldest first, read from `head`: what expires next. A Map
   * cannot serve as this queue: V8 leaves deleted entries as holes at its front until it rehashes,
   * so walking it from the start to find the oldest costs one step per hole, and a SYN flood's
   * million one-off 5-tuples made every timeout a walk over them (11,000 packets/s, measured).
   * Entries replaced or taken stay in the queue and are skipped: the Map says which is current.
   */
  private queue: Remembered[] = [];
  private head = 0;
  private readonly keepMicros: number;
  private readonly limit: number;

  constructor(keepMicros: number, limit: number) {
    this.keepMicros = keepMicros;
    this.limit = limit;
  }

  remember(key: string, src: TimedOutSrc): void {
    // Timeouts come in the order flows started, so the queue's front holds the oldest.
    this.expire(src.at);
    const entry: Remembered = { ip: src.ip, port: src.port, at: src.at, key };
    this.byKey.set(key, entry);
    this.queue.push(entry);
    while (this.byKey.size > this.limit) this.dropOldest();
  }

  /** The Src to continue with, forgotten once taken; undefined when the key did not time out lately. */
  take(key: string, nowMicros: number): TimedOutSrc | undefined {
    if (this.byKey.size === 0) return undefined;
    const src = this.byKey.get(key);
    if (src === undefined) return undefined;
    this.byKey.delete(key);
    return nowMicros - src.at > this.keepMicros ? undefined : src;
  }

  clear(): void {
    this.byKey.clear();
    this.queue = [];
    this.head = 0;
  }

  /** Forgets what timed out more than one timeout period before `nowMicros`. */
  private expire(nowMicros: number): void {
    while (this.head < this.queue.length) {
      const oldest = this.queue[this.head]!;
      if (this.byKey.get(oldest.key) === oldest) {
        if (oldest.at + this.keepMicros >= nowMicros) break;
        this.byKey.delete(oldest.key);
      }
      this.head++;
    }
    this.compact();
  }

  private dropOldest(): void {
    while (this.head < this.queue.length) {
      const oldest = this.queue[this.head++]!;
      if (this.byKey.get(oldest.key) === oldest) {
        this.byKey.delete(oldest.key);
        break;
      }
    }
    this.compact();
  }

  private compact(): void {
    if (this.head >= COMPACT_AT && this.head * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
