/**
 * @netattack/core/capture: packets in. The pcap/pcapng reader, the CICFlowMeter-compatible flow meter
 * (`cic` and `fixed` modes, README.md beside this file), metering a capture into canonical flow
 * records, and the 84-column CSV they are written as.
 */
export { isCaptureFile } from './capture-files.ts';
export { CIC2018_84_HEADER, compileCsvLineWriter } from './csv-writer.ts';
export {
  createFlowMeter,
  DEFAULT_TIME_ZONE,
  type FlowMeterStats,
  isTimeZone,
  METER_MODES,
  type MeterMode,
} from './meter/index.ts';
export {
  type CaptureEvent,
  type CaptureSummary,
  type MeterCaptureOptions,
  meterCapture,
  STDIN_PATH,
} from './meter-capture.ts';
export type { CaptureReadStats, DecodedPacket, PacketSkipReason } from './packet.ts';
export { CaptureReader, isCaptureMagic, readCaptureFile } from './pcap/index.ts';
