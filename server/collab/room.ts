// A room: the one Y.Doc and awareness of an open document and its connections. Every update
// to the doc, from a client or from the server itself, is appended to the store and only then
// published on the broker, in order (persistence.ts). The lean path: a client's update (a sync
// 'update' message) is decoded once, by the guard, and the room stores and publishes the client's
// own bytes; Yjs encodes a transaction only for the server's own changes (restores, attribution,
// direct edits, sync step 2s), which the room asks for per transaction (onTransaction). Typing
// the guard judged directly takes the short way: stored, sent, then applied (applyFrom). When the
// store refuses an update the room fails: it closes its connections with CLOSE_TRY_AGAIN and is
// dropped unstored. Another server's updates and awareness arrive with origin REMOTE: delivered,
// followed by the guard, never re-stored.
import type { RawData } from 'ws';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Store } from '../store/store';
import { Attribution, type Author } from './attribution';
import { REMOTE, type Broker } from './broker';
import { AwarenessGuard } from './awareness-guard';
import { AwarenessPace } from './awareness-pace';
import { CheckBudget } from './check-budget';
import { Connection } from './connection';
import { UpdateGuard } from './guard';
import { CLOSE_TRY_AGAIN, Persistence } from './persistence';
import { awarenessMessage, handleMessage, isClientUpdate, messageAwareness, syncStep1Message, updateMessage, type UpdateKind } from './protocol';
import * as decoding from 'lib0/decoding';

/** Whether a transaction changed the doc: the test Yjs makes before it encodes and emits 'update'. */
const changedDoc = (tr: Y.Transaction): boolean => {
  if (tr.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) return true;
  return false;
};

export interface RoomOptions {
  store: Store;
  broker: Broker;
  log: (line: string) => void;
  /** Compact the update log once this many updates are pending, and the room was quiet for `compactIdleMs` (persistence.ts). */
  compactEvery: number;
  compactIdleMs: number;
  /** ...or at once once the room logged this many bytes since its last compaction (persistence.ts COMPACT_ANYWAY_BYTES). */
  compactBytes?: number;
  /** The document's announced Yjs client ids (attribution.ts `claim`), kept by the manager across the room's loads. */
  announced?: Map<number, string>;
  /** Called when the room has had no holders for a while; the manager unloads it. */
  onIdle: (room: Room) => void;
  idleUnloadMs: number;
  /** Called once when the store refused an update; the manager drops the room unstored. */
  onStoreFailure?: (room: Room) => void;
  /**
   * Checking time per user (check-budget.ts), shared by all the rooms of a server so that a user
   * gets one budget, not one per document she opens; a budget of DEFAULT_CHECK_BUDGET when left out.
   */
  checkBudget?: CheckBudget;
  /**
   * Benchmarks only (bench/update-path.ts): false applies clients' updates after a decode and no
   * check at all, the bare path the guard's cost is measured against. Never in production.
   */
  checkUpdates?: boolean;
}

/** Close codes sent to clients. */
export const CLOSE_MALFORMED = 1003;
export const CLOSE_GOING_AWAY = 1001;
/** In y-websocket's 4400-4499 range: the provider does not reconnect. */
export const CLOSE_DOCUMENT_DELETED = 4404;
/** The session ended or the user left the document's group (no reconnect either). */
export const CLOSE_ACCESS_ENDED = 4401;
/** Policy violation: the connection kept sending updates the server refuses. */
export const CLOSE_POLICY = 1008;
/** The store refused an update (persistence.ts): the provider reconnects and re-sends (Try Again Later). */
export { CLOSE_TRY_AGAIN };
/** A connection refused this many times within REFUSAL_WINDOW_MS is closed with 1008. */
export const MAX_REFUSALS = 5;
export const REFUSAL_WINDOW_MS = 60_000;

