// Writes that copy or add a lot for one request, limited per user and document in fixed windows
// (in memory, per process): a saved version is a full copy of the document's state, and a new
// MOD proposal inserts a whole provision from the library. Without a limit one drafter's loop
// of requests fills the store (a 2 MB document saved 1000 times is 2 GB).
import { Counter } from './auth/sign-in-limits';
import { HttpError } from './http-error';

export interface WriteLimitOptions {
  /** Versions one user may save of one document in `windowMs` (default 30). */
  versions?: number;
  /** Proposals one user may add to one document in `windowMs` (default 60). */
  proposals?: number;
  /** Default one hour. */
  windowMs?: number;
  now?: () => number;
}

export class WriteLimits {
  private readonly counter: Counter;
  private readonly max: Record<'versions' | 'proposals', number>;

  constructor(opts: WriteLimitOptions = {}) {
    this.counter = new Counter(opts.windowMs ?? 3600_000, opts.now ?? Date.now);
    this.max = { versions: opts.versions ?? 30, proposals: opts.proposals ?? 60 };
  }

  /** Counts one write of `kind` by `userId` on `documentId`; past the limit throws 429, with Retry-After set on `res`. */
  take(kind: 'versions' | 'proposals', userId: string, documentId: string, res: { set(name: string, value: string): unknown }): void {
    const key = `${kind}\u0000${userId}\u0000${documentId}`;
    if (this.counter.count(key) >= this.max[kind]) {
      res.set('Retry-After', String(this.counter.retryAfter(key)));
      throw new HttpError(429, `too many ${kind} added by you to this document: at most ${this.max[kind]} an hour`);
    }
    this.counter.add(key);
  }
}
