/**
 * Fixed-length Float64Array views cut from large pages, handed out zeroed and taken back when a flow
 * ends. A flow's running statistics live in one such view: no ArrayBuffer and backing store per
 * flow (a Float64Array of its own costs about twice its 384 bytes in V8's bookkeeping, and a
 * finaliser each), and the views of ended flows serve the next ones. Pages are kept once made: the
 * memory is that of the most flows open at once, which maxFlows bounds.
 */
export class SlotPool {
  private readonly length: number;
  private readonly perPage: number;
  private page: Float64Array | null = null;
  private used = 0;
  private readonly free: Float64Array[] = [];

  constructor(length: number, perPage = 4096) {
    this.length = length;
    this.perPage = perPage;
  }

  acquire(): Float64Array {
    const reused = this.free.pop();
    if (reused !== undefined) {
      reused.fill(0);
      return reused;
    }
    if (this.page === null || this.used === this.perPage) {
      this.page = new Float64Array(this.length * this.perPage);
      this.used = 0;
    }
    const at = this.used * this.length;
    this.used++;
    return this.page.subarray(at, at + this.length);
  }

  /** The view must not be read again by whoever gave it back. */
  release(view: Float64Array): void {
    this.free.push(view);
  }
}