export class Room {
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<Connection>();
  /** Which connection holds which awareness client ids, and what their states may say. */
  private awarenessGuard: AwarenessGuard;
  closed = false;
  private holds = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  /** Stores, then publishes, every update (persistence.ts). */
  private persistence: Persistence;
  private unsubscribe: () => void;
  /** Judges every client's updates (made on first use). */
  private guard: UpdateGuard | null = null;
  /** Records who wrote what in the `users` map (attribution.ts). */
  readonly attribution: Attribution;
  /** The user the server's own changes are made for, during `actingAs`. */
  private actingFor: Author | null = null;
  /** Times of each connection's recent refusals. */
  private refusals = new WeakMap<Connection, number[]>();
  /** Awareness relayed at most so often per connection (awareness-pace.ts). */
  private awarenessPace = new AwarenessPace();
  /** Checking time left to each user (by id). */
  private budget: CheckBudget;
  /**
   * A client's update being applied: its transaction is stored as these bytes, not re-encoded,
   * unless it is stored already (the short way).
   */
  private incoming: { origin: Connection; update: Uint8Array; stored: boolean } | null = null;
  /** The update being admitted was judged typing that changes the doc (guard.ts `typedChange`). */
  private admittedTyping = false;
  /** The server's own transaction whose encoded update the room waits for (onEncoded). */
  private encoding: Y.Transaction | null = null;

