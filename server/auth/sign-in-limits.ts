// Failed sign-ins, counted per account, per address and name, and per address, in fixed windows
// (in memory, per process). What each limit does:
//   - an account with `perAccount` failures in the window (from anywhere) is locked: even its
//     correct password is refused (429) until the window ends; this bounds guessing of any one account;
//   - `perName` failures from one address on one name: that name is refused from that address;
//   - `perIp` failures from one address, whatever the names: every further wrong password from it
//     is answered 429, but a correct password still signs in, so one attacker behind a shared
//     proxy cannot lock everybody else behind it out.
// Successful sign-ins do not count. The address is Express's req.ip (see trustProxy).

export interface SignInLimitOptions {
  /** Failures per address and name in `windowMs` (default 5). */
  perName?: number;
  /** Failures per account from all addresses in `windowMs` before it is locked (default 20). */
  perAccount?: number;
  /** Failures per address whatever the names in `windowMs` (default 50). */
  perIp?: number;
  /** Default 15 minutes. */
  windowMs?: number;
  now?: () => number;
}

/** A refusal: the one-line reason and the seconds until the limit lifts (Retry-After). */
export interface Refusal {
  error: string;
  retryAfter: number;
}

/** Keys kept before expired windows are swept (and, if still too many, the oldest dropped). */
const MAX_KEYS = 100_000;

/** Counts per key in fixed windows (in memory, bounded to MAX_KEYS keys). */
export class Counter {
  private windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private windowMs: number, private now: () => number) {}

  private live(key: string): { count: number; resetAt: number } | undefined {
    const window = this.windows.get(key);
    if (window && window.resetAt <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  count(key: string): number {
    return this.live(key)?.count ?? 0;
  }

  /** Seconds until the window of `key` ends. */
  retryAfter(key: string): number {
    const window = this.live(key);
    return window ? Math.max(1, Math.ceil((window.resetAt - this.now()) / 1000)) : 0;
  }

  add(key: string): number {
    const window = this.live(key);
    if (window) return ++window.count;
    if (this.windows.size >= MAX_KEYS) this.sweep();
    this.windows.set(key, { count: 1, resetAt: this.now() + this.windowMs });
    return 1;
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

export class SignInLimits {
  private readonly perName: number;
  private readonly perAccount: number;
  private readonly perIp: number;
  private readonly failures: Counter;

  constructor(opts: SignInLimitOptions = {}) {
    this.perName = opts.perName ?? 5;
    this.perAccount = opts.perAccount ?? 20;
    this.perIp = opts.perIp ?? 50;
    this.failures = new Counter(opts.windowMs ?? 15 * 60 * 1000, opts.now ?? Date.now);
  }

  /** Checked before the password: a locked account, or a name this address has failed on too often. */
  before(ip: string, name: string): Refusal | null {
    const account = `account|${name.toLowerCase()}`;
    if (this.failures.count(account) >= this.perAccount) {
      return { error: 'too many failed sign-ins for this account: try again later', retryAfter: this.failures.retryAfter(account) };
    }
    const pair = `pair|${ip}|${name.toLowerCase()}`;
    if (this.failures.count(pair) >= this.perName) return { error: 'too many failed sign-ins: try again later', retryAfter: this.failures.retryAfter(pair) };
    return null;
  }

  /** Counts a wrong password; the refusal to answer instead of 401 when the address is past its limit. */
  failed(ip: string, name: string): Refusal | null {
    this.failures.add(`account|${name.toLowerCase()}`);
    this.failures.add(`pair|${ip}|${name.toLowerCase()}`);
    const address = `ip|${ip}`;
    if (this.failures.add(address) > this.perIp) {
      return { error: 'too many failed sign-ins from this address: try again later', retryAfter: this.failures.retryAfter(address) };
    }
    return null;
  }
}
