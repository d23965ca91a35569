import { PipelineError } from '../../errors.ts';
import type { FlowRecord } from '../../flow/flow-record.ts';
import type { DecodedPacket } from '../packet.ts';
import { BULK_SLOTS } from './bulk.ts';
import { CIC_RULES } from './cic-rules.ts';
import { CONTINUES, END_REASONS, ENDS_FIN, type EndReason, type PacketVerdict } from './end-reason.ts';
import { FIXED_RULES } from './fixed-rules.ts';
import { FlowState, STATS_LENGTH } from './flow-state.ts';
import { FlowTable } from './flow-table.ts';
import { createTimestampFormatter, DEFAULT_TIME_ZONE } from './flow-timestamp.ts';
import type { MeterRules } from './meter-rules.ts';
import { recordOfFlow } from './record-of-flow.ts';
import { SlotPool } from './slot-pool.ts';
import { SuccessorSrc } from './successor-src.ts';

export const METER_MODES = ['cic', 'fixed'] as const;
export type MeterMode = (typeof METER_MODES)[number];

export interface FlowMeterOptions {
  /** `cic` reproduces CICFlowMeter-V4, bugs included; `fixed` applies the published corrections. */
  mode: MeterMode;
  /** A flow ends this long after its first packet (CICFlowMeter: 120 s). */
  flowTimeoutMicros?: number;
  /** A gap longer than this splits Active from Idle time (5 s). It never ends a flow. */
  activityTimeoutMicros?: number;
  /** Open flows kept at most; past it the oldest flow ends early, counted as evicted. */
  maxFlows?: number;
  /** Every flow's Label; null leaves it unlabelled. */
  label?: string | null;
  /** Names the records: `${sourceName}:${n}` for the n-th flow written. */
  sourceName: string;
  /** The zone the Timestamp text is in (IANA name); flow-timestamp.ts says why this default. */
  timeZone?: string;
  /** Each flow as it ends, with its first packet's time. The record is the caller's to keep. */
  onFlow: (record: FlowRecord, startMicros: number) => void;
}

export interface FlowMeterStats {
  packets: number;
  /** Packets the mode does not meter (`cic`: IPv6, as CICFlowMeter-V4 never read it). */
  ignoredPackets: number;
  flowsOpen: number;
  /** Flows written. */
  flowsEnded: number;
  /** Flows written, by why they ended (the counts add up to flowsEnded). */
  endedByReason: Record<EndReason, number>;
  /** Flows ended early because maxFlows were open, written or not. */
  evicted: number;
  /** Flows that ended with one packet and were not written (`cic`, as CICFlowMeter drops them). */
  droppedSinglePacket: number;
}

export interface FlowMeter {
  add(packet: DecodedPacket): void;
  /** Ends the flows timed out by this clock though no packet came: for live capture. */
  advance(nowMicros: number): void;
  /** Ends every open flow: end of file, shutdown. */
  flush(): void;
  stats(): FlowMeterStats;
}

/**
 * The flow meter: decoded packets in, CICFlowMeter flow records out (../README.md: the modes).
 *
 * Packets join the open flow of their 5-tuple, either direction; the first packet's sender is Src. A
 * flow ends when a packet arrives more than flowTimeout after its start (that packet starts the next
 * flow, which keeps the old Src, as FlowGenerator.java does), when its clock passes that point
 * (checked against the oldest flow only, at each packet and at `advance`), by the mode's TCP rule
 * (`cic`: the first FIN; `fixed`: FINs both ways and the last ACK, or a RST), by eviction, or at
 * `flush`. Records are handed over in the order flows end; at `flush`, in the order they started.
 */
