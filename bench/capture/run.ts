/**
 * Packets in: our pcap/pcapng reader and CICFlowMeter-compatible flow meter, on one core, against the
 * floor beneath them and the Python port beside them, in one run. Prints a table and writes
 * bench/results/capture.json.
 *
 *   bash bench/peer/setup-capture.sh     # once: the Python port in bench/.venv
 *   node --import tsx bench/capture/run.ts [--sizes 10MiB,1GiB] [--rounds 3] [--peer-rounds 2]
 *     [--data ../shared/data/pcap] [--no-peer] [--profile]
 *
 * Volume: real packets repeated (pcap-files.ts): every capture under --data, one after another on one
 * timeline, round after round, IPv4 addresses varied per segment so repeated flows stay apart. Each
 * size is written to a temporary directory, run through every stage, then deleted.
 *
 * 1. Ours, one core: every stage in a fresh Node process of its own (no worker threads), so its peak
 *    RSS is its own and per size; best of --rounds runs. Stages: the bare fs stream of the file's bytes
 *    (the floor), the reader alone, the reader + meter (`cic` mode), and meterCapture (the product's
 *    generator around the two).
 * 2. The peer: `cicflowmeter -f <pcap> -c <csv>` on every original capture, then on a capture of
 *    --peer-rounds rounds; its flows matched to ours by 5-tuple and start second, every common
 *    statistic compared within 1e-6 relative (compare.ts).
 * 3. The targets: ≥ 1,000,000 packets/s (reader + meter, one core), ≥ 20× the Python port, peak RSS
 *    flat from 10 MiB to 1 GiB. A missed speed target gets a CPU profile (`--cpu-prof`) of the
 *    reader + meter on the largest size, summarised by function; --profile asks for one anyway.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineInfo } from '../forest/machine.ts';
import {
  addComparisons,
  type Comparison,
  compareFlows,
  type OurFlow,
  RELATIVE_TOLERANCE,
} from './compare.ts';
import { type MemorySample, meterFile, STAGE_LABELS, STAGES, type Stage } from './ours.ts';
import { type RepeatedCapture, readRawCapture, writeRepeatedCapture } from './pcap-files.ts';
import { PEER_CLI, PEER_NAME, type PeerRun, runPeer, VENV } from './peer.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(repo, '..', 'shared', 'data', 'pcap') },
    sizes: { type: 'string', default: '10MiB,1GiB' },
    rounds: { type: 'string', default: '3' },
    'peer-rounds': { type: 'string', default: '2' },
    'no-peer': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'no-pin': { type: 'boolean', default: false },
    mixes: { type: 'string', default: 'test_copy.pcap,pkt.TCP.synflood.spoofed.pcap' },
    'mix-size': { type: 'string', default: '100MiB' },
    out: { type: 'string', default: join(here, '..', 'results', 'capture.json') },
  },
});
const rounds = Number(args.rounds);
const TASKSET = '/usr/bin/taskset';
/**
 * One core means one: every timed process (ours and the port, its tcpdump included) runs under
 * `taskset -c 0`, so V8's concurrent GC and libuv's fs threads share the core with the JavaScript
 * thread instead of borrowing the second one.
 */
const pin = !args['no-pin'] && existsSync(TASKSET) ? [TASKSET, '-c', '0'] : [];
const peerRounds = Number(args['peer-rounds']);
const TARGET_PACKETS_PER_SECOND = 1_000_000;
const TARGET_PEER_RATIO = 20;
/** "Flat": the largest size's peak RSS at most this much above the smallest's. */
const FLAT_RSS_TOLERANCE = 0.1;

function parseSize(text: string): { label: string; bytes: number } {
  const m = /^(\d+(?:\.\d+)?)\s*(KiB|MiB|GiB|KB|MB|GB)$/i.exec(text.trim());
  if (!m) throw new Error(`--sizes: "${text}" is not a size such as 10MiB or 1GiB`);
  const unit = m[2]!.toLowerCase();
  const scale = { kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, kb: 1e3, mb: 1e6, gb: 1e9 }[unit]!;
  return { label: `${m[1]} ${m[2]}`, bytes: Math.round(Number(m[1]) * scale) };
}
const sizes = args.sizes!.split(',').map(parseSize);

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const loadSamples: number[] = [];
const sampleLoad = () => loadSamples.push(loadavg()[0]!);

