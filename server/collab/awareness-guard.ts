// Awareness bound to the session: a connection sets only the awareness client ids it introduced
// (first come; another user's id is refused, the same user's reconnecting socket takes its id
// over; an id stays its user's after her socket closed, and an id under which a user wrote to the
// document is hers: otherwise anyone could take a reconnecting user's place in the presence list,
// and the stock provider would even take the taker's state for its own, found by a hostile review), at most `maxStatesPerConnection` of them (and `maxStatesPerUser` over all her connections), each state at most `maxStateBytes` characters of JSON;
// the `user` of every state it sends is its session's (id, name, colour), whatever it claimed,
// and a `cursor` that is not two relative positions is dropped. Entries that break a rule are left
// out of the update the room applies, so no other client ever sees them. Entries that would change
// nothing (y-websocket's provider sends every state it receives back, with the same clock) are
// left out without a word.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Awareness } from 'y-protocols/awareness';
import { colorForId } from '../../shared/user-color';

export interface AwarenessLimits {
  /** Awareness client ids one connection may introduce (a browser tab uses one). */
  maxStatesPerConnection: number;
  /** Awareness client ids one user's connections together may hold (a user may open many sockets). */
  maxStatesPerUser: number;
  /** Largest state, in characters of its JSON. */
  maxStateBytes: number;
}

export const DEFAULT_AWARENESS_LIMITS: AwarenessLimits = { maxStatesPerConnection: 4, maxStatesPerUser: 12, maxStateBytes: 8 * 1024 };

/** Who sends an awareness update: the connection (any object that identifies it) and its session user. */
export interface AwarenessSender {
  key: object;
  user: { id: string; name: string };
}

/** What is left of an update after the check: the update to apply (null: nothing), and why entries were left out. */
export interface AwarenessVerdict {
  update: Uint8Array | null;
  refused: string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isId = (value: unknown): boolean => value === null || value === undefined || (isObject(value) && isCount(value.client) && isCount(value.clock));

/** Yjs's RelativePosition JSON ({type, tname, item, assoc}), as y-prosemirror's cursors carry it. */
function isRelativePosition(value: unknown): boolean {
  if (!isObject(value)) return false;
  return isId(value.type) && isId(value.item) && (value.tname == null || typeof value.tname === 'string')
    && (value.assoc == null || Number.isSafeInteger(value.assoc));
}

function isCursor(value: unknown): boolean {
  return isObject(value) && isRelativePosition(value.anchor) && isRelativePosition(value.head);
}

/** Who owns a client id, and a user's claim of one (attribution.ts `Attribution` is one). */
export interface ClientIds {
  ownerOf(id: number): string | undefined;
  /** Makes `id` the user's if no one owns it; false when someone else does. */
  claim(id: number, user: { id: string; name: string }): boolean;
}

/** Client ids owned by the users who first held them, remembered by the guard alone. */
function remembered(): ClientIds {
  const users = new Map<number, string>();
  return {
    ownerOf: (id) => users.get(id),
    claim: (id, user) => {
      const owner = users.get(id);
      if (owner === undefined) users.set(id, user.id);
      return (owner ?? user.id) === user.id;
    },
  };
}

export class AwarenessGuard {
  /** Awareness client id -> the connection that introduced it, and that connection's user. */
  private owners = new Map<number, AwarenessSender>();
  /** Connection -> the client ids it holds. */
  private held = new Map<object, Set<number>>();
  /** User id -> how many client ids her connections hold. */
  private perUser = new Map<string, number>();

  /**
   * `ids`: who owns each client id, kept after her connection closed. An awareness id is its
   * user's Yjs client id too (y-protocols), so a room passes its document's (attribution.ts),
   * where holding one claims it and no one else writes under it before she does.
   */
  constructor(private awareness: Awareness, private limits: AwarenessLimits = DEFAULT_AWARENESS_LIMITS, private ids: ClientIds = remembered()) {}

  /** Whether y-protocols would ignore the entry: its clock is not newer than the room's. */
  private stale(id: number, clock: number, removal: boolean): boolean {
    const current = this.awareness.meta.get(id)?.clock ?? 0;
    return clock < current || (clock === current && !(removal && this.awareness.getStates().has(id)));
  }

