// Fixed-window counters in memory: enough to slow down password guessing and bulk searching from
// one address or one account. A server of several processes (enlace serve --workers N) hands
// connections to them in turn, so each process allows its share of the limit: together they allow
// about the limit, not N times it.
const processes = Math.max(1, Number(process.env.ENLACE_WORKER_COUNT ?? 1) || 1);

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  /** What this process allows in a window. */
  readonly limit: number;

  constructor(
    limit: number,
    readonly windowMs: number,
    shareOf = processes,
  ) {
    this.limit = Math.max(1, Math.ceil(limit / shareOf));
  }

  /** Counts one attempt; returns the seconds to wait when over the limit, else 0. */
  hit(key: string, now = Date.now()): number {
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      if (this.windows.size > 50_000) this.windows.clear();
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return window.count > this.limit ? Math.ceil((window.start + this.windowMs - now) / 1000) : 0;
  }
}
