/**
 * Fuzzing the capture reader and the flow meter behind it with seeded mutations of the real fixture
 * captures (capture-mutations.ts). Every case must end without an exception, except the
 * not-a-capture CAPTURE_FORMAT error when the mutation reached the file header; every packet read
 * must be decoded or counted under a skip reason; a file cut inside a record must end early, at that
 * record, keeping exactly the packets before it.
 *
 * The cases run in a worker thread so that a case that never ends (a reader loop that consumes no
 * bytes) is caught: node:test cannot interrupt synchronous code, the watchdog here can terminate the
 * worker. Case i draws from SeededRng(SEED).derive(i), so a failure names a case that replays alone.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createFlowMeter } from '../../../packages/core/src/capture/meter/index.ts';
import { CaptureReader } from '../../../packages/core/src/capture/pcap/index.ts';
import { isPipelineError } from '../../../packages/core/src/errors.ts';
import { SeededRng } from '../../../packages/core/src/random/seeded-rng.ts';
import { fixture } from '../../fixtures/paths.ts';
import {
  encodePcap,
  encodePcapng,
  microsOf,
  type PacketSnapshot,
  readRawPcap,
  snapshot,
  toSll2,
} from './pcap/capture-encoding.ts';
import { type CaptureLayout, layoutOf, mutate, unitCutBy } from './pcap/capture-mutations.ts';

const SEED = 0x5eed_cafe;
const CASES = Number(process.env.NETATTACK_FUZZ_CASES ?? 5000);
/** A case slower than this is a failure: the slowest real one takes a few milliseconds. */
const CASE_DEADLINE_MS = 2000;
/** No word from the worker for this long: a case is stuck. */
const WATCHDOG_MS = 10_000;

interface Base {
  name: string;
  bytes: Buffer;
  layout: CaptureLayout;
  /** Every packet the intact file decodes to. */
  decoded: PacketSnapshot[];
  /** Per unit: packets decoded and packet records read before it. */
  decodedBefore: number[];
  packetsBefore: number[];
}

interface CaseReport {
  index: number;
  problems: string[];
  elapsedMs: number;
  thrown: boolean;
  endedEarly: boolean;
  skipped: string[];
  decoded: number;
}

type WorkerMessage =
  | { kind: 'start'; index: number; base: string; steps: string[] }
  | ({ kind: 'done' } & CaseReport)
  | { kind: 'finished' };

// ---- the worker: builds the bases, runs the cases, reports each ----

function loadBases(): Base[] {
  const files = [
    'sample.pcap',
    'WebattackSQLinj.pcap',
    'nmap-vsn.pcap',
    'dos_win98_smb_netbeui.pcap',
    'loopback-sll2.pcap',
    'WebattackSQLinj.rawip.pcap',
    'tcp_handshake.pcapng',
    'http_dvwa_sqlinjection.pcapng',
    'activeosfingerprinting.pcapng',
    'sessionhijacking.pcapng',
    'two-links.pcapng',
    'sample.nsec.pcapng',
  ].map((name): { name: string; bytes: Buffer } => ({ name, bytes: readFileSync(fixture(`pcap/${name}`)) }));
  // Big-endian files: the fixtures are all little-endian.
  const sample = readRawPcap('sample.pcap');
  files.push({ name: 'sample.be.pcap', bytes: encodePcap(sample.records, { linkType: 1, bigEndian: true }) });
  files.push({
    name: 'sample.be.pcapng',
    bytes: encodePcapng([
      {
        bigEndian: true,
        interfaces: [{ linkType: 1 }, { linkType: 276, tsresol: 9 }],
        blocks: sample.records.flatMap((r, i) => [
          {
            kind: 'epb' as const,
            iface: 0,
            units: BigInt(microsOf(r)),
            data: r.data,
            wireLength: r.wireLength,
          },
          i % 3 === 0
            ? { kind: 'spb' as const, data: r.data, wireLength: r.wireLength }
            : {
                kind: 'epb' as const,
                iface: 1,
                units: BigInt(microsOf(r)) * 1000n,
                data: toSll2(r.data),
                wireLength: r.wireLength + 6,
              },
        ]),
      },
    ]),
  });
  files.push({ name: 'test_copy.pcap', bytes: readFileSync(fixture('pcap/test_copy.pcap')) });
  return files.map(({ name, bytes }) => {
    const layout = layoutOf(bytes);
    const decoded: PacketSnapshot[] = [];
    const reader = new CaptureReader(name, (p) => decoded.push(snapshot(p)));
    const decodedBefore: number[] = [];
    const packetsBefore: number[] = [];
    let packets = 0;
    reader.push(bytes.subarray(0, layout.headerBytes));
    for (const unit of layout.units) {
      decodedBefore.push(decoded.length);
      packetsBefore.push(packets);
      reader.push(bytes.subarray(unit.offset, unit.offset + unit.length));
      if (unit.isPacket) packets++;
    }
    reader.end();
    return { name, bytes, layout, decoded, decodedBefore, packetsBefore };
  });
}

