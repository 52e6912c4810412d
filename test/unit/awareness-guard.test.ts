// The awareness guard against random awareness updates from several connections (two of them
// the same user's), applied to a real y-protocols Awareness as the room does: every state carries
// the session user of the connection that set it, a client id one user held is never set or
// removed by anyone else (not even after her connection closed), and no connection holds more
// than its cap.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { AwarenessGuard, DEFAULT_AWARENESS_LIMITS, type AwarenessSender } from '../../server/collab/awareness-guard';
import { colorForId } from '../../shared/user-color';

const senders: AwarenessSender[] = [
  { key: {}, user: { id: 'u-anna', name: 'anna' } },
  { key: {}, user: { id: 'u-boris', name: 'boris' } },
  { key: {}, user: { id: 'u-boris', name: 'boris' } },
];

type Entry = { client: number; clock: number; state: unknown };
type Step = { kind: 'send'; sender: number; entries: Entry[] } | { kind: 'close'; sender: number };

const state = fc.oneof(
  fc.constant(null),
  fc.record({ user: fc.record({ id: fc.constantFrom('u-anna', 'u-boris', 'u-admin'), name: fc.string({ maxLength: 8 }), color: fc.constant('#ff0000') }) }),
  fc.record({ cursor: fc.oneof(fc.constant(null), fc.constant({ anchor: 1 }), fc.constant({ anchor: { type: null, item: null }, head: { item: { client: 1, clock: 2 } } })) }),
  fc.record({ note: fc.string({ maxLength: 10 }) }),
  fc.constantFrom('a string', 42, [1, 2]),
  fc.constant({ big: 'x'.repeat(DEFAULT_AWARENESS_LIMITS.maxStateBytes) }),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('send' as const), sender: fc.nat(2), entries: fc.array(fc.record({ client: fc.integer({ min: 1, max: 8 }), clock: fc.nat(12), state }), { minLength: 1, maxLength: 7 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), sender: fc.nat(2) }) },
);

function encode(entries: Entry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { client, clock, state } of entries) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}

describe('AwarenessGuard', () => {
  it('binds every state to the session of the connection that set it, and keeps other users off it', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
      const awareness = new awarenessProtocol.Awareness(new Y.Doc());
      awareness.setLocalState(null);
      const guard = new AwarenessGuard(awareness);
      /** Client id -> the sender whose update last set it (while that sender is open). */
      const setBy = new Map<number, AwarenessSender>();
      /** Client id -> the user who first set it. */
      const firstUser = new Map<number, string>();
      awareness.on('update', ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
        for (const client of [...added, ...updated, ...removed]) {
          const holder = setBy.get(client);
          if (origin === null) continue; // the room removing a closed connection's states
          const sender = origin as AwarenessSender;
          if (holder && holder.user.id !== sender.user.id) throw new Error(`${sender.user.name} changed client ${client} held by ${holder.user.name}`);
          if (!sender?.user) continue; // the awareness's own local state
          const first = firstUser.get(client) ?? sender.user.id;
          if (first !== sender.user.id) throw new Error(`${sender.user.name} took client ${client} of ${first}`);
          firstUser.set(client, first);
          if (awareness.getStates().has(client)) setBy.set(client, sender);
          else setBy.delete(client);
        }
      });
      try {
        for (const s of steps) {
          const sender = senders[s.sender];
          if (s.kind === 'close') {
            const held = guard.idsOf(sender.key).filter((client) => awareness.getStates().has(client));
            guard.release(sender.key);
            awarenessProtocol.removeAwarenessStates(awareness, held, null);
            for (const [client, holder] of setBy) if (holder === sender) setBy.delete(client);
            continue;
          }
          const { update } = guard.filter(sender, encode(s.entries));
          if (update) awarenessProtocol.applyAwarenessUpdate(awareness, update, sender);
          for (const [client, st] of awareness.getStates()) {
            const holder = setBy.get(client);
            expect(holder).toBeDefined();
            expect((st as { user?: unknown }).user).toEqual({ id: holder!.user.id, name: holder!.user.name, color: colorForId(holder!.user.id) });
            expect(JSON.stringify(st).length).toBeLessThanOrEqual(DEFAULT_AWARENESS_LIMITS.maxStateBytes + 100);
            const cursor = (st as { cursor?: unknown }).cursor;
            if (cursor !== undefined && cursor !== null) expect(cursor).toMatchObject({ anchor: expect.any(Object), head: expect.any(Object) });
          }
          for (const other of senders) expect(guard.idsOf(other.key).length).toBeLessThanOrEqual(DEFAULT_AWARENESS_LIMITS.maxStatesPerConnection);
        }
      } finally {
        awareness.destroy();
      }
    }), { numRuns: 300 });
  });

  it('keeps a client id its user wrote to the document under for her, and one she held after her connection closed', () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awareness.setLocalState(null);
    // the document's ids: 5 is anna's (she wrote under it)
    const owned = new Map<number, string>([[5, 'u-anna']]);
    const guard = new AwarenessGuard(awareness, undefined, {
      ownerOf: (id) => owned.get(id),
      claim: (id, user) => {
        if (!owned.has(id)) owned.set(id, user.id);
        return owned.get(id) === user.id;
      },
    });
    const [anna, boris] = senders;
    expect(guard.filter(boris, encode([{ client: 5, clock: 1, state: { note: 'mine now' } }])).refused).toEqual(['awareness client 5 is another user\'s']);
    expect(guard.filter(anna, encode([{ client: 5, clock: 1, state: { note: 'hers' } }])).update).not.toBeNull();
    // anna's socket for client 6 closes (a reconnect under way): boris cannot take 6, however high his clock
    expect(guard.filter(anna, encode([{ client: 6, clock: 1, state: {} }])).update).not.toBeNull();
    guard.release(anna.key);
    expect(guard.filter(boris, encode([{ client: 6, clock: Number.MAX_SAFE_INTEGER, state: {} }])).refused).toEqual(['awareness client 6 is another user\'s']);
    const back = { key: {}, user: anna.user };
    expect(guard.filter(back, encode([{ client: 6, clock: 2, state: {} }])).update).not.toBeNull();
    awareness.destroy();
  });
});