  /** The client ids `key` holds (to remove them when it leaves). */
  idsOf(key: object): number[] {
    return Array.from(this.held.get(key) ?? []);
  }

  /** Forgets the connection and its ids (after its states have been removed). */
  release(key: object): void {
    for (const id of this.held.get(key) ?? []) {
      const owner = this.owners.get(id);
      if (owner?.key !== key) continue;
      this.owners.delete(id);
      const left = (this.perUser.get(owner.user.id) ?? 1) - 1;
      if (left > 0) this.perUser.set(owner.user.id, left);
      else this.perUser.delete(owner.user.id);
    }
    this.held.delete(key);
  }

  /**
   * Checks an awareness update from `sender` entry by entry; returns the update of the entries it
   * may make, rewritten with its session's user. Throws lib0's decoding errors or a SyntaxError on
   * a malformed update (the caller closes the connection).
   */
  filter(sender: AwarenessSender, update: Uint8Array): AwarenessVerdict {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const kept: { id: number; clock: number; state: string }[] = [];
    const refused = new Set<string>();
    for (let i = 0; i < count; i++) {
      const id = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const text = decoding.readVarString(decoder);
      if (this.stale(id, clock, text === 'null')) continue;
      if (text.length > this.limits.maxStateBytes) {
        refused.add(`an awareness state is longer than ${this.limits.maxStateBytes} characters of JSON`);
        continue;
      }
      const state = JSON.parse(text) as Json;
      const why = state !== null && !isObject(state) ? 'an awareness state must be an object or null' : this.claim(sender, id, state === null);
      if (why) {
        refused.add(why);
        continue;
      }
      if (state === null) {
        kept.push({ id, clock, state: 'null' });
        continue;
      }
      this.hold(sender, id);
      const fields = state as Record<string, unknown>;
      const bound: Record<string, unknown> = { ...fields, user: { id: sender.user.id, name: sender.user.name, color: colorForId(sender.user.id) } };
      if (fields.cursor != null && !isCursor(fields.cursor)) bound.cursor = null;
      delete bound.directEditing; // the server's announcement (server/direct-edits.ts), never a client's
      kept.push({ id, clock, state: JSON.stringify(bound) });
    }
    if (!kept.length) return { update: null, refused: [...refused] };
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, kept.length);
    for (const { id, clock, state } of kept) {
      encoding.writeVarUint(encoder, id);
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarString(encoder, state);
    }
    return { update: encoding.toUint8Array(encoder), refused: [...refused] };
  }

  /** Why `sender` may not set (or, `removal`, remove) the state of client id `id`, or null. */
  private claim(sender: AwarenessSender, id: number, removal: boolean): string | null {
    if (id === this.awareness.clientID) return `awareness client ${id} is the server's`;
    const owner = this.owners.get(id);
    if (owner && owner.key !== sender.key && owner.user.id !== sender.user.id) return `awareness client ${id} belongs to another connection`;
    const user = owner?.user.id ?? this.ids.ownerOf(id);
    if (user !== undefined && user !== sender.user.id) return `awareness client ${id} is another user's`;
    if (removal) return owner ? null : `awareness client ${id} is not this connection's`;
    const mine = this.held.get(sender.key);
    if (owner?.key !== sender.key && (mine?.size ?? 0) >= this.limits.maxStatesPerConnection) {
      return `more than ${this.limits.maxStatesPerConnection} awareness states on one connection`;
    }
    // a new id (not one of the user's own taken over by a new connection of hers)
    if (!owner && (this.perUser.get(sender.user.id) ?? 0) >= this.limits.maxStatesPerUser) {
      return `more than ${this.limits.maxStatesPerUser} awareness states for one user`;
    }
    return null;
  }

  /** Makes `sender` the holder of `id` (taking it over from an older connection of the same user). */
  private hold(sender: AwarenessSender, id: number): void {
    const owner = this.owners.get(id);
    if (owner?.key === sender.key) return;
    if (owner) this.held.get(owner.key)?.delete(id);
    else this.perUser.set(sender.user.id, (this.perUser.get(sender.user.id) ?? 0) + 1);
    this.owners.set(id, sender);
    this.ids.claim(id, sender.user);
    let mine = this.held.get(sender.key);
    if (!mine) this.held.set(sender.key, mine = new Set());
    mine.add(id);
  }
}
