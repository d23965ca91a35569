/**
 * Our flows against the Python port's: matched by 5-tuple (direction as written: Src is the first
 * packet's sender in both) and start time (the port writes whole seconds, so ours is cut to the
 * second), then every statistic both write compared within 1e-6 relative.
 */
import { type FlowRecord, STAT_COLUMNS, type StatField } from '@netattack/core/flow';
import { PEER_STAT_COLUMNS, type PeerFlow } from './peer.ts';

export const RELATIVE_TOLERANCE = 1e-6;

export interface OurFlow {
  record: FlowRecord;
  startMicros: number;
}

export interface ColumnAgreement {
  field: StatField;
  peerColumn: string;
  /** Matched flows on which this column agrees. */
  equal: number;
  share: number;
}

export interface Comparison {
  ourFlows: number;
  peerFlows: number;
  /** Pairs found by 5-tuple and start second. */
  matched: number;
  /** Of the matched pairs, those equal on every common statistic. */
  equalOnAll: number;
  /** equalOnAll over the port's flow count: the share of its flows that equal ours. */
  shareOfPeerFlowsEqual: number;
  shareOfPeerFlowsMatched: number;
  shareOfOurFlowsMatched: number;
  /**
   * The port's flows of two packets or more, and those matched: `cic` mode drops one-packet flows (as
   * CICFlowMeter does), the port writes them, so only these can have a partner of ours.
   */
  peerMultiPacketFlows: number;
  multiPacketMatched: number;
  columns: ColumnAgreement[];
}

export function valuesEqual(a: number, b: number): boolean {
  if (a === b) return true;
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

function key(
  srcIp: string,
  srcPort: number,
  dstIp: string,
  dstPort: number,
  protocol: number,
  second: number,
) {
  return `${srcIp}|${srcPort}|${dstIp}|${dstPort}|${protocol}|${second}`;
}

const COMMON = Object.entries(PEER_STAT_COLUMNS).map(([peerColumn, field]) => ({ peerColumn, field }));

export function compareFlows(ours: readonly OurFlow[], peer: readonly PeerFlow[]): Comparison {
  // Several flows can share a key (a tuple reused within a second): they pair up in the order written.
  const byKey = new Map<string, OurFlow[]>();
  for (const f of ours) {
    const r = f.record;
    const k = key(
      r.srcIp ?? '',
      r.srcPort ?? -1,
      r.dstIp ?? '',
      r.dstPort ?? -1,
      r.protocol ?? -1,
      second(f),
    );
    const list = byKey.get(k);
    if (list === undefined) byKey.set(k, [f]);
    else list.push(f);
  }
  const equalByColumn = new Map<StatField, number>(COMMON.map((c) => [c.field, 0]));
  let matched = 0;
  let equalOnAll = 0;
  let peerMultiPacketFlows = 0;
  let multiPacketMatched = 0;
  for (const p of peer) {
    const multiPacket = (p.stats.totFwdPkts ?? 0) + (p.stats.totBwdPkts ?? 0) >= 2;
    if (multiPacket) peerMultiPacketFlows++;
    const list = byKey.get(key(p.srcIp, p.srcPort, p.dstIp, p.dstPort, p.protocol, p.startSecond));
    const mine = list?.shift();
    if (mine === undefined) continue;
    matched++;
    if (multiPacket) multiPacketMatched++;
    let all = true;
    for (const { field } of COMMON) {
      const theirs = p.stats[field];
      if (theirs !== undefined && valuesEqual(mine.record[field], theirs)) {
        equalByColumn.set(field, equalByColumn.get(field)! + 1);
      } else {
        all = false;
      }
    }
    if (all) equalOnAll++;
  }
  const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
  const order = new Map(STAT_COLUMNS.map((c, i) => [c.field as StatField, i]));
  return {
    ourFlows: ours.length,
    peerFlows: peer.length,
    matched,
    equalOnAll,
    shareOfPeerFlowsEqual: share(equalOnAll, peer.length),
    shareOfPeerFlowsMatched: share(matched, peer.length),
    shareOfOurFlowsMatched: share(matched, ours.length),
    peerMultiPacketFlows,
    multiPacketMatched,
    columns: COMMON.map(({ peerColumn, field }) => ({
      field,
      peerColumn,
      equal: equalByColumn.get(field)!,
      share: share(equalByColumn.get(field)!, matched),
    })).sort((a, b) => order.get(a.field)! - order.get(b.field)!),
  };
}

/** Sums comparisons of several captures (flows of different files never pair up). */
export function addComparisons(parts: readonly Comparison[]): Comparison {
  const sum = (pick: (c: Comparison) => number) => parts.reduce((s, c) => s + pick(c), 0);
  const ourFlows = sum((c) => c.ourFlows);
  const peerFlows = sum((c) => c.peerFlows);
  const matched = sum((c) => c.matched);
  const equalOnAll = sum((c) => c.equalOnAll);
  const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
  const columns = (parts[0]?.columns ?? []).map((col, i) => {
    const equal = parts.reduce((s, c) => s + c.columns[i]!.equal, 0);
    return { ...col, equal, share: share(equal, matched) };
  });
  return {
    ourFlows,
    peerFlows,
    matched,
    equalOnAll,
    shareOfPeerFlowsEqual: share(equalOnAll, peerFlows),
    shareOfPeerFlowsMatched: share(matched, peerFlows),
    shareOfOurFlowsMatched: share(matched, ourFlows),
    peerMultiPacketFlows: sum((c) => c.peerMultiPacketFlows),
    multiPacketMatched: sum((c) => c.multiPacketMatched),
    columns,
  };
}

function second(f: OurFlow): number {
  return Math.floor(f.startMicros / 1e6);
}