// ---- the real captures ----------------------------------------------------------------------------
const sourcePaths = readdirSync(args.data!, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(pcap|pcapng|cap)$/i.test(f))
  .map((f) => join(args.data!, f))
  .sort();
const sources = sourcePaths.map(readRawCapture);
const realPackets = sources.reduce((s, c) => s + c.packets.length, 0);
const realBytes = sourcePaths.reduce((s, p) => s + statSync(p).size, 0);
console.log(
  `real captures: ${sources.length} files under ${args.data}, ${fmt(realPackets)} packets, ${(realBytes / 2 ** 20).toFixed(1)} MiB`,
);
console.log(
  'volume: real packets repeated for volume (addresses varied per repetition, bench/capture/pcap-files.ts)',
);

// ---- one stage in a child process -----------------------------------------------------------------
interface StageRun {
  stage: Stage;
  bytes: number;
  packets: number;
  decoded: number;
  flows: number;
  seconds: number;
  cpuSeconds: number;
  baselineRssMiB: number;
  peakRssMiB: number;
  droppedSinglePacket?: number;
  memory?: MemorySample[];
}

function spawnStage(stage: Stage, file: string, nodeFlags: string[] = []): Promise<StageRun> {
  return new Promise((done, fail) => {
    const command = [
      ...pin,
      process.execPath,
      ...nodeFlags,
      '--import',
      'tsx',
      join(here, 'stage.ts'),
      '--stage',
      stage,
      '--file',
      file,
    ];
    const child = spawn(command[0]!, command.slice(1), { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
    });
    child.once('error', fail);
    child.once('close', (code) => {
      sampleLoad();
      if (code !== 0) return fail(new Error(`stage ${stage} on ${file} exited ${code}: ${err}`));
      done(JSON.parse(out.trim().split('\n').at(-1)!) as StageRun);
    });
  });
}

interface StageResult {
  stage: Stage;
  what: string;
  bytes: number;
  packets: number;
  flows: number;
  bestSeconds: number;
  medianSeconds: number;
  packetsPerSecond: number;
  flowsPerSecond: number;
  mibPerSecond: number;
  /** CPU seconds of the best run over its wall seconds: about 1 on one core (fs reads add libuv's). */
  cpuPerWall: number;
  peakRssMiB: number;
  baselineRssMiB: number;
  runs: number;
  droppedSinglePacket?: number;
  memory?: ReturnType<typeof summariseMemory>;
}

async function timeStage(stage: Stage, file: string, packets: number, times: number): Promise<StageResult> {
  const runs: StageRun[] = [];
  for (let i = 0; i < times; i++) runs.push(await spawnStage(stage, file));
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  const best = sorted[0]!;
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return {
    stage,
    what: STAGE_LABELS[stage],
    bytes: best.bytes || statSync(file).size,
    packets,
    flows: best.flows,
    bestSeconds: round(best.seconds, 3),
    medianSeconds: round(median.seconds, 3),
    packetsPerSecond: Math.round(packets / best.seconds),
    flowsPerSecond:
      stage === 'meter' || stage === 'meter-capture' ? Math.round(best.flows / best.seconds) : 0,
    mibPerSecond: round(statSync(file).size / 2 ** 20 / best.seconds, 1),
    cpuPerWall: round(best.cpuSeconds / best.seconds, 2),
    peakRssMiB: Math.max(...runs.map((r) => r.peakRssMiB)),
    baselineRssMiB: best.baselineRssMiB,
    runs: runs.length,
    ...(best.droppedSinglePacket === undefined ? {} : { droppedSinglePacket: best.droppedSinglePacket }),
    ...(best.memory === undefined ? {} : { memory: summariseMemory(best.memory) }),
  };
}

/** The meter's memory through its best run: range of the samples, and the samples themselves. */
function summariseMemory(samples: MemorySample[]) {
  const range = (pick: (m: MemorySample) => number) =>
    samples.length === 0 ? null : [Math.min(...samples.map(pick)), Math.max(...samples.map(pick))];
  return {
    rssMiB: range((m) => m.rssMiB),
    heapUsedMiB: range((m) => m.heapUsedMiB),
    flowsOpen: range((m) => m.flowsOpen),
    samples,
  };
}

