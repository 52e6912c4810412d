// A hostile look at the short way of typing (server/collab/persistence.ts `storeFirst`): a typed
// update the judge accepted is stored and sent before the room's doc applies it, so an update the
// judge takes for typing that Yjs integrates otherwise is in the store and at every client before
// anyone finds out. Raw updates built byte by byte: Yjs runs `getMissing` on every struct of an
// update, also on those whose clocks the doc has already (which the judge skips as "a sync step 2
// resending what it got"), so such a struct can make the whole update throw (an origin of its own
// client past its clock) or wait as pending structs (an origin of a client the doc has not seen).
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import { roomUnloaded, signIn, tempDataDir, testServer, type Session } from './helpers';
import { fanOutListener, firstText, RawClient, sameBytes, startDocument, updateOf } from './raw-client';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session;

beforeAll(async () => {
  // rooms unload soon after their last connection closes (a stored log read again on the next open)
  server = await testServer(data.dir, { compactEvery: 10_000, autoVersions: false, idleUnloadMs: 100 });
  coordinator = await signIn(server, 'coordinator');
});

afterAll(async () => {
  await server?.close();
  data.remove();
});


interface RawString {
  text: string;
  origin: { client: number; clock: number } | null;
  rightOrigin: { client: number; clock: number } | null;
}