  constructor(readonly id: string, readonly doc: Y.Doc, private opts: RoomOptions) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    // an awareness id is its user's Yjs client id too: owned as one (attribution, made below)
    this.awarenessGuard = new AwarenessGuard(this.awareness, undefined, {
      ownerOf: (id) => this.attribution.ownerOf(id),
      claim: (id, user) => this.attribution.claim(id, user),
    });
    this.budget = opts.checkBudget ?? new CheckBudget();
    this.persistence = new Persistence(doc, {
      id, topic: this.topic, store: opts.store, broker: opts.broker, log: opts.log, compactEvery: opts.compactEvery, compactIdleMs: opts.compactIdleMs, compactBytes: opts.compactBytes,
      onFailure: () => opts.onStoreFailure?.(this),
    });
    this.unsubscribe = opts.broker.subscribe(this.topic, {
      deliver: this.deliver,
      applyUpdate: (update) => Y.applyUpdate(doc, update, REMOTE),
      applyAwareness: (message) => {
        const decoder = decoding.createDecoder(message);
        if (decoding.readVarUint(decoder) === messageAwareness) awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), REMOTE);
      },
      awarenessOfAll: () => {
        const states = Array.from(this.awareness.getStates().keys());
        return states.length ? awarenessMessage(this.awareness, states) : null;
      },
      catchUp: () => this.catchUp(),
    });
    doc.on('afterTransactionCleanup', this.onTransaction);
    this.awareness.on('update', this.onAwarenessUpdate);
    this.attribution = new Attribution(doc, (origin) => (origin instanceof Connection ? origin.access.user : this.actingFor), undefined, opts.announced);
  }

  /**
   * Runs `change` (changes the server makes to the doc for `user`, such as a restore) so that
   * they are attributed to `user`: under a Yjs client id of their own, which no one else shares.
   */
  actingAs<T>(user: Author, change: () => T): T {
    const fresh = () => { this.doc.clientID = Math.floor(Math.random() * 0xffffffff) >>> 0; };
    fresh();
    this.actingFor = user;
    try {
      return change();
    } finally {
      this.actingFor = null;
      fresh();
    }
  }

  private get topic(): string {
    return `doc:${this.id}`;
  }

  /** Sends a published message to every connection here but its sender. */
  private deliver = (message: Uint8Array, senderId: number | null): void => {
    for (const conn of this.connections) if (conn.id !== senderId) conn.send(message);
  };

  /**
   * Each transaction that changed the doc: a client's update as the bytes it sent (the guard's
   * shadow has it already); any other through Yjs's encoding, asked for by listening to 'update'
   * until this transaction's arrives (Yjs emits it right after this event, and encodes nothing
   * while no one listens).
   */
  private onTransaction = (tr: Y.Transaction): void => {
    if (!changedDoc(tr)) return;
    const incoming = this.incoming;
    if (incoming && tr.origin === incoming.origin) {
      this.incoming = null;
      if (!incoming.stored) this.persistence.queue(incoming.update, incoming.origin.id);
      return;
    }
    if (!this.encoding) this.doc.on('update', this.onEncoded);
    this.encoding = tr;
  };

  private onEncoded = (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction): void => {
    if (tr !== this.encoding) return;
    this.encoding = null;
    this.doc.off('update', this.onEncoded);
    this.guard?.follow(update);
    // another server's update, stored there: delivered here, never stored or published again
    if (origin === REMOTE) return this.deliver(updateMessage(update), null);
    this.persistence.queue(update, origin instanceof Connection ? origin.id : null);
  };

  /** Applies what the store holds (another server's updates this room may have missed). */
  private async catchUp(): Promise<void> {
    const stored = await this.opts.store.load(this.id);
    if (!stored || this.closed) return;
    this.doc.transact(() => {
      if (stored.state) Y.applyUpdate(this.doc, stored.state);
      for (const update of stored.updates) Y.applyUpdate(this.doc, update);
    }, REMOTE);
  }

  /** Applies a client's admitted update; a sync 'update' message is kept as the client's bytes. */
  private applyFrom(conn: Connection, update: Uint8Array, kind: UpdateKind): void {
    const typing = this.admittedTyping;
    this.admittedTyping = false;
    // A sync step 2 is re-encoded: it carries the client's whole delete set, mostly known here.
    // So is an update applied while the doc holds pending structs or deletions (another server's
    // updates that came before what they depend on; a client's such update is refused by the
    // guard): its transaction may integrate them too, and the client's bytes alone would leave them
    // out of the store and of what the others receive.
    const pending = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
    const lean = kind === 'update' && !pending;
    const apply = (stored: boolean) => {
      this.incoming = lean ? { origin: conn, update, stored } : null;
      try {
        Y.applyUpdate(this.doc, update, conn);
      } finally {
        this.incoming = null;
      }
    };
    // typing the guard judged directly: stored and sent before it is applied (persistence.ts)
    if (lean && typing && this.persistence.storeFirst(update, conn.id, () => apply(true))) return;
    apply(false);
  }

  private onAwarenessUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    const changed = [...added, ...updated, ...removed];
    const message = awarenessMessage(this.awareness, changed);
    if (origin === REMOTE) this.deliver(message, null);
    else this.opts.broker.publish(this.topic, message, null);
  };

  /** The awareness client ids `conn` introduced (awareness-guard.ts). */
  awarenessClientsOf(conn: Connection): number[] {
    return this.awarenessGuard.idsOf(conn);
  }

  /** Sets the server's awareness state (no connection may write it: awareness-guard.ts), which every client receives (null: none). */
  announce(state: Record<string, unknown> | null): void {
    this.awareness.setLocalState(state);
  }

  /** Resolves when every update so far is stored and published. */
  flush(): Promise<void> {
    this.attribution.flush();
    return this.persistence.flush();
  }

  /** Keeps the room loaded (a connection being set up, a REST request) until `release`. */
  hold(): void {
    this.holds++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  release(): void {
    this.holds--;
    if (this.holds === 0 && this.connections.size === 0 && !this.closed) {
      this.idleTimer = setTimeout(() => this.opts.onIdle(this), this.opts.idleUnloadMs);
      this.idleTimer.unref();
    }
  }

  /** Adds a client: wires its socket, then starts the sync and sends the current awareness. */
  join(conn: Connection): void {
    if (this.closed || this.persistence.failed) return conn.close(this.persistence.failed ? CLOSE_TRY_AGAIN : CLOSE_GOING_AWAY, 'document closed');
    this.hold();
    this.connections.add(conn);
    conn.receive((data, isBinary) => this.receive(conn, data, isBinary), () => this.leave(conn));
    conn.ws.on('error', (err) => this.opts.log(`collab ${this.id}: connection ${conn.id}: ${err.message}`));
    conn.send(syncStep1Message(this.doc));
    const states = Array.from(this.awareness.getStates().keys());
    if (states.length > 0) conn.send(awarenessMessage(this.awareness, states));
  }

  private receive(conn: Connection, data: RawData, isBinary: boolean): void {
    if (!this.connections.has(conn) || this.persistence.failed) return;
    const role = conn.access.role();
    if (!role) {
      this.opts.log(`collab ${this.id}: closing connection ${conn.id} of ${conn.access.user.name}: signed out or no longer a member`);
      conn.close(CLOSE_ACCESS_ENDED, 'signed out or no longer a member');
      this.leave(conn);
      return;
    }
    let refused = false, overBudget = false;
    const admit = (update: Uint8Array): string | null => {
      this.guard ??= new UpdateGuard(this.doc, { listen: false, ownerOf: (client) => this.attribution.ownerOf(client) });
      const guard = this.guard;
      const { id: userId, name: userName } = conn.access.user;
      if (this.budget.exhausted(userId)) {
        overBudget = true;
        return 'too many updates to check: slow down';
      }
      const refusal = this.budget.measure(userId, () => guard.check(update, { userId, userName, role }));
      this.admittedTyping = refusal === null && guard.typedChange;
      if (refusal) {
        refused = true;
        this.opts.log(`collab ${this.id}: refused an update of ${JSON.stringify(userName)} (${userId}, ${role}) on connection ${conn.id}: ${refusal}`);
      }
      return refusal;
    };
    const admitAwareness = (update: Uint8Array): Uint8Array | null => {
      const { update: kept, refused } = this.awarenessGuard.filter({ key: conn, user: conn.access.user }, update);
      if (refused.length) this.opts.log(`collab ${this.id}: refused awareness of ${conn.access.user.name} on connection ${conn.id}: ${refused.join('; ')}`);
      if (!kept || this.awarenessPace.admit(conn, kept, (held) => {
        if (this.connections.has(conn)) awarenessProtocol.applyAwarenessUpdate(this.awareness, held, conn);
      })) return kept;
      return null;
    };
    try {
      if (!isBinary) throw new Error('text frame (the protocol is binary)');
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      // a closed connection's last messages: its updates are applied, nothing is answered
      if (!conn.open && !isClientUpdate(bytes)) return;
      const reply = handleMessage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
        doc: this.doc, awareness: this.awareness, origin: conn, admit: this.opts.checkUpdates === false ? undefined : admit, admitAwareness,
        apply: (update, kind) => this.applyFrom(conn, update, kind),
      });
      if (reply) conn.send(reply);
      if (overBudget) {
        this.opts.log(`collab ${this.id}: closing connection ${conn.id} of ${JSON.stringify(conn.access.user.name)}: its user's updates took more checking time than allowed`);
        conn.close(CLOSE_POLICY, 'too many updates');
        this.leave(conn);
      } else if (refused) this.countRefusal(conn);
    } catch (err) {
      this.opts.log(`collab ${this.id}: closing connection ${conn.id}: malformed message: ${(err as Error).message}`);
      conn.close(CLOSE_MALFORMED, 'malformed message');
      this.leave(conn);
    }
  }

  /** A connection refused MAX_REFUSALS times within the window is closed (1008). */
  private countRefusal(conn: Connection): void {
    const now = Date.now();
    const times = (this.refusals.get(conn) ?? []).filter((t) => now - t < REFUSAL_WINDOW_MS);
    times.push(now);
    this.refusals.set(conn, times);
    if (times.length < MAX_REFUSALS) return;
    this.opts.log(`collab ${this.id}: closing connection ${conn.id} of ${JSON.stringify(conn.access.user.name)}: ${times.length} refused updates within ${REFUSAL_WINDOW_MS / 1000} s`);
    conn.close(CLOSE_POLICY, 'too many refused updates');
    this.leave(conn);
  }

  private leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    if (conn.droppedUnread) this.opts.log(`collab ${this.id}: dropped connection ${conn.id} of ${JSON.stringify(conn.access.user.name)}: it left ${conn.droppedUnread} bytes sent to it unread`);
    const held = this.awarenessGuard.idsOf(conn).filter((client) => this.awareness.getStates().has(client));
    this.awarenessGuard.release(conn);
    this.awarenessPace.release(conn);
    if (held.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, held, null);
    this.release();
  }

  /** Pings every connection; drops those that did not answer the last ping. */
  heartbeat(): void {
    for (const conn of this.connections) conn.heartbeat();
  }

  /**
   * Closes the room: stores and compacts everything (unless the document is gone), closes the
   * connections with `code`, and frees the doc.
   */
  async close(code = CLOSE_GOING_AWAY, reason = 'server closing', compact = true): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.persistence.close();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await this.flush();
    this.doc.off('afterTransactionCleanup', this.onTransaction);
    this.doc.off('update', this.onEncoded);
    // failed (the store refused an update while the room was closing): the doc holds the refused
    // update, which a compaction would write into the state row once the store answers again
    if (compact && !this.persistence.failed) {
      try {
        await this.opts.store.compact(this.id, this.persistence.compaction.stateFrom);
      } catch (err) {
        this.opts.log(`collab ${this.id}: compaction on unload failed: ${(err as Error).message}`);
      }
    }
    for (const conn of this.connections) conn.close(code, reason);
    this.connections.clear();
    this.unsubscribe();
    this.guard?.destroy();
    this.attribution.destroy();
    this.awareness.destroy();
    this.doc.destroy();
  }
}
