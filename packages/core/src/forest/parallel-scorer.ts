/**
 * Scores a batch on every core: the calling thread scores one share of the rows itself while worker threads
 * score the others from a shared copy. Same numbers as FlatForest.scoreBatch, row for row (each row's votes
 * are counted by one thread, in tree order).
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { PipelineError, toPipelineError } from '../errors.ts';
import { FlatForest } from './flat-forest.ts';
import type { ScoreRequest, ScoreWorkerData } from './score-worker.ts';
import { startTsWorker } from './start-ts-worker.ts';

export interface ParallelScorerOptions {
  /** Threads in all, the calling one included. Default os.availableParallelism(). */
  threads?: number;
  codegen?: boolean;
  nFeatures?: number;
  /** Rows the workers can hold per round; larger batches go in several rounds. Default 65,536. */
  capacityRows?: number;
}

/** Below this many rows per thread, waking workers costs more than it saves. */
const MIN_ROWS_PER_THREAD = 512;

interface Pending {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class ParallelForestScorer {
  private readonly pending: Array<Pending | null>;
  private queue: Promise<unknown> = Promise.resolve();
  private failure: PipelineError | null = null;

  private constructor(
    /** The calling thread's own compiled forest (also usable directly, e.g. for contributions). */
    readonly forest: FlatForest,
    private readonly workers: Worker[],
    private readonly input: Float64Array,
    private readonly output: Float64Array,
    private readonly capacityRows: number,
  ) {
    this.pending = workers.map(() => null);
    workers.forEach((worker, i) => {
      worker.on('message', () => this.settle(i, null));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`forest scoring worker exited with code ${code}`));
      });
    });
  }

  /** Compiles the model on this thread and on threads - 1 workers; resolves when every worker is ready. */
  static async start(model: unknown, options: ParallelScorerOptions = {}): Promise<ParallelForestScorer> {
    const codegen = options.codegen ?? true;
    const forest = FlatForest.fromModel(model, { codegen, nFeatures: options.nFeatures });
    const threads = options.threads ?? availableParallelism();
    if (!(Number.isInteger(threads) && threads >= 1)) {
      throw new PipelineError('CONFIG_INVALID', `threads must be a positive integer, got ${threads}`);
    }
    const capacityRows = options.capacityRows ?? 65_536;
    const input = new Float64Array(new SharedArrayBuffer(capacityRows * forest.nFeatures * 8));
    const output = new Float64Array(new SharedArrayBuffer(capacityRows * 8));
    const data: ScoreWorkerData = { flat: forest.flat, codegen, input, output };
    const workers = Array.from({ length: threads - 1 }, () =>
      startTsWorker(
        new URL('./score-worker.ts', import.meta.url),
        data as unknown as Record<string, unknown>,
      ),
    );
    try {
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve, reject) => {
              worker.once('message', () => resolve());
              worker.once('error', reject);
            }),
        ),
      );
    } catch (error) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw toPipelineError(error);
    }
    return new ParallelForestScorer(forest, workers, input, output, capacityRows);
  }

  get threads(): number {
    return this.workers.length + 1;
  }

  /** Same contract as FlatForest.scoreBatch; calls are queued, so concurrent callers never share buffers. */
  scoreBatch(
    values: Float64Array,
    nRows: number,
    positiveClass: number,
    out: Float64Array,
  ): Promise<Float64Array> {
    try {
      this.forest.assertBatch(values, nRows, out.length);
      this.forest.assertClass(positiveClass);
    } catch (error) {
      return Promise.reject(error);
    }
    const run = this.queue.then(() => this.scoreAll(values, nRows, positiveClass, out));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    this.failure ??= new PipelineError('STAGE_FAILED', 'parallel scorer is closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private async scoreAll(
    values: Float64Array,
    nRows: number,
    pc: number,
    out: Float64Array,
  ): Promise<Float64Array> {
    const nF = this.forest.nFeatures;
    // Per round the workers' shares fill at most the shared buffers; this thread's share comes on top.
    const perRound = Math.floor((this.capacityRows * this.threads) / Math.max(1, this.workers.length));
    for (let start = 0; start < nRows; ) {
      if (this.failure) throw this.failure;
      const rows = Math.min(nRows - start, perRound);
      const helpers = Math.min(this.workers.length, Math.floor(rows / MIN_ROWS_PER_THREAD) - 1);
      if (helpers <= 0) {
        this.forest.scoreRange(values, start, start + rows, pc, out);
        start += rows;
        continue;
      }
      // Workers take the first shares (copied to shared memory), this thread the last, read in place.
      const share = Math.min(Math.ceil(rows / (helpers + 1)), Math.floor(this.capacityRows / helpers));
      const workerRows = share * helpers;
      this.input.set(values.subarray(start * nF, (start + workerRows) * nF));
      const done = Array.from({ length: helpers }, (_, i) =>
        this.send(i, { start: i * share, end: (i + 1) * share, positiveClass: pc }),
      );
      this.forest.scoreRange(values, start + workerRows, start + rows, pc, out);
      await Promise.all(done);
      out.set(this.output.subarray(0, workerRows), start);
      start += rows;
    }
    return out;
  }

  private send(i: number, request: ScoreRequest): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending[i] = { resolve, reject };
      this.workers[i]!.postMessage(request);
    });
  }

  private settle(i: number, error: unknown): void {
    const p = this.pending[i];
    this.pending[i] = null;
    if (!p) return;
    if (error === null) p.resolve();
    else p.reject(error);
  }

  private fail(error: unknown): void {
    if (this.failure === null) this.failure = toPipelineError(error, 'STAGE_FAILED');
    for (let i = 0; i < this.pending.length; i++) this.settle(i, this.failure);
  }
}
