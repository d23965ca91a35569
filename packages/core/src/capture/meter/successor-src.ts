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

export class SuccessorSrc {
  private readonly byKey = new Map<string, TimedOutSrc>();
  private readonly keepMicros: number;
  private readonly limit: number;

  constructor(keepMicros: number, limit: number) {
    this.keepMicros = keepMicros;
    this.limit = limit;
  }

  remember(key: string, src: TimedOutSrc): void {
    // Timeouts come in the order flows started, so the Map's first entries are the oldest.
    for (const [oldest, entry] of this.byKey) {
      if (entry.at + this.keepMicros >= src.at && this.byKey.size < this.limit) break;
      this.byKey.delete(oldest);
    }
    this.byKey.delete(key);
    this.byKey.set(key, src);
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
  }
}