function round(n: number, digits: number): number {
  return Number(n.toFixed(digits));
}

// ---- CPU profile of the reader + meter ------------------------------------------------------------
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function profileMeter(file: string, dir: string) {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const run = await spawnStage('meter', file, ['--cpu-prof', '--cpu-prof-dir', dir]);
  const name = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
  const profile = JSON.parse(readFileSync(join(dir, name), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!)!;
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const f = node.callFrame;
    // tsx hands V8 each module on one line, so line numbers say nothing: the file names the code.
    const where = f.url === '' ? '' : ` ${shortUrl(f.url)}${f.lineNumber > 0 ? `:${f.lineNumber + 1}` : ''}`;
    const key = `${f.functionName || '(anonymous)'}${where}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  const top = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([fn, us]) => ({ function: fn, selfShare: round(us / total, 3), selfSeconds: round(us / 1e6, 2) }));
  return {
    file: basename(file),
    seconds: round(run.seconds, 2),
    note: 'Profiled run (slower than the timed ones: the profiler samples). Self time by function; the whole process, start-up included.',
    profile: relative(repo, join(dir, name)),
    top,
  };
}

function shortUrl(url: string): string {
  if (url.startsWith('file://')) return relative(repo, fileURLToPath(url));
  return url.startsWith('/') ? relative(repo, url) : url;
}

// ---- the run --------------------------------------------------------------------------------------
const loadBefore = loadavg();
sampleLoad();
const scratch = await mkdtemp(join(tmpdir(), 'bench-capture-'));
// A stopped run leaves no gigabyte behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    rmSync(scratch, { recursive: true, force: true });
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}
const profileDir = join(repo, 'bench', '.cache', 'capture-profile');
const bySize: {
  size: string;
  capture: Omit<RepeatedCapture, 'path' | 'sources'>;
  stages: StageResult[];
}[] = [];
let profile: Awaited<ReturnType<typeof profileMeter>> | null = null;
const byTraffic: Record<string, unknown>[] = [];
let peer: Record<string, unknown> | null = null;
let peerSkipped: string | null = null;

try {
  for (const [i, size] of sizes.entries()) {
    const file = join(scratch, `repeated-${size.label.replace(' ', '')}.pcap`);
    const capture = writeRepeatedCapture(file, sources, { targetBytes: size.bytes });
    console.log(
      `\n${size.label}: ${fmt(capture.packets)} packets, ${capture.rounds} whole rounds (${capture.segments} segments), ${fmt(capture.bytes)} bytes`,
    );
    const stages: StageResult[] = [];
    for (const stage of STAGES) {
      const result = await timeStage(stage, file, capture.packets, rounds);
      stages.push(result);
      console.log(
        `  ${result.what.padEnd(50)} ${fmt(result.packetsPerSecond).padStart(11)} packets/s ${result.flowsPerSecond ? `${fmt(result.flowsPerSecond).padStart(9)} flows/s` : ''.padStart(17)} ${String(result.mibPerSecond).padStart(7)} MiB/s  best ${result.bestSeconds} s  peak RSS ${result.peakRssMiB} MiB`,
      );
    }
    const metered = stages.find((s) => s.stage === 'meter')!;
    const mem = metered.memory;
    if (mem?.rssMiB) {
      console.log(
        `  reader + meter, sampled through the run: RSS ${mem.rssMiB.join('–')} MiB, heap used ${mem.heapUsedMiB!.join('–')} MiB, open flows ${mem.flowsOpen!.map(fmt).join('–')}; one-packet flows not written ${fmt(metered.droppedSinglePacket ?? 0)}`,
      );
    }
    const { path: _p, sources: _s, ...described } = capture;
    bySize.push({ size: size.label, capture: described, stages });
    const largest = i === sizes.length - 1;
    const meter = stages.find((s) => s.stage === 'meter')!;
    if (largest && (args.profile || meter.packetsPerSecond < TARGET_PACKETS_PER_SECOND)) {
      profile = await profileMeter(file, profileDir);
      console.log(`  CPU profile of the reader + meter (${profile.profile}), self time:`);
      for (const t of profile.top.slice(0, 10)) {
        console.log(`    ${(t.selfShare * 100).toFixed(1).padStart(5)}%  ${t.function}`);
      }
    }
    rmSync(file, { force: true });
  }

  // ---- one kind of traffic at a time ---------------------------------------------------------------
  const mixSize = parseSize(args['mix-size']!);
  for (const name of args.mixes!.split(',').filter(Boolean)) {
    const index = sourcePaths.findIndex((p) => basename(p) === name);
    if (index < 0) throw new Error(`--mixes: no capture named ${name} under ${args.data}`);
    const file = join(scratch, `mix-${name}.pcap`);
    const capture = writeRepeatedCapture(file, [sources[index]!], { targetBytes: mixSize.bytes });
    const reader = await timeStage('reader', file, capture.packets, rounds);
    const meter = await timeStage('meter', file, capture.packets, rounds);
    rmSync(file, { force: true });
    const started = meter.flows + (meter.droppedSinglePacket ?? 0);
    const perFlow = capture.packets / Math.max(1, started);
    byTraffic.push({
      capture: relative(args.data!, sourcePaths[index]!),
      size: mixSize.label,
      packets: capture.packets,
      packetsPerFlow: round(perFlow, 1),
      reader: { packetsPerSecond: reader.packetsPerSecond, peakRssMiB: reader.peakRssMiB },
      meter: {
        packetsPerSecond: meter.packetsPerSecond,
        flowsPerSecond: meter.flowsPerSecond,
        flows: meter.flows,
        droppedSinglePacket: meter.droppedSinglePacket ?? 0,
        peakRssMiB: meter.peakRssMiB,
      },
    });
    console.log(
      `\n${relative(args.data!, sourcePaths[index]!)} alone, repeated to ${mixSize.label} (${fmt(capture.packets)} packets, ${fmt(started)} flows, ${perFlow.toFixed(1)} packets a flow, ${fmt(meter.droppedSinglePacket ?? 0)} of them one-packet flows, not written): reader ${fmt(reader.packetsPerSecond)} packets/s, reader + meter ${fmt(meter.packetsPerSecond)} packets/s, ${fmt(meter.flowsPerSecond)} flows/s, peak RSS ${meter.peakRssMiB} MiB`,
    );
  }

  // ---- the peer -----------------------------------------------------------------------------------
  if (args['no-peer']) {
    peerSkipped = '--no-peer';
  } else {
    console.log(`\npeer: ${PEER_NAME}, ${PEER_CLI}`);
    const originals: {
      file: string;
      packets: number;
      peer: Omit<PeerRun, 'flows' | 'file'>;
      comparison: Omit<Comparison, 'columns'>;
    }[] = [];
    const originalComparisons: Comparison[] = [];
    for (const [i, path] of sourcePaths.entries()) {
      const run = await runPeer(path, join(scratch, 'peer.csv'), pin);
      sampleLoad();
      const ours: OurFlow[] = [];
      await meterFile(path, 'cic', (record, startMicros) => ours.push({ record, startMicros }));
      const comparison = compareFlows(ours, run.flows);
      originalComparisons.push(comparison);
      const { columns: _columns, ...counts } = comparison;
      originals.push({
        file: relative(args.data!, path),
        packets: sources[i]!.packets.length,
        peer: {
          seconds: round(run.seconds, 2),
          cpuSeconds: round(run.cpuSeconds, 2),
          peakRssMiB: run.peakRssMiB,
        },
        comparison: counts,
      });
      console.log(
        `  ${relative(args.data!, path).padEnd(62)} ${String(sources[i]!.packets.length).padStart(6)} packets ${run.seconds.toFixed(1).padStart(6)} s  flows ours ${comparison.ourFlows} its ${comparison.peerFlows} matched ${comparison.matched} equal ${comparison.equalOnAll}`,
      );
    }
    const originalsTotal = addComparisons(originalComparisons);
    const originalsSeconds = originals.reduce((s, o) => s + o.peer.seconds, 0);

    const repeatedFile = join(scratch, `peer-${peerRounds}-rounds.pcap`);
    const repeated = writeRepeatedCapture(repeatedFile, sources, { rounds: peerRounds });
    const run = await runPeer(repeatedFile, join(scratch, 'peer.csv'), pin);
    sampleLoad();
    const ours: OurFlow[] = [];
    await meterFile(repeatedFile, 'cic', (record, startMicros) => ours.push({ record, startMicros }));
    const repeatedComparison = compareFlows(ours, run.flows);
    const oursTimed = await timeStage('meter', repeatedFile, repeated.packets, Math.max(rounds, 3));
    rmSync(repeatedFile, { force: true });
    const peerPacketsPerSecond = repeated.packets / run.seconds;
    const ratio = oursTimed.packetsPerSecond / peerPacketsPerSecond;
    console.log(
      `  ${peerRounds} rounds repeated (${fmt(repeated.packets)} packets): ${PEER_NAME} ${run.seconds.toFixed(1)} s = ${fmt(peerPacketsPerSecond)} packets/s (peak RSS ${run.peakRssMiB} MiB); ours ${fmt(oursTimed.packetsPerSecond)} packets/s: ${ratio.toFixed(0)}×`,
    );
    const all = addComparisons([originalsTotal, repeatedComparison]);
    console.log(
      `  flows: the port's ${fmt(all.peerFlows)}, ours ${fmt(all.ourFlows)}, matched ${fmt(all.matched)} (${pct(all.shareOfPeerFlowsMatched)} of its), equal on all ${all.columns.length} statistics ${fmt(all.equalOnAll)} (${pct(all.shareOfPeerFlowsEqual)} of its)`,
    );
    console.log(
      `  the port's flows of 2+ packets (cic mode writes no 1-packet flow): ${fmt(all.peerMultiPacketFlows)}, matched ${fmt(all.multiPacketMatched)} (${pct(all.multiPacketMatched / all.peerMultiPacketFlows)})`,
    );
    console.log('  per column, share of matched flows equal:');
    for (const c of all.columns)
      console.log(`    ${c.field.padEnd(20)} ${c.peerColumn.padEnd(20)} ${pct(c.share)}`);
    const python = await pythonVersions();
    peer = {
      name: PEER_NAME,
      versions: python,
      command: `${pin.length ? 'taskset -c 0 ' : ''}TZ=UTC cicflowmeter -f <capture> -c <csv> (bench/.venv, GNU time for CPU and peak RSS)`,
      originals: {
        files: originals,
        packets: realPackets,
        seconds: round(originalsSeconds, 1),
        packetsPerSecond: Math.round(realPackets / originalsSeconds),
        note: 'One CLI run per file: interpreter start-up (about a second) is in every figure.',
      },
      repeated: {
        rounds: peerRounds,
        packets: repeated.packets,
        bytes: repeated.bytes,
        seconds: round(run.seconds, 1),
        cpuSeconds: round(run.cpuSeconds, 1),
        packetsPerSecond: Math.round(peerPacketsPerSecond),
        flowsPerSecond: Math.round(run.flows.length / run.seconds),
        peakRssMiB: run.peakRssMiB,
        ours: oursTimed,
        ratioOursToPeer: round(ratio, 1),
      },
      comparison: {
        match:
          'src IP, src port, dst IP, dst port, protocol and the first packet second (UTC); direction as written',
        relativeTolerance: RELATIVE_TOLERANCE,
        originals: originalsTotal,
        repeated: repeatedComparison,
        all,
      },
    };
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

async function pythonVersions(): Promise<Record<string, string>> {
  const out = await new Promise<string>((done) => {
    const child = spawn(join(VENV, 'bin', 'python'), [
      '-c',
      'import sys, importlib.metadata as m; print(sys.version.split()[0], *(m.version(p) for p in ("cicflowmeter", "scapy", "numpy", "scipy")))',
    ]);
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
    });
    child.once('close', () => done(text.trim()));
  });
  const [python, cicflowmeter, scapy, numpy, scipy] = out.split(' ');
  return { python: python!, cicflowmeter: cicflowmeter!, scapy: scapy!, numpy: numpy!, scipy: scipy! };
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

