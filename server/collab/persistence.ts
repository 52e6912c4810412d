// A room's persistence chain: every update to the room's doc is appended to the store and only
// then published on the broker, in order, through one serial chain. Updates that arrive together
// (one socket read) are stored in one transaction, then fanned out one by one (`queue`). The short
// way of typing (`storeFirst`) stores a typed update, publishes it and only then applies it, in the
// turn that read it. Compaction waits until the room has been quiet for a while once the log
// crossed its threshold, not in the middle of someone's typing, unless the log grew to several
// times the threshold or the room logged many bytes (large pastes); it runs once the socket read
// that set it off is handled, never inside it (compactSoon). When the store refuses an update the chain fails: nothing
// more is stored or published, and the room is dropped unstored (its owner's `onFailure`), so no
// one receives the update and the clients re-send it when they reconnect.
import type * as Y from 'yjs';
import type { Store } from '../store/store';
import type { Broker } from './broker';
import { CompactionState } from './compaction';

/** The store refused an update (it is down): the provider reconnects and re-sends (Try Again Later). */
export const CLOSE_TRY_AGAIN = 1013;

/** The longest delay setTimeout takes. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A log this many times the threshold is compacted without waiting for a quiet time. */
export const COMPACT_ANYWAY_FACTOR = 4;
/**
 * Nor does a log this room appended this many bytes to since its last compaction (the default of
 * `compactBytes`): the count alone lets a few large updates (pastes, imports, up to the 16 MiB of
 * a message each) pile up to gigabytes, which every load of the document would read back.
 */
export const COMPACT_ANYWAY_BYTES = 16 * 1024 * 1024;

export interface PersistenceOptions {
  /** The document's id in the store. */
  id: string;
  /** The document's topic on the broker. */
  topic: string;
  store: Store;
  broker: Broker;
  log: (line: string) => void;
  /** Compact the update log once this many updates are pending... */
  compactEvery: number;
  /** ...and no update came for this long (ms); 0: at once, once the socket read being handled is. */
  compactIdleMs: number;
  /** Compact at once (once the socket read being handled is), quiet or not, once this room appended this many bytes since its last compaction (default COMPACT_ANYWAY_BYTES). */
  compactBytes?: number;
  /** Called once when the store refused an update (or the doc lost step with it). */
  onFailure: () => void;
}

export class Persistence {
  /** The store refused an update: nothing more is stored or published; the room is being dropped. */
  failed = false;
  /** The room is closing (close()): no compaction is scheduled any more. */
  private closed = false;
  /** What compactions write (compaction.ts). */
  readonly compaction: CompactionState;
  private chain: Promise<void> = Promise.resolve();
  /** Tasks in the chain not yet finished. */
  private chained = 0;
  /** Updates applied to the doc and not yet stored, with the connection each came from. */
  private unstored: { update: Uint8Array; senderId: number | null }[] = [];
  /** An update took the short way in this turn of the event loop (storeFirst). */
  private shortTurn = false;
  /** A compaction is scheduled or running. */
  private compacting = false;
  /** performance.now() of the last update queued or stored the short way. */
  private lastUpdateAt = 0;
  /** Waits for a quiet time to compact (compactIfDue). */
  private quietTimer: NodeJS.Timeout | null = null;
  /** Bytes this room appended since its last compaction began (another server's appends are not counted). */
  private loggedBytes = 0;

  constructor(doc: Y.Doc, private opts: PersistenceOptions) {
    this.compaction = new CompactionState(doc);
  }

  /** Stores `update` (applied to the doc already) after everything before it, then publishes it. */
  queue(update: Uint8Array, senderId: number | null): void {
    if (this.failed) return;
    this.lastUpdateAt = performance.now();
    this.unstored.push({ update, senderId });
    if (this.unstored.length === 1) this.enqueue(() => this.storeAndPublish());
  }

  /**
   * The short way of typing (the update path's latency): an update that `apply` will add to the
   * doc is stored, published, and then applied, all now, when the store appends at once (SQLite)
   * and nothing waits in the chain before it. It is stored before anyone receives it, as on the
   * long way; what `apply` sets off (the room's listeners: attribution, direct edits, versions)
   * runs after the send instead of before it. Only the first update of a turn goes this way: the
   * rest of a burst read at once is stored in one transaction (queue). Returns false when it
   * cannot be taken (nothing done); a store that refuses fails the chain as on the long way.
   */
  storeFirst(update: Uint8Array, senderId: number, apply: () => void): boolean {
    const { store } = this.opts;
    if (!store.appendNow || this.shortTurn || this.failed || this.chained > 0 || this.unstored.length > 0) return false;
    let pending: number | null;
    try {
      pending = store.appendNow(this.opts.id, update);
    } catch (err) {
      this.fail(1, err as Error);
      return true;
    }
    if (pending === null) return false;
    this.lastUpdateAt = performance.now();
    this.shortTurn = true;
    queueMicrotask(() => { this.shortTurn = false; });
    this.opts.broker.publishUpdate(this.opts.topic, update, senderId);
    this.compaction.appended([update]);
    this.loggedBytes += update.length;
    try {
      apply();
    } catch (err) {
      // stored and sent, yet not in the doc (the guard's judge rules this out): reloaded from the store
      this.fail(0, err as Error);
      return true;
    }
    this.compactIfDue(pending);
    return true;
  }

