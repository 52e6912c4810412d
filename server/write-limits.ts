// Requests that copy, add or compute a lot, limited per user and document in fixed windows
// (server/limits: in this process, or in Redis shared by every server when one is configured): a saved version is a full copy of the document's state, a new MOD
// proposal inserts a whole provision from the library, and a comparison of two states takes
// hundreds of milliseconds of the server's thread on a large document. Without a limit one
// member's loop of requests fills the store (a 2 MB document saved 1000 times is 2 GB) or holds
// the event loop.
import { memoryCounters, type CounterFactory, type WindowCounter } from './limits/window-counter';
import { HttpError } from './http-error';

export interface WriteLimitOptions {
  /** Versions one user may save of one document in `windowMs` (default 30). */
  versions?: number;
  /** Proposals one user may add to one document in `windowMs` (default 60). */
  proposals?: number;
  /** Comparisons one user may ask of one document in `windowMs` (default 120). */
  compares?: number;
  /** Default one hour. */
  windowMs?: number;
  now?: () => number;
}

type LimitedKind = 'versions' | 'proposals' | 'compares';

const WHAT: Record<LimitedKind, string> = {
  versions: 'too many versions saved by you',
  proposals: 'too many proposals added by you',
  compares: 'too many comparisons asked by you',
};

export class WriteLimits {
  private readonly counter: WindowCounter;
  private readonly max: Record<LimitedKind, number>;

  constructor(opts: WriteLimitOptions = {}, counters: CounterFactory = memoryCounters) {
    this.counter = counters('write', opts.windowMs ?? 3600_000, opts.now ?? Date.now);
    this.max = { versions: opts.versions ?? 30, proposals: opts.proposals ?? 60, compares: opts.compares ?? 120 };
  }

  /** Counts one request of `kind` by `userId` on `documentId`; past the limit rejects with 429, with Retry-After set on `res`. */
  async take(kind: LimitedKind, userId: string, documentId: string, res: { set(name: string, value: string): unknown }): Promise<void> {
    const tally = await this.counter.take(`${kind}\u0000${userId}\u0000${documentId}`, this.max[kind]);
    if (!tally.taken) {
      res.set('Retry-After', String(tally.retryAfter));
      throw new HttpError(429, `${WHAT[kind]} of this document: at most ${this.max[kind]} an hour; try again later`);
    }
  }
}