// ---- targets ---------------------------------------------------------------------------------------
const largest = bySize.at(-1)!;
const smallest = bySize[0]!;
const stageOf = (s: (typeof bySize)[number], stage: Stage) => s.stages.find((x) => x.stage === stage)!;
const meterLargest = stageOf(largest, 'meter');
const rssSmall = stageOf(smallest, 'meter').peakRssMiB;
const rssLarge = meterLargest.peakRssMiB;
const ratio = (peer?.repeated as { ratioOursToPeer?: number } | undefined)?.ratioOursToPeer;
const targets = [
  {
    target: `≥ ${fmt(TARGET_PACKETS_PER_SECOND)} packets/s, reader + meter, one core (${largest.size})`,
    measured: meterLargest.packetsPerSecond,
    met: meterLargest.packetsPerSecond >= TARGET_PACKETS_PER_SECOND,
    by: round(meterLargest.packetsPerSecond / TARGET_PACKETS_PER_SECOND, 2),
  },
  {
    target: `≥ ${TARGET_PEER_RATIO}× the Python port (packets/s, same capture)`,
    measured: ratio ?? null,
    met: ratio === undefined ? null : ratio >= TARGET_PEER_RATIO,
    by: ratio === undefined ? null : round(ratio / TARGET_PEER_RATIO, 2),
  },
  {
    target: `peak RSS flat from ${smallest.size} to ${largest.size} (reader + meter, within ${FLAT_RSS_TOLERANCE * 100}%)`,
    measured: { small: rssSmall, large: rssLarge },
    met: rssLarge <= rssSmall * (1 + FLAT_RSS_TOLERANCE),
    by: round(rssLarge / rssSmall, 2),
  },
];
console.log('\ntargets:');
for (const t of targets) {
  console.log(
    `  ${t.met === null ? 'not run' : t.met ? 'met   ' : 'MISSED'}  ${t.target}: ${JSON.stringify(t.measured)} (${t.by}×)`,
  );
}