  /** Resolves when every update so far is stored and published. */
  flush(): Promise<void> {
    return this.enqueue(async () => {});
  }

  /** The store refused `count` updates (or the doc lost step with it): nothing more here. */
  private fail(count: number, err: Error): void {
    this.failed = true;
    const { id, log } = this.opts;
    log(count > 0
      ? `collab ${id}: the store refused ${count} update(s), not broadcast; closing the room's connections (${CLOSE_TRY_AGAIN}) to reload it: ${err.message}`
      : `collab ${id}: a stored update could not be applied; closing the room's connections (${CLOSE_TRY_AGAIN}) to reload it: ${err.message}`);
    this.opts.onFailure();
  }

  /** Stores the waiting updates in one transaction, then publishes them in order. */
  private async storeAndPublish(): Promise<void> {
    if (this.failed) return;
    const batch = this.unstored;
    this.unstored = [];
    let pending: number;
    try {
      pending = await this.opts.store.appendUpdates(this.opts.id, batch.map((u) => u.update));
    } catch (err) {
      this.fail(batch.length, err as Error);
      return;
    }
    this.compaction.appended(batch.map((u) => u.update));
    for (const { update, senderId } of batch) {
      this.loggedBytes += update.length;
      this.opts.broker.publishUpdate(this.opts.topic, update, senderId);
    }
    this.compactIfDue(pending);
  }

  /** The room closes: no compaction waits for a quiet time any more (the room compacts as it closes). */
  close(): void {
    this.closed = true;
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
  }

  /**
   * Compacts the stored log (`pending` updates) into the state row once it crossed the threshold
   * and the room has been quiet for `compactIdleMs`, or soon when the log is COMPACT_ANYWAY_FACTOR
   * times the threshold or the room logged `compactBytes` since its last compaction: a compaction
   * holds the event loop (reading the log, encoding the doc, writing its state: 2-10 ms), which the
   * next keystroke would wait for.
   */
  private compactIfDue(pending: number): void {
    // closed: the room compacts as it closes; a timer armed now would hold the closed room until it fired
    if (this.compacting || this.closed) return;
    const { compactEvery, compactIdleMs, compactBytes = COMPACT_ANYWAY_BYTES } = this.opts;
    if (pending >= compactEvery * COMPACT_ANYWAY_FACTOR || this.loggedBytes >= compactBytes) return this.compactSoon();
    if (pending < compactEvery) return;
    if (compactIdleMs === 0) return this.compactSoon();
    if (!this.quietTimer) this.waitForQuiet(compactIdleMs);
  }

  private waitForQuiet(ms: number): void {
    // a delay past what setTimeout takes (2^31 - 1 ms) would fire at once, again and again
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      if (this.closed || this.compacting) return;
      const quiet = performance.now() - this.lastUpdateAt;
      if (quiet >= this.opts.compactIdleMs) this.compactSoon();
      else this.waitForQuiet(this.opts.compactIdleMs - quiet);
    }, Math.min(ms, MAX_TIMER_MS));
    this.quietTimer.unref();
  }

  /**
   * Compacts in the chain (everything before it stored) once the socket read being handled is
   * done: a microtask, queued behind the store of the rest of that read (queue). Not on a later
   * turn of the event loop: Node reads up to 32 chunks (2 MB) of a socket in one turn, so under a
   * flood of small updates a later turn came tens of thousands of updates after the bound, by when
   * the room had forgotten which log rows were its own (compaction.ts MAX_OWN_ROWS) and applied
   * them all again. The state is the doc's own encoding, with what the store holds absorbed
   * (compaction.ts). Updates applied and not yet stored are in the state too, and appended after
   * it: applying them again changes nothing.
   */
  private compactSoon(): void {
    this.compacting = true;
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
    queueMicrotask(() => {
      if (this.closed) return void (this.compacting = false);
      void this.enqueue(async () => {
        try {
          const { broker, topic, store, id } = this.opts;
          // in the chain: every update appended before is stored, and none is appended meanwhile
          this.loggedBytes = 0;
          if (!this.failed) await broker.compacted(topic, () => store.compact(id, this.compaction.stateFrom));
        } finally {
          this.compacting = false;
        }
      });
    });
  }

  /** Runs `task` after every earlier one; a failure is logged and does not stop the chain. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    this.chained++;
    this.chain = this.chain.then(task).catch((err) => {
      this.opts.log(`collab ${this.opts.id}: store error: ${(err as Error).message}`);
    }).finally(() => { this.chained--; });
    return this.chain;
  }
}
