/**
 * The peer: the Python port of CICFlowMeter (`cicflowmeter` on PyPI), run through its own CLI on a
 * capture, timed, and its CSV read back onto our field names.
 *
 * Version: 0.2.0, the newest release that installs on Python 3.11 (0.3.0 and later require 3.12 and
 * also report durations in seconds, not microseconds, and expire flows from a wall-clock thread);
 * scapy 2.5.0 (0.2.0 plugs into scapy's session API, which 2.6 changed). bench/peer/setup-capture.sh
 * installs both into bench/.venv.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StatField } from '@netattack/core/flow';

const here = dirname(fileURLToPath(import.meta.url));
export const VENV = resolve(here, '..', '.venv');
export const PEER_CLI = join(VENV, 'bin', 'cicflowmeter');
export const PEER_NAME = 'cicflowmeter (PyPI, the Python port)';

/**
 * The Python port's CSV columns (flow.py, Flow.get_data, 0.2.0), mapped onto our fields: the one place
 * this mapping lives. Every one of our 76 statistics has a column there; the identity columns are
 * read separately. A header the port writes that is in neither list fails the run, so a new version
 * cannot be compared silently on fewer columns.
 */
export const PEER_STAT_COLUMNS: Readonly<Record<string, StatField>> = {
  flow_duration: 'flowDuration',
  flow_byts_s: 'flowBytsPerS',
  flow_pkts_s: 'flowPktsPerS',
  fwd_pkts_s: 'fwdPktsPerS',
  bwd_pkts_s: 'bwdPktsPerS',
  tot_fwd_pkts: 'totFwdPkts',
  tot_bwd_pkts: 'totBwdPkts',
  totlen_fwd_pkts: 'totLenFwdPkts',
  totlen_bwd_pkts: 'totLenBwdPkts',
  fwd_pkt_len_max: 'fwdPktLenMax',
  fwd_pkt_len_min: 'fwdPktLenMin',
  fwd_pkt_len_mean: 'fwdPktLenMean',
  fwd_pkt_len_std: 'fwdPktLenStd',
  bwd_pkt_len_max: 'bwdPktLenMax',
  bwd_pkt_len_min: 'bwdPktLenMin',
  bwd_pkt_len_mean: 'bwdPktLenMean',
  bwd_pkt_len_std: 'bwdPktLenStd',
  pkt_len_max: 'pktLenMax',
  pkt_len_min: 'pktLenMin',
  pkt_len_mean: 'pktLenMean',
  pkt_len_std: 'pktLenStd',
  pkt_len_var: 'pktLenVar',
  fwd_header_len: 'fwdHeaderLen',
  bwd_header_len: 'bwdHeaderLen',
  fwd_seg_size_min: 'fwdSegSizeMin',
  fwd_act_data_pkts: 'fwdActDataPkts',
  flow_iat_mean: 'flowIatMean',
  flow_iat_max: 'flowIatMax',
  flow_iat_min: 'flowIatMin',
  flow_iat_std: 'flowIatStd',
  fwd_iat_tot: 'fwdIatTot',
  fwd_iat_max: 'fwdIatMax',
  fwd_iat_min: 'fwdIatMin',
  fwd_iat_mean: 'fwdIatMean',
  fwd_iat_std: 'fwdIatStd',
  bwd_iat_tot: 'bwdIatTot',
  bwd_iat_max: 'bwdIatMax',
  bwd_iat_min: 'bwdIatMin',
  bwd_iat_mean: 'bwdIatMean',
  bwd_iat_std: 'bwdIatStd',
  fwd_psh_flags: 'fwdPshFlags',
  bwd_psh_flags: 'bwdPshFlags',
  fwd_urg_flags: 'fwdUrgFlags',
  bwd_urg_flags: 'bwdUrgFlags',
  fin_flag_cnt: 'finFlagCnt',
  syn_flag_cnt: 'synFlagCnt',
  rst_flag_cnt: 'rstFlagCnt',
  psh_flag_cnt: 'pshFlagCnt',
  ack_flag_cnt: 'ackFlagCnt',
  urg_flag_cnt: 'urgFlagCnt',
  ece_flag_cnt: 'eceFlagCnt',
  // The port fills this from fwd_urg_flags (a copy, not a CWR count); compared all the same.
  cwr_flag_count: 'cwrFlagCnt',
  down_up_ratio: 'downUpRatio',
  pkt_size_avg: 'pktSizeAvg',
  init_fwd_win_byts: 'initFwdWinByts',
  init_bwd_win_byts: 'initBwdWinByts',
  active_max: 'activeMax',
  active_min: 'activeMin',
  active_mean: 'activeMean',
  active_std: 'activeStd',
  idle_max: 'idleMax',
  idle_min: 'idleMin',
  idle_mean: 'idleMean',
  idle_std: 'idleStd',
  fwd_byts_b_avg: 'fwdBytsPerBulkAvg',
  fwd_pkts_b_avg: 'fwdPktsPerBulkAvg',
  bwd_byts_b_avg: 'bwdBytsPerBulkAvg',
  bwd_pkts_b_avg: 'bwdPktsPerBulkAvg',
  fwd_blk_rate_avg: 'fwdBlkRateAvg',
  bwd_blk_rate_avg: 'bwdBlkRateAvg',
  fwd_seg_size_avg: 'fwdSegSizeAvg',
  bwd_seg_size_avg: 'bwdSegSizeAvg',
  subflow_fwd_pkts: 'subflowFwdPkts',
  subflow_bwd_pkts: 'subflowBwdPkts',
  subflow_fwd_byts: 'subflowFwdByts',
  subflow_bwd_byts: 'subflowBwdByts',
};

