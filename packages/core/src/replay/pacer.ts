import { setTimeout as delay } from 'node:timers/promises';
import { PipelineError } from '../errors.ts';

/** How fast a replay runs: following the capture's own clock (optionally sped up), or as fast as possible. */
export type ReplaySpeed = { mode: 'realtime'; factor: number } | { mode: 'max' };

export function parseSpeed(text: string): ReplaySpeed {
  if (text === 'max') return { mode: 'max' };
  if (text === 'realtime') return { mode: 'realtime', factor: 1 };
  const match = /^(\d+(?:\.\d+)?)x$/.exec(text);
  if (match && Number(match[1]) > 0) return { mode: 'realtime', factor: Number(match[1]) };
  throw new PipelineError(
    'CONFIG_INVALID',
    `speed must be realtime, <N>x (e.g. 10x) or max; got ${JSON.stringify(text)}`,
  );
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => delay(ms),
};

/** Sleeping for less than this costs more in timer overhead than it buys in accuracy. */
const MIN_SLEEP_MS = 4;

/**
 * Paces a replay. Real-time mode keeps the wall-clock gap between two flows equal to the gap between
 * their timestamps (divided by the speed factor); a rate limit caps flows per second. Both can apply
 * at once and the later deadline wins. Day files are not strictly sorted by time: a timestamp earlier
 * than one already replayed does not wait, so the replay never runs backwards.
 */
export class Pacer {
  private readonly clock: Clock;
  private startedAt = Number.NaN;
  private firstFlowTime = Number.NaN;
  private latestFlowTime = Number.NaN;
  private emitted = 0;
  private outOfOrder = 0;

  constructor(
    private readonly speed: ReplaySpeed,
    private readonly ratePerSecond: number | null = null,
    clock: Clock = systemClock,
  ) {
    if (ratePerSecond !== null && !(ratePerSecond > 0)) {
      throw new PipelineError(
        'CONFIG_INVALID',
        `rate must be a positive number of flows/s; got ${ratePerSecond}`,
      );
    }
    this.clock = clock;
  }

  /** Flows whose timestamp was earlier than one already replayed (sent without waiting). */
  get outOfOrderCount(): number {
    return this.outOfOrder;
  }

  /** Waits until the next flow, stamped `flowTime` (epoch ms, or null when the file has no time), is due. */
  async pace(flowTime: number | null): Promise<void> {
    const wait = this.next(flowTime);
    if (wait > 0) await this.clock.sleep(wait);
  }

  /**
   * Books the next flow and returns how long to wait before sending it (0 when it is due now), so a
   * caller that batches can flush what it holds before it sleeps.
   */
  next(flowTime: number | null): number {
    const now = this.clock.now();
    if (Number.isNaN(this.startedAt)) this.startedAt = now;
    let due = now;
    if (this.speed.mode === 'realtime' && flowTime !== null) {
      if (Number.isNaN(this.firstFlowTime)) {
        this.firstFlowTime = flowTime;
        this.latestFlowTime = flowTime;
      }
      if (flowTime < this.latestFlowTime) this.outOfOrder += 1;
      else this.latestFlowTime = flowTime;
      due = Math.max(due, this.startedAt + (this.latestFlowTime - this.firstFlowTime) / this.speed.factor);
    }
    if (this.ratePerSecond !== null) {
      due = Math.max(due, this.startedAt + (this.emitted * 1000) / this.ratePerSecond);
    }
    this.emitted += 1;
    const wait = due - now;
    return wait >= MIN_SLEEP_MS ? wait : 0;
  }

  sleep(ms: number): Promise<void> {
    return this.clock.sleep(ms);
  }
}
