// The typing judge (server/collab/typing-check.ts) against updates built byte by byte: a struct
// the doc has already in front of the typing (Yjs still looks up its neighbours), deletion ranges
// at, before and past a client's clock, of length 0 and more. What the short way of typing relies
// on (persistence.ts `storeFirst` stores and sends before applying): an update the guard takes for
// a typed change applies without throwing, changes the doc and leaves nothing pending.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { UpdateGuard, type Writer } from '../../server/collab/guard';

const coordinator: Writer = { userId: 'u-bob', userName: 'Bob', role: 'coordinator' };
const ATTACKER = 0x5eed;
const STRANGER = 0x7777;

/** A paragraph 'Start' (written by client 1) and 'x' typed after it by the attacker's client. */
function base(): { doc: Y.Doc; writer: number } {
  const doc = new Y.Doc();
  doc.clientID = 1;
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText('Start')]);
  doc.getXmlFragment('prosemirror').insert(0, [paragraph]);
  doc.clientID = ATTACKER;
  (paragraph.get(0) as Y.XmlText).insert(5, 'x');
  return { doc, writer: 1 };
}
const BASE = Y.encodeStateAsUpdate(base().doc);

type Ref = { client: number; clock: number } | null;

function rawUpdate(clock: number, strings: { text: string; origin: Ref; rightOrigin: Ref }[], ds: [number, number, number][]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, strings.length ? 1 : 0);
  if (strings.length) {
    encoding.writeVarUint(e, strings.length);
    encoding.writeVarUint(e, ATTACKER);
    encoding.writeVarUint(e, clock);
  }
  for (const s of strings) {
    encoding.writeUint8(e, 4 | (s.origin ? 0x80 : 0) | (s.rightOrigin ? 0x40 : 0));
    if (s.origin) { encoding.writeVarUint(e, s.origin.client); encoding.writeVarUint(e, s.origin.clock); }
    if (s.rightOrigin) { encoding.writeVarUint(e, s.rightOrigin.client); encoding.writeVarUint(e, s.rightOrigin.clock); }
    encoding.writeVarString(e, s.text);
  }
  encoding.writeVarUint(e, ds.length);
  for (const [client, at, len] of ds) for (const n of [client, 1, at, len]) encoding.writeVarUint(e, n);
  return encoding.toUint8Array(e);
}

const refArb = fc.constantFrom<Ref>(
  null, { client: 1, clock: 4 }, { client: 1, clock: 2 }, { client: 1, clock: 5 }, { client: 1, clock: 999 },
  { client: ATTACKER, clock: 0 }, { client: ATTACKER, clock: 1 }, { client: ATTACKER, clock: 999 }, { client: STRANGER, clock: 0 },
);
const dsArb = fc.tuple(fc.constantFrom(1, ATTACKER, STRANGER), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 3 }));

describe('the typing judge on hand-made bytes', () => {
  it('an update it takes for a typed change applies without error, changes the doc and leaves nothing pending', () => {
    let typed = 0;
    fc.assert(fc.property(
      fc.boolean(), refArb, refArb, fc.boolean(), fc.array(dsArb, { maxLength: 3 }),
      (known, knownOrigin, knownRight, typing, ds) => {
        const strings: { text: string; origin: Ref; rightOrigin: Ref }[] = [];
        // 'x' again (the doc has it), with any neighbours, before 'y' typed after 'x'
        if (known) strings.push({ text: 'x', origin: knownOrigin ?? { client: 1, clock: 4 }, rightOrigin: knownRight });
        if (typing) strings.push({ text: 'y', origin: { client: ATTACKER, clock: 0 }, rightOrigin: null });
        const update = rawUpdate(known ? 0 : 1, strings, ds);
        const doc = new Y.Doc();
        Y.applyUpdate(doc, BASE);
        const guard = new UpdateGuard(doc, { listen: false });
        try {
          let verdict: string | null;
          try {
            verdict = guard.check(update, coordinator);
          } catch {
            return; // malformed: refused
          }
          if (verdict || !guard.typedChange) return;
          typed++;
          let changed = false;
          doc.on('afterTransaction', (tr: Y.Transaction) => {
            changed ||= tr.deleteSet.clients.size > 0 || [...tr.afterState].some(([c, clock]) => tr.beforeState.get(c) !== clock);
          });
          expect(() => Y.applyUpdate(doc, update, 'client')).not.toThrow();
          expect(changed).toBe(true);
          expect(doc.store.pendingStructs).toBeNull();
          expect(doc.store.pendingDs).toBeNull();
        } finally {
          guard.destroy();
        }
      },
    ), { numRuns: 600, seed: 20261206 });
    expect(typed, 'typed changes among the updates').toBeGreaterThan(20);
  });
});