function runCase(base: Base, index: number, rng: SeededRng, post: (m: WorkerMessage) => void): CaseReport {
  const pureCut = rng.nextInt(4) === 0;
  const mutated = pureCut
    ? (() => {
        const cutAt = 1 + rng.nextInt(base.bytes.length - 1);
        return {
          bytes: base.bytes.subarray(0, cutAt),
          steps: [`cut at ${cutAt} only`],
          touchedHeader: cutAt < base.layout.headerBytes,
          cutAt,
        };
      })()
    : mutate(base.bytes, base.layout, rng, 1 + rng.nextInt(3));
  post({ kind: 'start', index, base: base.name, steps: mutated.steps });

  const problems: string[] = [];
  const delivered: PacketSnapshot[] = [];
  const warnings: string[] = [];
  let handed = 0;
  const meter = createFlowMeter({
    mode: index % 2 === 0 ? 'cic' : 'fixed',
    sourceName: 'fuzz',
    label: null,
    onFlow: () => {},
  });
  const reader = new CaptureReader(
    base.name,
    (packet) => {
      handed++;
      meter.add(packet);
      if (pureCut) delivered.push(snapshot(packet));
    },
    { onWarning: (m) => warnings.push(m) },
  );
  const chunking = rng.nextInt(10);
  const started = performance.now();
  let thrown = false;
  let stats: ReturnType<CaptureReader['end']> | null = null;
  try {
    const bytes = mutated.bytes;
    if (chunking < 3) {
      reader.push(bytes);
    } else if (chunking === 9 && bytes.length < 40_000) {
      for (let at = 0; at < bytes.length; at++) reader.push(bytes.subarray(at, at + 1));
    } else {
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + rng.nextInt(rng.nextInt(2) === 0 ? 64 : 8192);
        reader.push(bytes.subarray(at, at + size));
        at += size;
      }
    }
    stats = reader.end();
    meter.flush();
  } catch (error) {
    thrown = true;
    const formatError =
      isPipelineError(error) &&
      error.code === 'CAPTURE_FORMAT' &&
      error.message.startsWith(`${base.name}: not a pcap or pcapng capture: `);
    if (!formatError) problems.push(`threw ${(error as Error)?.stack ?? String(error)}`);
    else if (!mutated.touchedHeader)
      problems.push(`CAPTURE_FORMAT though the header was intact: ${(error as Error).message}`);
  }
  const elapsedMs = performance.now() - started;

  if (stats !== null) {
    const skippedTotal = Object.values(stats.skipped).reduce((sum, n) => sum + (n ?? 0), 0);
    if (stats.decoded + skippedTotal !== stats.packets) {
      problems.push(`decoded ${stats.decoded} + skipped ${skippedTotal} != packets ${stats.packets}`);
    }
    if (stats.decoded !== handed) problems.push(`decoded ${stats.decoded} but ${handed} packets handed over`);
    if (meter.stats().packets !== handed)
      problems.push(`the meter saw ${meter.stats().packets} of ${handed} packets`);
    if (stats.endedEarly !== null) {
      if (!warnings.some((w) => w.includes(stats!.endedEarly!.reason)))
        problems.push('ended early without a warning');
      if (stats.endedEarly.offset > mutated.bytes.length)
        problems.push(`endedEarly offset ${stats.endedEarly.offset} beyond the file`);
    }
  }
  if (pureCut && mutated.cutAt !== null) {
    if (mutated.touchedHeader) {
      if (!thrown) problems.push('a file cut inside its header was read');
    } else if (stats !== null) {
      const unit = unitCutBy(base.layout, mutated.cutAt);
      const boundary =
        unit === null
          ? base.layout.units.findIndex((u) => u.offset === mutated.cutAt)
          : base.layout.units.indexOf(unit);
      const before = boundary < 0 ? base.decoded.length : base.decodedBefore[boundary]!;
      if (unit !== null) {
        if (stats.endedEarly?.offset !== unit.offset) {
          problems.push(
            `cut inside the unit at ${unit.offset}, ended early at ${JSON.stringify(stats.endedEarly)}`,
          );
        }
        // A pcapng block cut in its first 4 bytes does not say its type, so it cannot count as a packet.
        const known = base.layout.format === 'pcap' || mutated.cutAt - unit.offset >= 4;
        const packets = base.packetsBefore[boundary]! + (unit.isPacket && known ? 1 : 0);
        if (stats.packets !== packets) problems.push(`read ${stats.packets} packets, expected ${packets}`);
      } else if (stats.endedEarly !== null) {
        problems.push(`cut on a unit boundary, but ended early: ${stats.endedEarly.reason}`);
      }
      try {
        assert.deepEqual(delivered, base.decoded.slice(0, before));
      } catch {
        problems.push(
          `the ${delivered.length} packets before the cut differ from the intact file's first ${before}`,
        );
      }
    }
  }
  return {
    index,
    problems,
    elapsedMs,
    thrown,
    endedEarly: stats?.endedEarly != null,
    skipped: stats === null ? [] : Object.keys(stats.skipped),
    decoded: stats?.decoded ?? 0,
  };
}

