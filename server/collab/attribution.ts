// Who wrote what: the server records, for every change applied to a room's doc on someone's behalf
// (a client's update, or a REST action such as a restore), which user owns the Yjs client ids that
// created content and the ids that were deleted, in the root map `users` in Yjs'
// PermanentUserData layout (`users.get(userId)` is a Y.Map with `ids`: Y.Array of client ids and
// `ds`: Y.Array of encoded delete sets; we add `name`, the user's display name). Only the server
// writes this map (clients' changes to it are refused by the update check); the compare view
// (server/compare.ts) reads it with Y.PermanentUserData.
//
// Writes are coalesced: what is noted is written in one transaction at most every `delayMs`, and
// at once by `flush()` (the room flushes before versions and reads). A crash loses at most the
// attribution of the last `delayMs`, never text.
import * as Y from 'yjs';
import { USERS_ROOT } from './roots';

type DeleteSet = Y.Transaction['deleteSet'];

/** At most this many announced ids are remembered per document; the oldest are forgotten first. */
export const MAX_ANNOUNCED = 20_000;

/** Origin of the server's own writes to the `users` map. */
export const ATTRIBUTION_ORIGIN = 'draftroom:attribution';

export interface Author {
  id: string;
  name: string;
}

interface Pending {
  name: string;
  clients: Set<number>;
  deletes: DeleteSet[];
}

/** A delete set in the V1 encoding PermanentUserData reads (a snapshot starts with it). */
function encodeDeleteSet(ds: DeleteSet): Uint8Array {
  return Y.encodeSnapshot(Y.createSnapshot(ds, new Map()));
}

export class Attribution {
  /** Client id -> user id, as recorded. */
  private owners = new Map<number, string>();
  /** Client id -> user id, noted and not yet written (the first user noted for an id keeps it). */
  private claimed = new Map<number, string>();
  /** Client id -> user id, announced in her awareness and not written under yet (claim). */
  private announced: Map<number, string>;
  /** A flush is queued for the end of the update being handled (flushSoon). */
  private flushing = false;
  private pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | null = null;
  private users: Y.Map<Y.Map<unknown>>;

  /**
   * `authorOf` names the user a transaction is made for (from its origin), or null. `announced`:
   * the document's announced ids, kept by the server beyond the room's life (a room unloads once no
   * one is there: an offline user's id must stay hers meanwhile).
   */
  constructor(private doc: Y.Doc, private authorOf: (origin: unknown) => Author | null, private delayMs = 1000, announced = new Map<number, string>()) {
    this.announced = announced;
    this.users = doc.getMap<Y.Map<unknown>>(USERS_ROOT);
    // Content loaded with no owner recorded stays claimable: its writer may be a user whose server
    // was killed before it wrote her ownership (test/integration/scale-kill.test.ts).
    this.readOwners();
    // what another server recorded arrives as its change of the map
    this.users.observeDeep(this.onUsers);
    doc.on('afterTransaction', this.note);
  }

  private readOwners(): void {
    this.users.forEach((user, userId) => {
      const ids = user instanceof Y.Map ? user.get('ids') : null;
      if (ids instanceof Y.Array) for (const client of ids.toArray()) if (typeof client === 'number' && !this.owners.has(client)) this.owners.set(client, userId);
    });
  }

  private onUsers = (_events: unknown, tr: Y.Transaction): void => {
    if (tr.origin !== ATTRIBUTION_ORIGIN) this.readOwners();
  };

  private note = (tr: Y.Transaction): void => {
    if (tr.origin === ATTRIBUTION_ORIGIN) return;
    const author = this.authorOf(tr.origin);
    if (!author) return;
    let pending: Pending | undefined;
    const entry = () => {
      pending ??= this.pending.get(author.id);
      if (!pending) this.pending.set(author.id, pending = { name: author.name, clients: new Set(), deletes: [] });
      pending.name = author.name;
      return pending;
    };
    let newOwner = false;
    for (const [client, clock] of tr.afterState) {
      if (clock <= (tr.beforeState.get(client) ?? 0) || this.owners.has(client) || this.claimed.has(client)) continue;
      // a client id someone else owns stays theirs (a client relaying others' offline edits); one
      // she only announced is hers, and now written with the content under it
      const announcedBy = this.announced.get(client);
      if (announcedBy !== undefined && announcedBy !== author.id) continue;
      entry().clients.add(client);
      this.claimed.set(client, author.id);
      newOwner = true;
    }
    if (tr.deleteSet.clients.size > 0) entry().deletes.push(tr.deleteSet);
    if (newOwner) this.flushSoon();
    else if (pending && !this.timer) {
      this.timer = setTimeout(() => this.flush(), this.delayMs);
      this.timer.unref();
    }
  };

  /**
   * A new client id's owner is written at once (once the update being handled is): an owner known
   * only in memory would be lost with the process, and the id then be no one's.
   */
  private flushSoon(): void {
    if (this.flushing) return;
    this.flushing = true;
    queueMicrotask(() => {
      this.flushing = false;
      this.flush();
    });
  }

  /**
   * Makes Yjs client id `client` the user's, if no one owns it yet: an id she announced in her
   * awareness before writing under it, so that no one else takes it first (client-owners.ts). Kept
   * in memory only (announcing writes nothing into the document: a user reconnecting again and
   * again would make the `users` map grow); written with the first content under it. False when
   * someone else owns it.
   */
  claim(client: number, author: Author): boolean {
    const owner = this.ownerOf(client);
    if (owner !== undefined) return owner === author.id;
    this.announced.set(client, author.id);
    if (this.announced.size > MAX_ANNOUNCED) this.announced.delete(this.announced.keys().next().value!);
    return true;
  }

  /** Writes what has been noted into the `users` map, in one transaction. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.claimed = new Map();
    const users = this.users;
    this.doc.transact(() => {
      for (const [userId, { name, clients, deletes }] of batch) {
        let user = users.get(userId);
        if (!(user instanceof Y.Map) || !(user.get('ids') instanceof Y.Array) || !(user.get('ds') instanceof Y.Array)) {
          user = new Y.Map<unknown>();
          user.set('ids', new Y.Array<number>());
          user.set('ds', new Y.Array<Uint8Array>());
          users.set(userId, user);
        }
        if (user.get('name') !== name) user.set('name', name);
        const fresh = [...clients].filter((c) => !this.owners.has(c));
        if (fresh.length) (user.get('ids') as Y.Array<number>).push(fresh);
        for (const c of fresh) this.owners.set(c, userId);
        if (deletes.length) (user.get('ds') as Y.Array<Uint8Array>).push([encodeDeleteSet(Y.mergeDeleteSets(deletes))]);
      }
    }, ATTRIBUTION_ORIGIN);
  }

  /** The user owning Yjs client id `client` (recorded, noted and not yet written, or announced), if any. */
  ownerOf(client: number): string | undefined {
    return this.owners.get(client) ?? this.claimed.get(client) ?? this.announced.get(client);
  }

  destroy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.doc.off('afterTransaction', this.note);
    this.users.unobserveDeep(this.onUsers);
  }
}

/** The user ids and names recorded in a doc's `users` map. */
export function recordedNames(doc: Y.Doc): Map<string, string> {
  const names = new Map<string, string>();
  doc.getMap<Y.Map<unknown>>(USERS_ROOT).forEach((user, userId) => {
    const name = user instanceof Y.Map ? user.get('name') : undefined;
    names.set(userId, typeof name === 'string' ? name : userId);
  });
  return names;
}
