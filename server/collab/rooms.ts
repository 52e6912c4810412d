// The rooms of the server: opens a document's room on first use with a single-flight load
// (fifty clients at once still load it once), unloads idle rooms, and closes them all on shutdown.
import { CheckBudget, type CheckBudgetOptions } from './check-budget';
import { EventEmitter } from 'node:events';
import * as Y from 'yjs';
import type { Store } from '../store/store';
import type { Broker } from './broker';
import { CLOSE_DOCUMENT_DELETED, CLOSE_TRY_AGAIN, Room } from './room';
import { applyStored } from './compaction';

export interface RoomsOptions {
  store: Store;
  broker: Broker;
  log: (line: string) => void;
  /** How long a room without connections stays loaded (ms). */
  idleUnloadMs?: number;
  /** Compact a document's update log every this many updates... */
  compactEvery?: number;
  /** ...once no update came for this long (ms; persistence.ts). */
  compactIdleMs?: number;
  /** ...or at once past this many bytes logged (persistence.ts). */
  compactBytes?: number;
  /** Interval of the liveness pings (ms). */
  heartbeatMs?: number;
  /** How much checking time each user's updates may take in a room (check-budget.ts). */
  checkBudget?: CheckBudgetOptions;
  /** Benchmarks only: false leaves out the integrity checks (RoomOptions). */
  checkUpdates?: boolean;
  /** Called on each loaded room (automatic versions); its `close` runs before the room unloads. */
  watch?: (room: Room) => RoomWatcher;
}

/** Why a room unloads: no connections for a while, shutdown, its document was deleted, or the store refused an update. */
export type UnloadReason = 'idle' | 'shutdown' | 'deleted' | 'failed';

export interface RoomWatcher {
  close(reason: UnloadReason): Promise<void>;
}

export interface RoomStats {
  /** Documents loaded from the store since start. */
  loads: number;
  /** Rooms currently open. */
  open: number;
}

export class Rooms {
  readonly stats: RoomStats = { loads: 0, open: 0 };
  /** Emits 'load' (id) when a room has loaded and 'unload' (id) when one has been unloaded. */
  readonly events = new EventEmitter();
  private rooms = new Map<string, Promise<Room | undefined>>();
  private unloading = new Map<string, Promise<void>>();
  private watchers = new Map<Room, RoomWatcher>();
  private heartbeat: NodeJS.Timeout;
  private closing = false;
  /** Checking time per user, over all her documents (check-budget.ts). */
  private budget: CheckBudget;
  /** Per document, the Yjs client ids users announced (attribution.ts `claim`): kept while the room unloads and loads again. */
  private announced = new Map<string, Map<number, string>>();

  private announcedIn(id: string): Map<number, string> {
    let ids = this.announced.get(id);
    if (!ids) this.announced.set(id, ids = new Map());
    return ids;
  }

  constructor(private opts: RoomsOptions) {
    this.budget = new CheckBudget(opts.checkBudget);
    this.heartbeat = setInterval(() => this.eachOpen((room) => room.heartbeat()), opts.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  /**
   * The room of document `id`, held for the caller (call `room.release()` when done);
   * undefined when no such document exists.
   */
  async acquire(id: string): Promise<Room | undefined> {
    for (;;) {
      if (this.closing) throw new Error('the server is shutting down');
      await this.unloading.get(id);
      let pending = this.rooms.get(id);
      if (!pending) {
        pending = this.load(id);
        this.rooms.set(id, pending);
        pending.then(
          (room) => { if (!room && this.rooms.get(id) === pending) this.rooms.delete(id); },
          () => { if (this.rooms.get(id) === pending) this.rooms.delete(id); },
        );
      }
      const room = await pending;
      if (!room) return undefined;
      if (room.closed) continue; // unloaded meanwhile: load afresh
      room.hold();
      return room;
    }
  }

  /** Runs `fn` on the room of `id` while holding it; undefined when the document does not exist. */
  async with<T>(id: string, fn: (room: Room) => T | Promise<T>): Promise<T | undefined> {
    const room = await this.acquire(id);
    if (!room) return undefined;
    try {
      return await fn(room);
    } finally {
      room.release();
    }
  }

  private async load(id: string): Promise<Room | undefined> {
    this.stats.loads++;
    const stored = await this.opts.store.load(id);
    if (!stored) return undefined;
    const doc = new Y.Doc();
    let unreadable = 0;
    doc.transact(() => {
      if (stored.state) Y.applyUpdate(doc, stored.state);
      // an update Yjs cannot apply is left out (compaction.ts); the next compaction drops it from the log
      for (const update of stored.updates) if (!applyStored(doc, update)) unreadable++;
    });
    if (unreadable) this.opts.log(`collab ${id}: ${unreadable} stored update(s) could not be applied and were left out`);
    this.stats.open++;
    queueMicrotask(() => this.events.emit('load', id));
    const room = new Room(id, doc, {
      store: this.opts.store,
      broker: this.opts.broker,
      log: this.opts.log,
      compactEvery: this.opts.compactEvery ?? 500,
      compactIdleMs: this.opts.compactIdleMs ?? 1000,
      compactBytes: this.opts.compactBytes,
      idleUnloadMs: this.opts.idleUnloadMs ?? 30_000,
      checkBudget: this.budget,
      announced: this.announcedIn(id),
      checkUpdates: this.opts.checkUpdates,
      onIdle: (room) => void this.unload(room, 'idle'),
      // Dropped unstored and uncompacted: the next client loads what the store holds.
      onStoreFailure: (room) => void this.unload(room, 'failed', (r) => r.close(CLOSE_TRY_AGAIN, 'the store is unavailable: try again', false)),
    });
    if (this.opts.watch) this.watchers.set(room, this.opts.watch(room));
    return room;
  }

  /** Flushes, compacts and drops a room; new requests for it wait and load it again. */
  private unload(room: Room, reason: UnloadReason, close = (r: Room) => r.close()): Promise<void> {
    const current = this.unloading.get(room.id);
    if (current) return current;
    const done = (async () => {
      this.rooms.delete(room.id);
      this.stats.open--;
      try {
        const watcher = this.watchers.get(room);
        this.watchers.delete(room);
        await watcher?.close(reason);
        await close(room);
      } catch (err) {
        this.opts.log(`collab ${room.id}: unload failed: ${(err as Error).message}`);
      }
    })();
    this.unloading.set(room.id, done);
    done.finally(() => {
      this.unloading.delete(room.id);
      this.events.emit('unload', room.id);
    });
    return done;
  }

  /** Closes the room of a deleted document: its clients are told and do not reconnect. */
  async evict(id: string): Promise<void> {
    this.announced.delete(id);
    const room = await this.rooms.get(id)?.catch(() => undefined);
    if (room && !room.closed) await this.unload(room, 'deleted', (r) => r.close(CLOSE_DOCUMENT_DELETED, 'document deleted', false));
  }

  private eachOpen(fn: (room: Room) => void): void {
    for (const pending of this.rooms.values()) pending.then((room) => room && !room.closed && fn(room), () => {});
  }

  /** Flushes and compacts every room and closes its connections (graceful shutdown). */
  async closeAll(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    const rooms = await Promise.all(Array.from(this.rooms.values(), (p) => p.catch(() => undefined)));
    await Promise.all(rooms.map((room) => room && !room.closed && this.unload(room, 'shutdown')));
    await Promise.all(this.unloading.values());
  }
}
