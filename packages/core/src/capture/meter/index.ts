/**
 * The flow meter: decoded packets (../packet.ts) in, canonical CICFlowMeter flow records out, in two
 * modes, `cic` (CICFlowMeter-V4 as it made CSE-CIC-IDS2018, bugs included) and `fixed` (the published
 * corrections); ../README.md lists every difference between them.
 *
 *   const meter = createFlowMeter({ mode: 'cic', sourceName: 'day.pcap', label: null,
 *     onFlow: (record, startMicros) => ... });
 *   for each packet: meter.add(packet);   // the reader's reused instance: the meter copies what it keeps
 *   live capture, once a second: meter.advance(nowMicros);
 *   end of file or SIGTERM: meter.flush();
 *   meter.stats()                         // packets, flows open and written, written by end reason
 *
 * Options: mode; flowTimeoutMicros (120 s from a flow's first packet); activityTimeoutMicros (5 s,
 * Active/Idle only); maxFlows (1,000,000 open at most, then the oldest is evicted; an open flow
 * takes about 1.2 KB, so the default allows some 1.2 GB); label (every
 * record's Label, null for none); sourceName (records are `${sourceName}:${n}`, n from 1 in the order
 * written, source.line = n); timeZone (of the Timestamp text, default America/Moncton, the zone the
 * reference CSVs were written in; flow-timestamp.ts).
 *
 * Records come in the order flows end (a FIN, RST or timeout as its packet arrives, a timeout when
 * the clock passes it, an eviction), and at flush() in the order the remaining flows started. The
 * Timestamp is `dd/MM/yyyy hh:mm:ss` on a 12-hour clock, with ` AM`/` PM` in `fixed` mode only.
 */
export { END_REASONS, type EndReason } from './end-reason.ts';
export {
  createFlowMeter,
  type FlowMeter,
  type FlowMeterOptions,
  type FlowMeterStats,
  METER_MODES,
  type MeterMode,
} from './flow-meter.ts';
export { createTimestampFormatter, DEFAULT_TIME_ZONE, isTimeZone } from './flow-timestamp.ts';
