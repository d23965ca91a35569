import { type StatWatcher, unwatchFile, watchFile } from 'node:fs';
import { join } from 'node:path';
import { toPipelineError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { METADATA_FILE, readMetadata } from './artifact.ts';
import { ScoringModel } from './scoring-model.ts';

export interface ModelWatcherOptions {
  logger: Logger;
  /** How often model.json is checked (stat polling works on every filesystem, atomic renames included). */
  pollMs?: number;
  onSwap?: (previous: ScoringModel, next: ScoringModel) => void;
}

/**
 * Holds the model the scorer uses and swaps in a new version when the model directory changes. A
 * batch reads `current` once and is scored wholly by that model, so a swap between batches neither
 * loses nor double-scores a record; each score names the version that made it.
 */
export class ModelWatcher {
  private model: ScoringModel | null = null;
  private watcher: StatWatcher | null = null;
  private checking: Promise<void> | null = null;
  private readonly path: string;

  constructor(
    readonly dir: string,
    private readonly options: ModelWatcherOptions,
  ) {
    this.path = join(dir, METADATA_FILE);
  }

  /** Loads the model now (errors propagate: a scorer without a model must not start) and starts watching. */
  async start(): Promise<ScoringModel> {
    this.model = await ScoringModel.load(this.dir);
    this.options.logger.info({ modelVersion: this.model.version, dir: this.dir }, 'model loaded');
    this.watcher = watchFile(this.path, { interval: this.options.pollMs ?? 1000 }, () => {
      void this.checkNow();
    });
    return this.model;
  }

  current(): ScoringModel {
    if (this.model === null) throw new Error('ModelWatcher.current() before start()');
    return this.model;
  }

  /** Reloads if model.json names another version; a model that fails to load leaves the old one in place. */
  checkNow(): Promise<void> {
    this.checking ??= this.reload().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  stop(): void {
    if (this.watcher !== null) {
      unwatchFile(this.path);
      this.watcher = null;
    }
  }

  private async reload(): Promise<void> {
    const previous = this.model;
    if (previous === null) return;
    try {
      const metadata = await readMetadata(this.dir);
      if (metadata.version === previous.version) return;
      const next = await ScoringModel.load(this.dir);
      this.model = next;
      this.options.logger.info({ from: previous.version, to: next.version }, 'model swapped');
      this.options.onSwap?.(previous, next);
    } catch (error) {
      const failure = toPipelineError(error, 'MODEL_INVALID');
      this.options.logger.warn(
        { code: failure.code, err: failure.message },
        'new model not loaded; keeping the current one',
      );
    }
  }
}
