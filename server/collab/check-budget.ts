// How much of the event loop one user's updates may take on a server, over all her documents. Every client update is
// checked by the guard (guard.ts), which costs from under a millisecond to many on a large block;
// 5000 tiny updates sent at once by one drafter held the loop for over a minute (other users'
// round trips reached 47 s). Each user gets a bucket of checking time that refills at a steady
// rate: while it is empty, her updates are not checked but refused and her connection closed (1008).
// Our own client types a keystroke in 1-5 ms of checking, far below the refill.

export interface CheckBudgetOptions {
  /** Milliseconds of checking a user may spend at once (default 5000). */
  capacityMs: number;
  /** Milliseconds of checking per second the bucket gets back (default 250: a quarter of the loop). */
  refillMsPerSecond: number;
}

export const DEFAULT_CHECK_BUDGET: CheckBudgetOptions = { capacityMs: 5000, refillMsPerSecond: 250 };

export class CheckBudget {
  private buckets = new Map<string, { ms: number; at: number }>();

  constructor(private opts: CheckBudgetOptions = DEFAULT_CHECK_BUDGET, private now: () => number = () => performance.now()) {}

  private level(key: string, now: number): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.opts.capacityMs;
    return Math.min(this.opts.capacityMs, bucket.ms + ((now - bucket.at) / 1000) * this.opts.refillMsPerSecond);
  }

  /** Whether `key` has no checking time left. */
  exhausted(key: string): boolean {
    return this.level(key, this.now()) <= 0;
  }

  /** Takes `ms` of checking from `key`'s bucket (a full bucket is forgotten). */
  spend(key: string, ms: number): void {
    const now = this.now();
    const left = this.level(key, now) - ms;
    if (left >= this.opts.capacityMs) this.buckets.delete(key);
    else this.buckets.set(key, { ms: left, at: now });
  }

  /** Runs `check` for `key`, its time taken from the bucket. */
  measure<T>(key: string, check: () => T): T {
    const start = this.now();
    try {
      return check();
    } finally {
      this.spend(key, this.now() - start);
    }
  }
}