function runWorker(first: number, count: number): void {
  const post = (m: WorkerMessage) => parentPort!.postMessage(m);
  const bases = loadBases();
  const big = bases.length - 1; // test_copy.pcap: 2.7 MB, so one case in 50
  for (let index = first; index < first + count; index++) {
    const rng = new SeededRng(SEED).derive(index);
    const base = index % 50 === 49 ? bases[big]! : bases[index % big]!;
    post({ kind: 'done', ...runCase(base, index, rng, post) });
  }
  post({ kind: 'finished' });
}

// ---- the test: starts the worker and watches it ----

interface FuzzOutcome {
  reports: CaseReport[];
  stuck: string | null;
}

function fuzzInWorker(first: number, count: number): Promise<FuzzOutcome> {
  const tsx = import.meta.resolve('tsx/esm/api');
  // Workers do not inherit the --import tsx hooks: this bootstrap registers them, then loads this file.
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { first, count } });
  const reports: CaseReport[] = [];
  let current = '(before the first case)';
  return new Promise((resolve, reject) => {
    let watchdog: NodeJS.Timeout;
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        void worker.terminate();
        resolve({ reports, stuck: current });
      }, WATCHDOG_MS);
    };
    arm();
    worker.on('message', (m: WorkerMessage) => {
      arm();
      if (m.kind === 'start') current = `case ${m.index} on ${m.base}: ${m.steps.join('; ')}`;
      else if (m.kind === 'done') reports.push(m);
      else {
        clearTimeout(watchdog);
        void worker.terminate();
        resolve({ reports, stuck: null });
      }
    });
    worker.on('error', (error) => {
      clearTimeout(watchdog);
      reject(new Error(`fuzz worker failed during ${current}`, { cause: error }));
    });
  });
}

if (!isMainThread) {
  const { first, count } = workerData as { first: number; count: number };
  runWorker(first, count);
} else {
  describe('capture reader and flow meter under fuzzing', () => {
    it(`${CASES} seeded mutations of the real captures: no stray exception, every packet counted, every case ends`, async () => {
      const started = performance.now();
      const { reports, stuck } = await fuzzInWorker(0, CASES);
      assert.equal(stuck, null, `no progress for ${WATCHDOG_MS} ms in ${stuck}`);
      assert.equal(reports.length, CASES);
      const failures = reports
        .filter((r) => r.problems.length > 0)
        .map((r) => `case ${r.index}: ${r.problems.join('; ')}`);
      assert.deepEqual(failures, []);
      const slowest = reports.reduce((a, b) => (b.elapsedMs > a.elapsedMs ? b : a));
      assert.ok(
        slowest.elapsedMs < CASE_DEADLINE_MS,
        `case ${slowest.index} took ${slowest.elapsedMs.toFixed(0)} ms`,
      );
      // The mutations reached what they aim at: early ends, refused headers, every kind of skip.
      const seen = new Set(reports.flatMap((r) => r.skipped));
      for (const reason of [
        'truncated-record',
        'corrupt-block',
        'truncated-header',
        'not-ip',
        'bad-ip-header',
        'unsupported-link-type',
      ]) {
        assert.ok(seen.has(reason), `no case was skipped as ${reason}`);
      }
      assert.ok(reports.filter((r) => r.endedEarly).length > CASES / 4);
      assert.ok(reports.filter((r) => r.thrown).length > 0);
      assert.ok(reports.reduce((sum, r) => sum + r.decoded, 0) > CASES * 10);
      process.stderr.write(
        `[fuzz] ${CASES} cases in ${((performance.now() - started) / 1000).toFixed(1)} s; slowest ${slowest.elapsedMs.toFixed(1)} ms; ` +
          `ended early ${reports.filter((r) => r.endedEarly).length}, refused ${reports.filter((r) => r.thrown).length}; skips seen: ${[...seen].sort().join(', ')}\n`,
      );
    });
  });
}
