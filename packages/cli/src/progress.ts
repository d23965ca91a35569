import cliProgress from 'cli-progress';

/**
 * One progress bar on stderr at a time, re-labelled as work moves from stage to stage. Off a terminal
 * (CI, pipes) it prints a line every few seconds instead of redrawing.
 */
export class StageProgress {
  private bar: cliProgress.SingleBar | null = null;
  private stage = '';

  constructor(private readonly enabled = true) {}

  update(stage: string, done: number, total: number): void {
    if (!this.enabled) return;
    if (stage !== this.stage || this.bar === null) {
      this.stop();
      this.stage = stage;
      this.bar = new cliProgress.SingleBar(
        {
          format:
            total > 0
              ? `${stage.padEnd(38).slice(0, 38)} [{bar}] {value}/{total} {eta_formatted}`
              : `${stage.padEnd(38).slice(0, 38)} {value}`,
          stream: process.stderr,
          noTTYOutput: true,
          notTTYSchedule: 5000,
          hideCursor: true,
          etaBuffer: 20,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(Math.max(total, 1), 0);
    }
    if (total > 0) this.bar.setTotal(total);
    this.bar.update(done);
  }

  /** A line between bars, e.g. "random stratified split". */
  note(message: string): void {
    this.stop();
    process.stderr.write(`${message}\n`);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
    this.stage = '';
  }
}