export function createFlowMeter(options: FlowMeterOptions): FlowMeter {
  if (!(METER_MODES as readonly string[]).includes(options.mode)) {
    throw new PipelineError('CONFIG_INVALID', `flow meter: mode must be one of ${METER_MODES.join(', ')}`);
  }
  const cic = options.mode === 'cic';
  const rules: MeterRules = cic ? CIC_RULES : FIXED_RULES;
  const flowTimeout = positive(options.flowTimeoutMicros ?? 120_000_000, 'flowTimeoutMicros');
  const activityTimeout = positive(options.activityTimeoutMicros ?? 5_000_000, 'activityTimeoutMicros');
  const maxFlows = positive(options.maxFlows ?? 1_000_000, 'maxFlows');
  const label = options.label ?? null;
  const sourceName = options.sourceName;
  const onFlow = options.onFlow;
  const formatTimestamp = createTimestampFormatter(options.timeZone ?? DEFAULT_TIME_ZONE, !cic);

  const table = new FlowTable();
  const statsPool = new SlotPool(STATS_LENGTH);
  const bulkPool = cic ? null : new SlotPool(BULK_SLOTS);
  const successorSrc = new SuccessorSrc(flowTimeout, maxFlows);
  const endedByReason = Object.fromEntries(END_REASONS.map((r) => [r, 0])) as Record<EndReason, number>;
  let packets = 0;
  let ignoredPackets = 0;
  let written = 0;
  let droppedSinglePacket = 0;
  let evicted = 0;

  const end = (flow: FlowState, reason: EndReason): void => {
    table.remove(flow);
    if (reason === 'evicted') evicted++;
    if (reason === 'timeout') {
      successorSrc.remember(flow.key, { ip: flow.srcIp, port: flow.srcPort, at: flow.start + flowTimeout });
    }
    let record: FlowRecord | undefined;
    if (rules.writesSinglePacketFlows || flow.packetCount() >= 2) {
      written++;
      endedByReason[reason]++;
      const recordId = `${sourceName}:${written}`;
      record = recordOfFlow(flow, cic, recordId, written, sourceName, formatTimestamp(flow.start), label);
    } else {
      droppedSinglePacket++;
    }
    statsPool.release(flow.stats);
    if (flow.bulk !== null) bulkPool!.release(flow.bulk);
    if (record !== undefined) onFlow(record, flow.start);
  };

  const expireBefore = (nowMicros: number): void => {
    let head = table.head;
    while (head !== null && nowMicros - head.start > flowTimeout) {
      end(head, 'timeout');
      head = table.head;
    }
  };

  const verdictEnds = (flow: FlowState, verdict: PacketVerdict): void => {
    if (verdict !== CONTINUES) end(flow, verdict === ENDS_FIN ? 'fin' : 'rst');
  };

  const start = (p: DecodedPacket, lo: string, hi: string, loPort: number, hiPort: number): void => {
    if (table.size >= maxFlows && table.head !== null) end(table.head, 'evicted');
    const key = table.missKey;
    const flow = new FlowState(
      key,
      lo,
      hi,
      loPort,
      hiPort,
      p.protocol,
      statsPool.acquire(),
      bulkPool === null ? null : bulkPool.acquire(),
    );
    const previous = successorSrc.take(key, p.tsMicros);
    // `fixed` (as the fork): a SYN without ACK opens a new connection, whoever had Src before.
    const newConnection = !cic && p.protocol === 6 && (p.tcpFlags & 0x12) === 0x02;
    if (previous !== undefined && !newConnection) {
      flow.srcIp = previous.ip;
      flow.srcPort = previous.port;
      const srcIsLo = previous.ip === lo && previous.port === loPort;
      flow.dstIp = srcIsLo ? hi : lo;
      flow.dstPort = srcIsLo ? hiPort : loPort;
    } else {
      flow.srcIp = p.srcIp;
      flow.srcPort = p.srcPort;
      flow.dstIp = p.dstIp;
      flow.dstPort = p.dstPort;
    }
    flow.protocol = rules.writtenProtocol(p);
    table.insert(flow);
    verdictEnds(flow, rules.first(flow, p, rules.firstIsForward(flow, p)));
  };

  return {
    add(p) {
      packets++;
      if (!rules.accepts(p)) {
        ignoredPackets++;
        return;
      }
      const ts = p.tsMicros;
      const head = table.head;
      if (head !== null && ts - head.start > flowTimeout) expireBefore(ts);

      const src = p.srcIp;
      const dst = p.dstIp;
      let lo = src;
      let hi = dst;
      let loPort = p.srcPort;
      let hiPort = p.dstPort;
      if (src > dst || (src === dst && rules.pairsSameAddress && loPort > hiPort)) {
        lo = dst;
        hi = src;
        loPort = p.dstPort;
        hiPort = p.srcPort;
      }
      const flow = table.find(lo, hi, loPort, hiPort, p.protocol);
      if (flow === undefined) {
        start(p, lo, hi, loPort, hiPort);
        return;
      }
      // Out-of-order packets can leave a timed-out flow behind the head; its own packet ends it.
      if (ts - flow.start > flowTimeout) {
        end(flow, 'timeout');
        table.missKey = flow.key;
        start(p, lo, hi, loPort, hiPort);
        return;
      }
      verdictEnds(flow, rules.next(flow, p, activityTimeout));
    },

    advance(nowMicros) {
      expireBefore(nowMicros);
    },

    flush() {
      while (table.head !== null) end(table.head, 'flush');
      successorSrc.clear();
      table.clearCache();
    },

    stats() {
      return {
        packets,
        ignoredPackets,
        flowsOpen: table.size,
        flowsEnded: written,
        endedByReason: { ...endedByReason },
        evicted,
        droppedSinglePacket,
      };
    },
  };
}

function positive(value: number, name: string): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new PipelineError('CONFIG_INVALID', `flow meter: ${name} must be a positive number, not ${value}`);
  }
  return value;
}
