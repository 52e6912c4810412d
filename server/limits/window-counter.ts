// Counts per key in fixed windows (a window starts at a key's first count and lasts `windowMs`),
// the seam of every limit a client could multiply by spreading its requests over several servers
// (sign-ins, versions, proposals, comparisons). Two implementations: MemoryCounter here (this
// process only, the default) and RedisCounter (redis-counter.ts, shared by every server on one
// Redis when `redisUrl` is configured). The callers await them.

/** A key's count in its current window and the seconds until that window ends (0: no window). */
export interface Tally {
  count: number;
  retryAfter: number;
}

export interface WindowCounter {
  /** The tally of `key`, counting nothing. */
  peek(key: string): Promise<Tally>;
  /** Counts one for `key` (opening a window at the first); the new tally. */
  add(key: string): Promise<Tally>;
  /** Counts one for `key` unless it already counts `max`: whether it did, and the tally after. */
  take(key: string, max: number): Promise<Tally & { taken: boolean }>;
}

/** Makes the counter of one kind of limit (`name` keeps the kinds apart) with its window length. */
export type CounterFactory = (name: string, windowMs: number, now?: () => number) => WindowCounter;

/** Keys kept before expired windows are swept (and, if still too many, the oldest dropped). */
const MAX_KEYS = 100_000;

/** Counts in this process's memory, bounded to MAX_KEYS keys; synchronous underneath. */
export class MemoryCounter implements WindowCounter {
  private windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private windowMs: number, private now: () => number = Date.now) {}

  private live(key: string): { count: number; resetAt: number } | undefined {
    const window = this.windows.get(key);
    if (window && window.resetAt <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  /** The tally of `key` now (the synchronous form of peek). */
  tally(key: string): Tally {
    const window = this.live(key);
    return window ? { count: window.count, retryAfter: Math.max(1, Math.ceil((window.resetAt - this.now()) / 1000)) } : { count: 0, retryAfter: 0 };
  }

  /** Counts one for `key` (the synchronous form of add). */
  increment(key: string): Tally {
    const window = this.live(key);
    if (window) window.count++;
    else {
      if (this.windows.size >= MAX_KEYS) this.sweep();
      this.windows.set(key, { count: 1, resetAt: this.now() + this.windowMs });
    }
    return this.tally(key);
  }

  async peek(key: string): Promise<Tally> {
    return this.tally(key);
  }

  async add(key: string): Promise<Tally> {
    return this.increment(key);
  }

  async take(key: string, max: number): Promise<Tally & { taken: boolean }> {
    const before = this.tally(key);
    if (before.count >= max) return { ...before, taken: false };
    return { ...this.increment(key), taken: true };
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    for (const key of this.windows.keys()) {
      if (this.windows.size < MAX_KEYS) break;
      this.windows.delete(key);
    }
  }
}

/** The in-process counters (no Redis configured). */
export const memoryCounters: CounterFactory = (_name, windowMs, now) => new MemoryCounter(windowMs, now);
