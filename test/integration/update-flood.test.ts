// Thousands of tiny updates from one drafter, sent at once: every one is a valid tracked
// insertion of hers, but checking them all held the event loop for over a minute (another
// user's round trip reached 47 s). Each user's updates get a bucket of checking time
// (server/collab/check-budget.ts): once it is empty her connection is closed (1008) and what she
// sends next is refused unchecked, while everyone else's edits keep flowing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { RawClient } from './raw-client';
import { api, contentOf, signIn, tempDataDir, testServer, type Session } from './helpers';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let drafter: Session, coordinator: Session;

beforeAll(async () => {
  server = await testServer(data.dir, { checkBudget: { capacityMs: 1000, refillMsPerSecond: 0.01 } /* next to no refill: the bucket is seen empty after the flood */, directEdits: false, autoVersions: false });
  [drafter, coordinator] = await Promise.all([signIn(server, 'drafter'), signIn(server, 'coordinator')]);
});

afterAll(async () => {
  await server.close();
  data.remove();
});

/** The first text of the content with some characters in it. */
function someText(doc: Y.Doc): Y.XmlText {
  let found: Y.XmlText | null = null;
  const walk = (type: Y.XmlFragment | Y.XmlElement) => {
    for (const child of type.toArray()) {
      if (found) return;
      if (child instanceof Y.XmlText && child.length > 5) found = child;
      else if (child instanceof Y.XmlElement) walk(child);
    }
  };
  walk(doc.getXmlFragment('prosemirror'));
  return found!;
}

/** `count` one-character tracked insertions of `who`, each its own update message, made on a copy of `doc`. */
function floodOf(doc: Y.Doc, who: Session, count: number): Buffer[] {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const messages: Buffer[] = [];
  copy.on('update', (update: Uint8Array) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeUpdate(encoder, update);
    messages.push(Buffer.from(encoding.toUint8Array(encoder)));
  });
  const text = someText(copy);
  for (let i = 0; i < count; i++) {
    text.insert(1, 'Z', { insertion: { id: `flood-${i}`, author: who.user.id, authorName: who.user.name, time: Date.now(), status: 'suggested' } });
  }
  return messages;
}

describe('a flood of tiny updates', () => {
  it('closes the sender once her checking time is spent; the others\' round trips stay short and the store holds only what was checked', async () => {
    const attacker = await RawClient.open(drafter, 'demo');
    const other = await RawClient.open(coordinator, 'demo');
    const messages = floodOf(attacker.doc, drafter, 3000);
    const ws = (attacker as unknown as { ws: { send(data: Buffer): void } }).ws;
    for (const message of messages) ws.send(message);
    const rtts: number[] = [];
    for (let i = 0; i < 10; i++) {
      const start = Date.now();
      await other.roundTrip();
      rtts.push(Date.now() - start);
    }
    const closed = await attacker.closed;
    expect(closed.code).toBe(1008);
    // at most the bucket (1 s) and one update past it held the loop: 47 s before the limit
    expect(Math.max(...rtts)).toBeLessThan(4000);
    expect(server.logs.some((line) => line.includes('took more checking time than allowed'))).toBe(true);
    const stored = (contentOf(other.doc).match(/Z/g) ?? []).length;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(3000);
    // reconnecting does not buy a new bucket (it is the user's): her next update is refused unchecked
    const again = await RawClient.open(drafter, 'demo');
    expect(await again.attack((d) => someText(d).insert(1, 'Q', { insertion: { id: 'again', author: drafter.user.id, authorName: drafter.user.name, time: Date.now(), status: 'suggested' } })))
      .toEqual(['too many updates to check: slow down']);
    expect((await again.closed).code).toBe(1008);
    // nor does opening another document (a room each had a bucket of its own)
    const created = await api(coordinator, 'POST', '/api/documents', { title: 'Another', group: 'EUR', content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Another document' }] }] } });
    expect(created.status).toBe(201);
    const elsewhere = await RawClient.open(drafter, created.body.document.id);
    expect(await elsewhere.attack((d) => someText(d).insert(1, 'Q', { insertion: { id: 'elsewhere', author: drafter.user.id, authorName: drafter.user.name, time: Date.now(), status: 'suggested' } })))
      .toEqual(['too many updates to check: slow down']);
    other.close();
  }, 60_000);
});
