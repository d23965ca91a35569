import type { FlowState } from './flow-state.ts';

/**
 * The open flows: a Map by 5-tuple key, plus an intrusive list in creation order, oldest first. A
 * flow's timeout runs from its start, and flows start in the order they are created, so the head of
 * the list is always the next to time out and the oldest to evict: no scan, and no iterator allocated
 * per packet. A direct-mapped cache in front of the Map serves a packet without building its key
 * string when the slot still holds its flow (bulk transfers, interleaved conversations).
 *
 * The key names both endpoints in a canonical order (the smaller address text first), so both
 * directions of a conversation find the same flow; the caller decides the order of equal addresses.
 */

const CACHE_SLOTS = 4096;

export class FlowTable {
  private readonly flows = new Map<string, FlowState>();
  private readonly cache: (FlowState | undefined)[] = new Array(CACHE_SLOTS).fill(undefined);
  head: FlowState | null = null;
  private tail: FlowState | null = null;
  /** The key `find` built for a miss, for the flow the caller then creates. */
  missKey = '';

  get size(): number {
    return this.flows.size;
  }

  find(lo: string, hi: string, loPort: number, hiPort: number, protocol: number): FlowState | undefined {
    const slot = (loPort * 31 + hiPort * 17 + protocol) & (CACHE_SLOTS - 1);
    const cached = this.cache[slot];
    if (
      cached?.open &&
      cached.loPort === loPort &&
      cached.hiPort === hiPort &&
      cached.packetProtocol === protocol &&
      cached.lo === lo &&
      cached.hi === hi
    ) {
      return cached;
    }
    const key = `${lo} ${hi} ${loPort} ${hiPort} ${protocol}`;
    const flow = this.flows.get(key);
    if (flow === undefined) {
      this.missKey = key;
      return undefined;
    }
    this.cache[slot] = flow;
    return flow;
  }

  /** Adds a flow made for the last miss, newest last. */
  insert(flow: FlowState): void {
    this.flows.set(flow.key, flow);
    flow.prev = this.tail;
    flow.next = null;
    if (this.tail === null) this.head = flow;
    else this.tail.next = flow;
    this.tail = flow;
    this.cache[(flow.loPort * 31 + flow.hiPort * 17 + flow.packetProtocol) & (CACHE_SLOTS - 1)] = flow;
  }

  remove(flow: FlowState): void {
    flow.open = false;
    this.flows.delete(flow.key);
    if (flow.prev === null) this.head = flow.next;
    else flow.prev.next = flow.next;
    if (flow.next === null) this.tail = flow.prev;
    else flow.next.prev = flow.prev;
    flow.prev = null;
    flow.next = null;
  }

  /** Forgets the cache (closed flows in it are skipped anyway; this lets them be collected). */
  clearCache(): void {
    this.cache.fill(undefined);
  }
}
