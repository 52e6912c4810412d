// The short way of typing (server/collab/room.ts `storeFirst`): a typed update that changes the
// doc is stored, sent to the others and then applied in the turn that read it. What must hold as on
// the long way: the store has every update before anyone receives it (a refused append reaches no
// one, and the typist keeps the edit), each update is stored once, as the bytes sent, in the order
// sent, also when a burst of keystrokes arrives at once, and the server's doc ends up with them all.
import Database from 'better-sqlite3';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import { CLOSE_TRY_AGAIN } from '../../server/collab/room';
import { signIn, tempDataDir, testServer, waitFor, type Session } from './helpers';
import { fanOutListener, firstText, RawClient, sameBytes, startDocument } from './raw-client';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session;

beforeAll(async () => {
  // compaction far away: the log holds every update of a test
  server = await testServer(data.dir, { compactEvery: 10_000, autoVersions: false });
  coordinator = await signIn(server, 'coordinator');
});

afterAll(async () => {
  await server?.close();
  data.remove();
});

/** Keystrokes typed one after another into the first paragraph of `doc` from `index`: one update each. */
function keystrokes(doc: Y.Doc, index: number, text: string): Uint8Array[] {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const updates: Uint8Array[] = [];
  copy.on('update', (u: Uint8Array) => updates.push(u));
  const typed = (copy.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;
  [...text].forEach((ch, i) => typed.insert(index + i, ch));
  copy.destroy();
  return updates;
}

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The updates of `updates` that are among `keys` (the server's own, its record of who wrote what, left out), in their order. */
const ofKeys = (updates: Uint8Array[], keys: Uint8Array[]) => updates.filter((u) => keys.some((k) => sameBytes(k, u)));

/** The server's stored log of document `id` (its updates since the last compaction). */
async function storedLog(id: string): Promise<Uint8Array[]> {
  return (await server.store.load(id))!.updates;
}

/** The text of document `id` as the server's room has it now. */
const roomText = (id: string) => server.rooms.with(id, (room) => firstText(room.doc));

describe('the short way of typing', () => {
  it('stores each keystroke once, as sent, before the others get it, and the room applies it', async () => {
    const id = await startDocument(coordinator, 'one keystroke');
    const watcher = await fanOutListener(coordinator, id);
    const writer = await RawClient.open(coordinator, id);
    const before = (await storedLog(id)).length;
    const [key] = keystrokes(writer.doc, 5, '!');
    expect(await writer.sendUpdate(key)).toEqual([]);
    await waitFor(() => watcher.updates.length > 0, [[watcher.ws, 'message']], 'the fan-out');
    expect(watcher.updates[0]).toEqual(key); // before the server's own record of who wrote it
    await server.rooms.with(id, (room) => room.flush());
    const log = (await storedLog(id)).slice(before);
    expect(log[0]).toEqual(key);
    expect(ofKeys(log, [key])).toHaveLength(1);
    expect(await roomText(id)).toBe('Start!');
    // sent again, it changes nothing: neither stored nor sent twice
    expect(await writer.sendUpdate(key)).toEqual([]);
    await server.rooms.with(id, (room) => room.flush());
    expect(ofKeys(await storedLog(id), [key])).toHaveLength(1);
    expect(ofKeys(watcher.updates, [key])).toHaveLength(1);
    writer.close();
    watcher.ws.close();
  });

  it('a burst of keystrokes read at once: each stored once, in order, fanned out in order', async () => {
    const id = await startDocument(coordinator, 'burst');
    const watcher = await fanOutListener(coordinator, id);
    const writer = await RawClient.open(coordinator, id);
    const before = (await storedLog(id)).length;
    const keys = keystrokes(writer.doc, 5, ' typed fast by someone in a hurry');
    // every keystroke written in the same tick: the server reads most of them in one read
    const raw = new WebSocket(`${server.url.replace(/^http/, 'ws')}/collab/${id}`, { headers: { cookie: coordinator.cookie! } });
    await once(raw, 'open');
    for (const key of keys) raw.send(updateMessage(key));
    await waitFor(() => ofKeys(watcher.updates, keys).length >= keys.length, [[watcher.ws, 'message']], 'every keystroke fanned out');
    expect(ofKeys(watcher.updates, keys)).toEqual(keys);
    await server.rooms.with(id, (room) => room.flush());
    expect(ofKeys((await storedLog(id)).slice(before), keys)).toEqual(keys);
    expect(await roomText(id)).toBe('Start typed fast by someone in a hurry');
    raw.close();
    writer.close();
    watcher.ws.close();
  });

  it('a keystroke the store refuses reaches no one; the typist keeps it and it is stored once the store takes writes', async () => {
    const id = await startDocument(coordinator, 'refused keystroke');
    const watcher = await fanOutListener(coordinator, id);
    const typist = await RawClient.open(coordinator, id);
    const [key] = keystrokes(typist.doc, 0, '>');
    const lock = new Database(join(data.dir, 'draftroom.sqlite'));
    lock.exec('BEGIN EXCLUSIVE');
    let closed: { code: number };
    try {
      typist.sendUpdate(key).catch(() => {});
      closed = await typist.closed;
    } finally {
      lock.exec('COMMIT');
      lock.close();
    }
    expect(closed.code).toBe(CLOSE_TRY_AGAIN);
    expect(server.logs.join('\n')).toMatch(/the store refused 1 update\(s\), not broadcast/);
    expect(ofKeys(watcher.updates, [key])).toEqual([]);
    expect(ofKeys(await storedLog(id), [key])).toEqual([]);
    // the typist, back, sends the keystroke again (as a provider's sync step 2 would carry it)
    const again = await RawClient.open(coordinator, id);
    expect(await again.sendUpdate(key)).toEqual([]);
    await server.rooms.with(id, (room) => room.flush());
    expect(ofKeys(await storedLog(id), [key])).toHaveLength(1);
    expect(await roomText(id)).toBe('>Start');
    again.close();
    watcher.ws.close();
  }, 30_000);
});

