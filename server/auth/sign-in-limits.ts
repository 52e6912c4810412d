// Failed sign-ins, counted per account, per address and name, and per address, in fixed windows
// (server/limits: in this process, or in Redis shared by every server when one is configured).
// What each limit does:
//   - an account with `perAccount` failures in the window (from anywhere) is locked: even its
//     correct password is refused (429) until the window ends; this bounds guessing of any one account;
//   - `perName` failures from one address on one name: that name is refused from that address;
//   - `perIp` failures from one address, whatever the names: every further wrong password from it
//     is answered 429, but a correct password still signs in, so one attacker behind a shared
//     proxy cannot lock everybody else behind it out.
// Successful sign-ins do not count. The address is Express's req.ip (see trustProxy).

import { memoryCounters, type CounterFactory, type WindowCounter } from '../limits/window-counter';

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
  /** Where the failures are counted (default: in this process). */
  counters?: CounterFactory;
}

/** A refusal: the one-line reason and the seconds until the limit lifts (Retry-After). */
export interface Refusal {
  error: string;
  retryAfter: number;
}

export class SignInLimits {
  private readonly perName: number;
  private readonly perAccount: number;
  private readonly perIp: number;
  private readonly failures: WindowCounter;

  constructor(opts: SignInLimitOptions = {}) {
    this.perName = opts.perName ?? 5;
    this.perAccount = opts.perAccount ?? 20;
    this.perIp = opts.perIp ?? 50;
    this.failures = (opts.counters ?? memoryCounters)('sign-in', opts.windowMs ?? 15 * 60 * 1000, opts.now ?? Date.now);
  }

  /** Checked before the password: a locked account, or a name this address has failed on too often. */
  async before(ip: string, name: string): Promise<Refusal | null> {
    const [account, pair] = await Promise.all([
      this.failures.peek(`account|${name.toLowerCase()}`),
      this.failures.peek(`pair|${ip}|${name.toLowerCase()}`),
    ]);
    if (account.count >= this.perAccount) return { error: 'too many failed sign-ins for this account: try again later', retryAfter: account.retryAfter };
    if (pair.count >= this.perName) return { error: 'too many failed sign-ins: try again later', retryAfter: pair.retryAfter };
    return null;
  }

  /** Counts a wrong password; the refusal to answer instead of 401 when the address is past its limit. */
  async failed(ip: string, name: string): Promise<Refusal | null> {
    const [, , address] = await Promise.all([
      this.failures.add(`account|${name.toLowerCase()}`),
      this.failures.add(`pair|${ip}|${name.toLowerCase()}`),
      this.failures.add(`ip|${ip}`),
    ]);
    if (address.count > this.perIp) return { error: 'too many failed sign-ins from this address: try again later', retryAfter: address.retryAfter };
    return null;
  }
}