/** A Yjs v1 update by hand: one group of `client` from `clock`, strings with both neighbours named, no deletions. */
function rawUpdate(client: number, clock: number, strings: RawString[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // groups
  encoding.writeVarUint(e, strings.length);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  for (const s of strings) {
    encoding.writeUint8(e, 4 | (s.origin ? 0x80 : 0) | (s.rightOrigin ? 0x40 : 0)); // ContentString
    if (s.origin) { encoding.writeVarUint(e, s.origin.client); encoding.writeVarUint(e, s.origin.clock); }
    if (s.rightOrigin) { encoding.writeVarUint(e, s.rightOrigin.client); encoding.writeVarUint(e, s.rightOrigin.clock); }
    if (!s.origin && !s.rightOrigin) throw new Error('parent info not written here');
    encoding.writeVarString(e, s.text);
  }
  encoding.writeVarUint(e, 0); // delete set
  return encoding.toUint8Array(e);
}

/**
 * The attack: the attacker's client types 'x' at the end (accepted, stored), then sends one update
 * of that client: 'x' again (known to the doc, skipped by the judge) with `origin` as its left
 * origin, followed by 'y' typed right after 'x' at the client's next clock (typing to the judge).
 */
async function knownStructAttack(title: string, origin: (client: number) => { client: number; clock: number }) {
  const id = await startDocument(coordinator, title);
  const watcher = await fanOutListener(coordinator, id);
  const attacker = await RawClient.open(coordinator, id);
  const client = 0x5eed;
  const typed = updateOf(attacker.doc, (copy) => {
    copy.clientID = client;
    ((copy.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(5, 'x');
  });
  expect(await attacker.sendUpdate(typed)).toEqual([]);
  const attack = rawUpdate(client, 0, [
    { text: 'x', origin: origin(client), rightOrigin: null },
    { text: 'y', origin: { client, clock: 0 }, rightOrigin: null },
  ]);
  attacker.sendUpdate(attack).catch(() => {});
  await Promise.race([attacker.roundTrip(), attacker.closed]);
  await server.rooms.with(id, (room) => room.flush()).catch(() => {});
  return { id, watcher, attacker, attack };
}

async function expectNotTaken(id: string, watcher: { updates: Uint8Array[]; ws: WebSocket }, attack: Uint8Array, text = 'Startx') {
  // neither stored nor sent to anyone
  expect(watcher.updates.some((u) => sameBytes(u, attack))).toBe(false);
  expect((await server.store.load(id))!.updates.some((u) => sameBytes(u, attack))).toBe(false);
  // the document loads (the room afresh, if it was dropped), whole and with nothing pending
  const fresh = await RawClient.open(coordinator, id);
  expect(firstText(fresh.doc)).toBe(text);
  const pending = await server.rooms.with(id, (room) => room.doc.store.pendingStructs !== null || room.doc.store.pendingDs !== null);
  expect(pending).toBe(false);
  fresh.close();
  watcher.ws.close();
}

describe('a stored update that cannot be applied', () => {
  it('is left out when the document loads, with a log line: the document still opens', async () => {
    const id = await startDocument(coordinator, 'stored poison');
    const base = await RawClient.open(coordinator, id);
    const client = 0x5eed;
    const typed = updateOf(base.doc, (copy) => {
      copy.clientID = client;
      ((copy.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(5, 'x');
    });
    const unloaded = roomUnloaded(server, id);
    base.close();
    // the room unloads once no one holds it; then the log gets what an older version might have stored
    await unloaded;
    const poison = rawUpdate(client, 0, [
      { text: 'x', origin: { client, clock: 1000 }, rightOrigin: null },
      { text: 'y', origin: { client, clock: 0 }, rightOrigin: null },
    ]);
    expect(() => { const probe = new Y.Doc(); Y.applyUpdate(probe, typed); Y.applyUpdate(probe, poison); }).toThrow();
    await server.store.appendUpdates(id, [typed, poison]);
    const reader = await RawClient.open(coordinator, id);
    expect(firstText(reader.doc)).toBe('Startx');
    expect(server.logs.join('\n')).toMatch(new RegExp(`collab ${id}: 1 stored update\\(s\\) could not be applied and were left out`));
    // the compaction when the room unloads drops it from the log, and keeps the rest
    const unloadedAgain = roomUnloaded(server, id);
    reader.close();
    await unloadedAgain;
    const stored = (await server.store.load(id))!;
    expect(stored.updates.some((u) => sameBytes(u, poison))).toBe(false);
    const again = await RawClient.open(coordinator, id);
    expect(firstText(again.doc)).toBe('Startx');
    again.close();
  }, 30_000);
});

describe('the short way of typing, attacked', () => {
  it('a known struct whose origin is its own client past its clock (Yjs throws) is not stored: no poison update', async () => {
    const { id, watcher, attacker, attack } = await knownStructAttack('poison', (client) => ({ client, clock: 1000 }));
    attacker.close();
    await expectNotTaken(id, watcher, attack);
  }, 30_000);

  it('a known struct whose origin is a client the doc has not seen (Yjs leaves the rest pending) is not stored or sent', async () => {
    const { id, watcher, attacker, attack } = await knownStructAttack('pending', () => ({ client: 0x7777, clock: 3 }));
    attacker.close();
    await expectNotTaken(id, watcher, attack);
  }, 30_000);

  it('typing with a deletion of length 0 at a client\'s next clock (Yjs throws encoding it as pending) is not stored: no poison update', async () => {
    const id = await startDocument(coordinator, 'zero deletion');
    const watcher = await fanOutListener(coordinator, id);
    const attacker = await RawClient.open(coordinator, id);
    const typed = updateOf(attacker.doc, (copy) => {
      copy.clientID = 0x5eed;
      ((copy.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(5, 'x');
    });
    expect(typed[typed.length - 1]).toBe(0); // no deletions
    // the client that wrote 'Start', at its next clock: nothing there to delete
    const other = [...attacker.doc.store.clients.keys()].find((c) => c !== 0x5eed)!;
    const e = encoding.createEncoder();
    encoding.writeUint8Array(e, typed.subarray(0, typed.length - 1));
    for (const n of [1, other, 1, Y.getState(attacker.doc.store, other), 0]) encoding.writeVarUint(e, n);
    const attack = encoding.toUint8Array(e);
    // sent raw: applying it throws in Yjs (the raw client would apply it once accepted)
    const raw = new WebSocket(`${server.url.replace(/^http/, 'ws')}/collab/${id}`, { headers: { cookie: coordinator.cookie! } });
    await once(raw, 'open');
    const m = encoding.createEncoder();
    encoding.writeVarUint(m, 0);
    syncProtocol.writeUpdate(m, attack);
    raw.send(encoding.toUint8Array(m));
    // a sync step 1 right after: its step 2 comes back once the server has handled the attack
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, 0);
    syncProtocol.writeSyncStep1(step1, new Y.Doc());
    const handled = new Promise<void>((resolve) => {
      const done = () => resolve();
      raw.on('close', done);
      raw.on('message', (data: Buffer) => {
        const d = decoding.createDecoder(new Uint8Array(data));
        if (decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === syncProtocol.messageYjsSyncStep2) done();
      });
    });
    raw.send(encoding.toUint8Array(step1));
    await handled;
    raw.close();
    attacker.close();
    await expectNotTaken(id, watcher, attack, 'Start');
  }, 30_000);
});
