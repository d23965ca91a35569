/**
 * The canonical flow record: one field per CICFlowMeter column, named once here. Every file layout
 * (CSE-CIC-IDS2018 with 80 or 84 columns, CIC-IDS2017 MachineLearningCVE and TrafficLabelling,
 * CICFlowMeter-V4) is mapped onto these fields at the edge, by header name, and nowhere else.
 *
 * `header` is the CSE-CIC-IDS2018 name; `aliases` are the names other layouts use for the same
 * measurement. `kind` follows the data: counts, sizes, flags and durations in microseconds are whole
 * numbers (`long`), means, deviations, variances and rates are `double`.
 */
export type ColumnKind = 'long' | 'double' | 'string';

export interface FlowColumn {
  readonly field: string;
  readonly header: string;
  readonly aliases: readonly string[];
  readonly kind: ColumnKind;
  /** A statistic every layout carries; an empty or missing cell makes the row malformed. */
  readonly stat: boolean;
}

function stat<const F extends string>(
  field: F,
  header: string,
  kind: ColumnKind,
  ...aliases: string[]
): FlowColumn & { readonly field: F } {
  return { field, header, aliases, kind, stat: true };
}

function meta<const F extends string>(
  field: F,
  header: string,
  kind: ColumnKind,
  ...aliases: string[]
): FlowColumn & { readonly field: F } {
  return { field, header, aliases, kind, stat: false };
}

/** Identifiers and context: present in some layouts only, never used as model features by default. */
export const META_COLUMNS = [
  meta('flowId', 'Flow ID', 'string'),
  meta('srcIp', 'Src IP', 'string', 'Source IP'),
  meta('srcPort', 'Src Port', 'long', 'Source Port'),
  meta('dstIp', 'Dst IP', 'string', 'Destination IP'),
  meta('dstPort', 'Dst Port', 'long', 'Destination Port'),
  meta('protocol', 'Protocol', 'long'),
  meta('timestamp', 'Timestamp', 'string'),
] as const;

