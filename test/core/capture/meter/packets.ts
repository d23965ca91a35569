import {
  createFlowMeter,
  type FlowMeterOptions,
  type FlowMeterStats,
  type MeterMode,
} from '../../../../packages/core/src/capture/meter/index.ts';
import type { DecodedPacket } from '../../../../packages/core/src/capture/packet.ts';
import type { FlowRecord } from '../../../../packages/core/src/flow/flow-record.ts';

/** Packets built by hand for the meter's unit tests, and a run of the meter over them. */

export interface Endpoint {
  ip: string;
  port: number;
}

export const CLIENT: Endpoint = { ip: '10.0.0.1', port: 40000 };
export const SERVER: Endpoint = { ip: '10.0.0.2', port: 80 };

/** 2018-02-14 14:00:00 UTC in microseconds: test times are offsets from it. */
export const T0 = Date.UTC(2018, 1, 14, 14, 0, 0) * 1000;
export const SECOND = 1_000_000;

export interface TcpOptions {
  payload?: number;
  header?: number;
  window?: number;
}

export function tcp(
  at: number,
  from: Endpoint,
  to: Endpoint,
  flags: number,
  options: TcpOptions = {},
): DecodedPacket {
  return {
    ...base(at, from, to, 6),
    payloadBytes: options.payload ?? 0,
    headerBytes: options.header ?? 20,
    tcpFlags: flags,
    tcpWindow: options.window ?? 1000,
  };
}

export function udp(at: number, from: Endpoint, to: Endpoint, payload: number): DecodedPacket {
  return { ...base(at, from, to, 17), payloadBytes: payload, headerBytes: 8 };
}

export function icmp(at: number, from: string, to: string, payload: number): DecodedPacket {
  return {
    ...base(at, { ip: from, port: 0 }, { ip: to, port: 0 }, 1),
    payloadBytes: payload,
    headerBytes: 8,
  };
}

function base(at: number, from: Endpoint, to: Endpoint, protocol: number): DecodedPacket {
  const ipVersion = from.ip.includes(':') ? 6 : 4;
  return {
    tsMicros: T0 + at,
    ipVersion,
    srcIp: from.ip,
    dstIp: to.ip,
    protocol,
    srcPort: from.port,
    dstPort: to.port,
    payloadBytes: 0,
    headerBytes: 0,
    ipHeaderBytes: ipVersion === 4 ? 20 : 40,
    tcpFlags: 0,
    tcpWindow: 0,
    wireBytes: 0,
    interfaceId: 0,
  };
}

export interface MeterRun {
  records: FlowRecord[];
  starts: number[];
  stats: FlowMeterStats;
}

/**
 * Feeds the packets through ONE reused instance, as the reader does, then flushes (unless told not
 * to): what the meter keeps must be copied.
 */
export function meter(
  mode: MeterMode,
  packets: readonly DecodedPacket[],
  options: Partial<FlowMeterOptions> & { noFlush?: boolean } = {},
): MeterRun {
  const records: FlowRecord[] = [];
  const starts: number[] = [];
  const m = createFlowMeter({
    mode,
    sourceName: 'test.pcap',
    label: null,
    ...options,
    onFlow: (record, start) => {
      records.push(record);
      starts.push(start);
    },
  });
  const shared = { ...packets[0]! };
  for (const p of packets) {
    Object.assign(shared, p);
    m.add(shared);
  }
  Object.assign(shared, { srcIp: '0.0.0.0', dstIp: '0.0.0.0', srcPort: 1, dstPort: 1 });
  if (!options.noFlush) m.flush();
  return { records, starts, stats: m.stats() };
}

/** The packets of a small HTTP exchange, client first, closed by the client (times in µs). */
export function closedConnection(): DecodedPacket[] {
  return [
    tcp(0, CLIENT, SERVER, 0x02, { header: 40, window: 29200 }),
    tcp(100, SERVER, CLIENT, 0x12, { header: 40, window: 28960 }),
    tcp(200, CLIENT, SERVER, 0x10, { header: 32, window: 229 }),
    tcp(300, CLIENT, SERVER, 0x18, { header: 32, window: 229, payload: 400 }),
    tcp(1300, SERVER, CLIENT, 0x10, { header: 32, window: 235 }),
    tcp(2300, SERVER, CLIENT, 0x18, { header: 32, window: 235, payload: 1000 }),
    tcp(3300, CLIENT, SERVER, 0x10, { header: 32, window: 237 }),
    tcp(4300, CLIENT, SERVER, 0x11, { header: 32, window: 237 }),
    tcp(4400, SERVER, CLIENT, 0x11, { header: 32, window: 235 }),
    tcp(4500, CLIENT, SERVER, 0x10, { header: 32, window: 237 }),
  ];
}

/** Equal within 1e-9 relative: the meter's doubles against a value worked out by hand. */
export function near(actual: number, expected: number): boolean {
  if (actual === expected) return true;
  return Math.abs(actual - expected) <= 1e-9 * Math.max(Math.abs(actual), Math.abs(expected));
}