const IDENTITY_COLUMNS = ['src_ip', 'dst_ip', 'src_port', 'dst_port', 'protocol', 'timestamp'] as const;

/** One flow of the port's CSV. */
export interface PeerFlow {
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  protocol: number;
  /** The first packet's time, whole seconds since the epoch (the port writes `%Y-%m-%d %H:%M:%S`, run in UTC). */
  startSecond: number;
  stats: Partial<Record<StatField, number>>;
}

/** Reads the port's CSV (no quoted cells: it writes addresses, numbers and a timestamp). */
export function readPeerCsv(path: string): PeerFlow[] {
  const text = readFileSync(path, 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines.length === 0) return [];
  const header = lines[0]!.split(',');
  const at = (name: string) => header.indexOf(name);
  for (const name of header) {
    if (!(name in PEER_STAT_COLUMNS) && !(IDENTITY_COLUMNS as readonly string[]).includes(name)) {
      throw new Error(`${path}: the port wrote a column this bench does not map: ${name}`);
    }
  }
  const ids = Object.fromEntries(IDENTITY_COLUMNS.map((c) => [c, at(c)])) as Record<
    (typeof IDENTITY_COLUMNS)[number],
    number
  >;
  for (const [name, index] of Object.entries(ids)) {
    if (index < 0) throw new Error(`${path}: no ${name} column`);
  }
  const stats = Object.entries(PEER_STAT_COLUMNS)
    .map(([column, field]) => ({ index: at(column), field }))
    .filter((s) => s.index >= 0);
  const flows: PeerFlow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split(',');
    const flow: PeerFlow = {
      srcIp: cells[ids.src_ip]!,
      dstIp: cells[ids.dst_ip]!,
      srcPort: Number(cells[ids.src_port]),
      dstPort: Number(cells[ids.dst_port]),
      protocol: Number(cells[ids.protocol]),
      startSecond: Date.parse(`${cells[ids.timestamp]!.replace(' ', 'T')}Z`) / 1000,
      stats: {},
    };
    for (const s of stats) flow.stats[s.field] = Number(cells[s.index]);
    flows.push(flow);
  }
  return flows;
}

export interface PeerRun {
  file: string;
  seconds: number;
  /** CPU seconds of the Python process (user + system; the tcpdump it starts for its filter not included). */
  cpuSeconds: number;
  peakRssMiB: number;
  flows: PeerFlow[];
}

/**
 * Runs `cicflowmeter -f <pcap> -c <csv>` under GNU time (after `prefix`, e.g. taskset), in UTC (its Timestamp is local time), and
 * reads the CSV back. Wall time is the whole command, interpreter start-up included.
 */
export async function runPeer(pcap: string, csv: string, prefix: string[] = []): Promise<PeerRun> {
  if (!existsSync(PEER_CLI)) {
    throw new Error(`${PEER_CLI} not found: run bash bench/peer/setup-capture.sh first`);
  }
  rmSync(csv, { force: true });
  const timing = `${csv}.time`;
  const start = performance.now();
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((done, fail) => {
    const command = [
      ...prefix,
      '/usr/bin/time',
      '-f',
      '%U %S %M',
      '-o',
      timing,
      PEER_CLI,
      '-f',
      pcap,
      '-c',
      csv,
    ];
    const child = spawn(command[0]!, command.slice(1), {
      env: { ...process.env, TZ: 'UTC' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
    });
    child.once('error', fail);
    child.once('close', (c) => done({ code: c, stderr: err }));
  });
  const seconds = (performance.now() - start) / 1000;
  if (code !== 0) throw new Error(`cicflowmeter exited ${code} on ${pcap}: ${stderr}`);
  const [user, system, maxKiB] = readFileSync(timing, 'utf8')
    .trim()
    .split('\n')
    .at(-1)!
    .split(' ')
    .map(Number);
  rmSync(timing, { force: true });
  return {
    file: pcap,
    seconds,
    cpuSeconds: user! + system!,
    peakRssMiB: Math.round(maxKiB! / 1024),
    flows: existsSync(csv) ? readPeerCsv(csv) : [],
  };
}