/** The 76 flow statistics, in CSE-CIC-IDS2018 column order. */
export const STAT_COLUMNS = [
  stat('flowDuration', 'Flow Duration', 'long'),
  stat('totFwdPkts', 'Tot Fwd Pkts', 'long', 'Total Fwd Packets', 'Total Fwd Packet'),
  stat('totBwdPkts', 'Tot Bwd Pkts', 'long', 'Total Backward Packets', 'Total Bwd packets'),
  stat(
    'totLenFwdPkts',
    'TotLen Fwd Pkts',
    'long',
    'Total Length of Fwd Packets',
    'Total Length of Fwd Packet',
  ),
  stat(
    'totLenBwdPkts',
    'TotLen Bwd Pkts',
    'long',
    'Total Length of Bwd Packets',
    'Total Length of Bwd Packet',
  ),
  stat('fwdPktLenMax', 'Fwd Pkt Len Max', 'long', 'Fwd Packet Length Max'),
  stat('fwdPktLenMin', 'Fwd Pkt Len Min', 'long', 'Fwd Packet Length Min'),
  stat('fwdPktLenMean', 'Fwd Pkt Len Mean', 'double', 'Fwd Packet Length Mean'),
  stat('fwdPktLenStd', 'Fwd Pkt Len Std', 'double', 'Fwd Packet Length Std'),
  stat('bwdPktLenMax', 'Bwd Pkt Len Max', 'long', 'Bwd Packet Length Max'),
  stat('bwdPktLenMin', 'Bwd Pkt Len Min', 'long', 'Bwd Packet Length Min'),
  stat('bwdPktLenMean', 'Bwd Pkt Len Mean', 'double', 'Bwd Packet Length Mean'),
  stat('bwdPktLenStd', 'Bwd Pkt Len Std', 'double', 'Bwd Packet Length Std'),
  stat('flowBytsPerS', 'Flow Byts/s', 'double', 'Flow Bytes/s'),
  stat('flowPktsPerS', 'Flow Pkts/s', 'double', 'Flow Packets/s'),
  stat('flowIatMean', 'Flow IAT Mean', 'double'),
  stat('flowIatStd', 'Flow IAT Std', 'double'),
  stat('flowIatMax', 'Flow IAT Max', 'long'),
  stat('flowIatMin', 'Flow IAT Min', 'long'),
  stat('fwdIatTot', 'Fwd IAT Tot', 'long', 'Fwd IAT Total'),
  stat('fwdIatMean', 'Fwd IAT Mean', 'double'),
  stat('fwdIatStd', 'Fwd IAT Std', 'double'),
  stat('fwdIatMax', 'Fwd IAT Max', 'long'),
  stat('fwdIatMin', 'Fwd IAT Min', 'long'),
  stat('bwdIatTot', 'Bwd IAT Tot', 'long', 'Bwd IAT Total'),
  stat('bwdIatMean', 'Bwd IAT Mean', 'double'),
  stat('bwdIatStd', 'Bwd IAT Std', 'double'),
  stat('bwdIatMax', 'Bwd IAT Max', 'long'),
  stat('bwdIatMin', 'Bwd IAT Min', 'long'),
  stat('fwdPshFlags', 'Fwd PSH Flags', 'long'),
  stat('bwdPshFlags', 'Bwd PSH Flags', 'long'),
  stat('fwdUrgFlags', 'Fwd URG Flags', 'long'),
  stat('bwdUrgFlags', 'Bwd URG Flags', 'long'),
  stat('fwdHeaderLen', 'Fwd Header Len', 'long', 'Fwd Header Length'),
  stat('bwdHeaderLen', 'Bwd Header Len', 'long', 'Bwd Header Length'),
  stat('fwdPktsPerS', 'Fwd Pkts/s', 'double', 'Fwd Packets/s'),
  stat('bwdPktsPerS', 'Bwd Pkts/s', 'double', 'Bwd Packets/s'),
  stat('pktLenMin', 'Pkt Len Min', 'long', 'Min Packet Length', 'Packet Length Min'),
  stat('pktLenMax', 'Pkt Len Max', 'long', 'Max Packet Length', 'Packet Length Max'),
  stat('pktLenMean', 'Pkt Len Mean', 'double', 'Packet Length Mean'),
  stat('pktLenStd', 'Pkt Len Std', 'double', 'Packet Length Std'),
  stat('pktLenVar', 'Pkt Len Var', 'double', 'Packet Length Variance'),
  stat('finFlagCnt', 'FIN Flag Cnt', 'long', 'FIN Flag Count'),
  stat('synFlagCnt', 'SYN Flag Cnt', 'long', 'SYN Flag Count'),
  stat('rstFlagCnt', 'RST Flag Cnt', 'long', 'RST Flag Count'),
  stat('pshFlagCnt', 'PSH Flag Cnt', 'long', 'PSH Flag Count'),
  stat('ackFlagCnt', 'ACK Flag Cnt', 'long', 'ACK Flag Count'),
  stat('urgFlagCnt', 'URG Flag Cnt', 'long', 'URG Flag Count'),
  // CICFlowMeter-V3 misspelt CWR as "CWE"; V4 fixed the name.
  stat('cwrFlagCnt', 'CWE Flag Count', 'long', 'CWR Flag Count'),
  stat('eceFlagCnt', 'ECE Flag Cnt', 'long', 'ECE Flag Count'),
  stat('downUpRatio', 'Down/Up Ratio', 'double'),
  stat('pktSizeAvg', 'Pkt Size Avg', 'double', 'Average Packet Size'),
  stat('fwdSegSizeAvg', 'Fwd Seg Size Avg', 'double', 'Avg Fwd Segment Size', 'Fwd Segment Size Avg'),
  stat('bwdSegSizeAvg', 'Bwd Seg Size Avg', 'double', 'Avg Bwd Segment Size', 'Bwd Segment Size Avg'),
  stat('fwdBytsPerBulkAvg', 'Fwd Byts/b Avg', 'double', 'Fwd Avg Bytes/Bulk', 'Fwd Bytes/Bulk Avg'),
  stat('fwdPktsPerBulkAvg', 'Fwd Pkts/b Avg', 'double', 'Fwd Avg Packets/Bulk', 'Fwd Packet/Bulk Avg'),
  stat('fwdBlkRateAvg', 'Fwd Blk Rate Avg', 'double', 'Fwd Avg Bulk Rate', 'Fwd Bulk Rate Avg'),
  stat('bwdBytsPerBulkAvg', 'Bwd Byts/b Avg', 'double', 'Bwd Avg Bytes/Bulk', 'Bwd Bytes/Bulk Avg'),
  stat('bwdPktsPerBulkAvg', 'Bwd Pkts/b Avg', 'double', 'Bwd Avg Packets/Bulk', 'Bwd Packet/Bulk Avg'),
  stat('bwdBlkRateAvg', 'Bwd Blk Rate Avg', 'double', 'Bwd Avg Bulk Rate', 'Bwd Bulk Rate Avg'),
  stat('subflowFwdPkts', 'Subflow Fwd Pkts', 'long', 'Subflow Fwd Packets'),
  stat('subflowFwdByts', 'Subflow Fwd Byts', 'long', 'Subflow Fwd Bytes'),
  stat('subflowBwdPkts', 'Subflow Bwd Pkts', 'long', 'Subflow Bwd Packets'),
  stat('subflowBwdByts', 'Subflow Bwd Byts', 'long', 'Subflow Bwd Bytes'),
  // "Init Win Bytes Fwd" and the like: CICFlowMeter's own 2017-style output without spaces in names.
  stat(
    'initFwdWinByts',
    'Init Fwd Win Byts',
    'long',
    'Init_Win_bytes_forward',
    'FWD Init Win Bytes',
    'Init Win Bytes Fwd',
  ),
  stat(
    'initBwdWinByts',
    'Init Bwd Win Byts',
    'long',
    'Init_Win_bytes_backward',
    'Bwd Init Win Bytes',
    'Init Win Bytes Bwd',
  ),
  stat('fwdActDataPkts', 'Fwd Act Data Pkts', 'long', 'act_data_pkt_fwd'),
  stat('fwdSegSizeMin', 'Fwd Seg Size Min', 'long', 'min_seg_size_forward', 'Min Seg Size Fwd'),
  stat('activeMean', 'Active Mean', 'double'),
  stat('activeStd', 'Active Std', 'double'),
  stat('activeMax', 'Active Max', 'long'),
  stat('activeMin', 'Active Min', 'long'),
  stat('idleMean', 'Idle Mean', 'double'),
  stat('idleStd', 'Idle Std', 'double'),
  stat('idleMax', 'Idle Max', 'long'),
  stat('idleMin', 'Idle Min', 'long'),
] as const;

export const LABEL_COLUMN = meta('label', 'Label', 'string');

export const ALL_COLUMNS: readonly FlowColumn[] = [...META_COLUMNS, ...STAT_COLUMNS, LABEL_COLUMN];

export type StatField = (typeof STAT_COLUMNS)[number]['field'];
export type MetaField = (typeof META_COLUMNS)[number]['field'];

/** Header names compare on letters and digits only, case-insensitively: " Flow Bytes/s" = "flowbytess". */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
