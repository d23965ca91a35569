import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlowRecord } from '@netattack/core/flow';
import type { FlowScore } from '@netattack/core/topology';
import { REPO_ROOT } from '../../fixtures/paths.ts';
import { startNode } from '../../support/run-process.ts';
import { SAMPLE, type TestDeployment } from '../deployment-harness.ts';

/** Where every fault test writes its figures; docs/reliability.md is filled from the last run. */
export const FIGURES_DIR = join(REPO_ROOT, 'out/fault-figures');

export interface FaultFigures {
  test: string;
  /** Distinct records the producer got onto flows.raw: the rows every count is held against. */
  rows: number;
  scoredDistinct: number;
  lost: number;
  duplicates: number;
  /** Milliseconds from the fault to the pipeline working again (see `recovery` for what is timed). */
  recoveryMs: number;
  recovery: string;
  [more: string]: unknown;
}

/** Prints the figures as one JSON line (FAULT_FIGURES {...}) and writes them to out/fault-figures/. */
export function recordFigures(figures: FaultFigures): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  const stamped = { ...figures, at: new Date().toISOString() };
  writeFileSync(join(FIGURES_DIR, `${figures.test}.json`), `${JSON.stringify(stamped, null, 2)}\n`);
  process.stdout.write(`FAULT_FIGURES ${JSON.stringify(stamped)}\n`);
}

/**
 * At least `rows` real rows with record ids of their own: the sample's 15,471 rows are copied under
 * new file names (copy1-..., copy2-...), since a record id is the file name and line, and a replay of
 * the same files again (REPLAY_LOOP) would repeat ids and hide lost records behind duplicates.
 */
export function volumeData(rows: number): { dir: string; rows: number } {
  const dir = mkdtempSync(join(tmpdir(), 'netattack-volume-'));
  const files = readdirSync(SAMPLE).filter((name) => name.endsWith('.csv'));
  const perCopy = 15_471;
  const copies = Math.ceil(rows / perCopy);
  for (let copy = 1; copy <= copies; copy++) {
    for (const file of files) copyFileSync(join(SAMPLE, file), join(dir, `copy${copy}-${file}`));
  }
  return { dir, rows: copies * perCopy };
}

/** Distinct ids on flows.raw and flows.scores, and the duplicates among the scores. */
export async function countRecords(pipeline: TestDeployment) {
  const raw = await pipeline.read<FlowRecord>(pipeline.connection.topics.raw);
  const scores = await pipeline.read<FlowScore>(pipeline.connection.topics.scores);
  const rawIds = new Set(raw.map((r) => r.recordId));
  const scoredIds = new Set(scores.map((s) => s.recordId));
  let lost = 0;
  for (const id of rawIds) if (!scoredIds.has(id)) lost++;
  return {
    rows: rawIds.size,
    rawDuplicates: raw.length - rawIds.size,
    scoredDistinct: scoredIds.size,
    lost,
    duplicates: scores.length - scoredIds.size,
  };
}

/** GET /health/ready of a service: its status and what it says it waits for. */
export async function readiness(port: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export interface CliRun {
  readonly exited: Promise<{ code: number; stdout: string; stderr: string; ms: number }>;
  stderr(): string;
  kill(): void;
}

/** Runs `netattack <args>` as its own process (the way a user does), collecting its output. */
export function runCli(args: string[], env: Record<string, string>): CliRun {
  const began = Date.now();
  const run = startNode(['--import', 'tsx', 'packages/cli/src/main.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
  });
  const exited = run.result.then(({ status, stdout, stderr }) => ({
    code: status ?? 128,
    stdout,
    stderr,
    ms: Date.now() - began,
  }));
  return { exited, stderr: run.stderr, kill: () => run.child.kill('SIGKILL') };
}