const loadAfter = loadavg();
const git = (...a: string[]) =>
  new Promise<string>((done) => {
    const child = spawn('git', ['-C', repo, ...a]);
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
    });
    child.once('close', () => done(text.trim()));
  });
const commit = await git('rev-parse', '--short', 'HEAD');
const uncommitted = (await git('status', '--porcelain', '--', 'packages/core/src/capture'))
  .split('\n')
  .filter(Boolean);
const result = {
  bench: 'capture',
  date: new Date().toISOString(),
  command: `node --import tsx bench/capture/run.ts ${process.argv.slice(2).join(' ')}`.trim(),
  code: { commit, uncommittedCaptureFiles: uncommitted },
  machine: {
    ...machineInfo(),
    loadAverage: {
      before: loadBefore.map((l) => round(l, 2)),
      after: loadAfter.map((l) => round(l, 2)),
      oneMinuteMaxDuringRun: round(Math.max(...loadSamples), 2),
    },
  },
  volume: {
    note: 'Real packets repeated for volume: every capture under the data folder, laid one after another on one timeline (gaps over 10 minutes cut to 10), round after round; every segment but the first has octets 2 and 3 of its IPv4 addresses XORed with the segment number, checksums updated, so repeated flows do not merge. Nothing else is changed.',
    sources: sourcePaths.map((p, i) => ({
      file: relative(args.data!, p),
      packets: sources[i]!.packets.length,
    })),
    realPackets,
    realBytes,
  },
  ours: {
    mode: 'cic',
    process: `one Node process per stage and size, one JavaScript thread (no workers)${pin.length ? ', pinned to CPU 0 with taskset (GC and fs threads share that core)' : ', not pinned (V8 GC and libuv threads may use the other core)'}; best of the runs`,
    pinnedToOneCpu: pin.length > 0,
    sizes: bySize,
  },
  byTraffic: {
    note: 'One real capture alone, repeated to the size (addresses varied per repetition): how the speed depends on packets per flow.',
    captures: byTraffic,
  },
  profile,
  peer: peer ?? { skipped: peerSkipped },
  targets,
};
await mkdir(dirname(args.out!), { recursive: true });
await writeFile(args.out!, `${JSON.stringify(result, null, 2)}\n`);
console.log(`wrote ${relative(repo, args.out!)}`);
