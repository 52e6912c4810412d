// The lean update path (server/collab/room.ts): a client's update is stored and fanned out as the
// very bytes the client sent (no re-encoding by Yjs), the server's own changes still reach the
// store and the clients, bytes that fail to apply never reach the doc (no separate validation
// decode any more: the guard's shadow is the one decode), and compaction runs after the fact, once
// the update's socket read is handled, keeping every edit across a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { signIn, tempDataDir, testServer, waitFor, type Session } from './helpers';
import { fanOutListener, firstText, RawClient, startDocument, updateOf } from './raw-client';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session;
const COMPACT_EVERY = 8;

beforeAll(async () => {
  server = await testServer(data.dir, { compactEvery: COMPACT_EVERY, compactIdleMs: 0, directEdits: false, autoVersions: false });
  coordinator = await signIn(server, 'coordinator');
});

afterAll(async () => {
  await server?.close();
  data.remove();
});

const typeAt = (index: number, text: string) => (copy: Y.Doc) => {
  ((copy.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(index, text);
};

describe('the lean update path', () => {
  it('stores and fans out the bytes a client sent, unchanged', async () => {
    const id = await startDocument(coordinator, 'pass-through');
    const watcher = await fanOutListener(coordinator, id);
    const writer = await RawClient.open(coordinator, id);
    // bytes that differ from Yjs's encoding of the change: the edit merged with what the server has
    const update = Y.mergeUpdates([Y.encodeStateAsUpdate(writer.doc), updateOf(writer.doc, typeAt(5, ' one'))]);
    expect(await writer.sendUpdate(update)).toEqual([]);
    await waitFor(() => watcher.updates.length > 0, [[watcher.ws, 'message']], 'the fan-out');
    expect(watcher.updates[0]).toEqual(update);
    const stored = await server.store.load(id);
    // stored as sent (the server's record of who owns the writer's client id may follow it)
    expect(stored!.updates).toContainEqual(update);
    writer.close();
    watcher.ws.close();
  });

  it('stores and fans out the server\'s own changes (a sync step 2 is re-encoded, the attribution written)', async () => {
    const id = await startDocument(coordinator, 'server changes');
    const watcher = await fanOutListener(coordinator, id);
    const writer = await RawClient.open(coordinator, id);
    const update = updateOf(writer.doc, typeAt(5, ' two'));
    await writer.sendSyncStep2(update);
    await server.rooms.with(id, (room) => room.flush()); // the attribution, written by the server
    await waitFor(() => watcher.updates.length >= 2, [[watcher.ws, 'message']], 'both fan-outs');
    const fresh = new Y.Doc();
    for (const u of watcher.updates) Y.applyUpdate(fresh, u);
    expect(fresh.getMap('users').size).toBe(1);
    const stored = await server.store.load(id);
    const reloaded = new Y.Doc();
    if (stored!.state) Y.applyUpdate(reloaded, stored!.state);
    for (const u of stored!.updates) Y.applyUpdate(reloaded, u);
    expect(firstText(reloaded)).toBe('Start two');
    expect(reloaded.getMap('users').size).toBe(1);
    writer.close();
    watcher.ws.close();
  });

  it('closes the connection on bytes that fail half way, and applies none of them', async () => {
    const id = await startDocument(coordinator, 'half an update');
    const writer = await RawClient.open(coordinator, id);
    // valid structs, then a delete set that claims more than the message holds
    const typed = updateOf(writer.doc, typeAt(5, ' never'));
    const withoutDs = typed.subarray(0, typed.length - 1); // the structs and an empty delete set's count dropped
    const broken = new Uint8Array([...withoutDs, 3, 200, 1]);
    expect(() => Y.applyUpdate(new Y.Doc(), broken)).toThrow();
    await writer.sendUpdate(broken).catch(() => []);
    expect((await writer.closed).code).toBe(1003);
    const reader = await RawClient.open(coordinator, id);
    expect(firstText(reader.doc)).toBe('Start');
    expect((await server.store.load(id))!.updates).toEqual([]);
    reader.close();
  });

  it('compacts the log after the threshold, after the update, and keeps every edit across a restart', async () => {
    const id = await startDocument(coordinator, 'compaction');
    const writer = await RawClient.open(coordinator, id);
    let expected = 'Start';
    for (let i = 0; i < COMPACT_EVERY * 3 + 3; i++) {
      expect(await writer.sendUpdate(updateOf(writer.doc, typeAt(expected.length, `${i % 10}`)))).toEqual([]);
      expected += `${i % 10}`;
    }
    await server.rooms.with(id, (room) => room.flush());
    // compaction runs after the update, in the room's chain: a second flush comes after it
    await new Promise((resolve) => setImmediate(resolve));
    await server.rooms.with(id, (room) => room.flush());
    const stored = await server.store.load(id);
    expect(stored!.updates.length).toBeLessThan(COMPACT_EVERY);
    writer.close();
    await server.close();
    server = await testServer(data.dir, { compactEvery: COMPACT_EVERY, compactIdleMs: 0, directEdits: false, autoVersions: false });
    coordinator = await signIn(server, 'coordinator');
    const reader = await RawClient.open(coordinator, id);
    expect(firstText(reader.doc)).toBe(expected);
    reader.close();
  });

  it('compaction writes the doc holding what other servers stored: their log rows and their state row', async () => {
    const id = await startDocument(coordinator, 'others');
    const writer = await RawClient.open(coordinator, id);
    let expected = 'Start';
    const type = async (text: string) => {
      expect(await writer.sendUpdate(updateOf(writer.doc, typeAt(firstText(writer.doc).length, text)))).toEqual([]);
      expected += text;
    };
    await type('a');
    await server.rooms.with(id, (room) => room.flush());
    // another server's update, in the log only (this room never received it)
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(writer.doc));
    const theirs = updateOf(other, typeAt(0, '>'));
    Y.applyUpdate(other, theirs);
    await server.store.appendUpdates(id, [theirs]);
    for (let i = 0; i < COMPACT_EVERY; i++) await type(`${i}`);
    await server.rooms.with(id, (room) => room.flush());
    await new Promise((resolve) => setImmediate(resolve));
    await server.rooms.with(id, (room) => room.flush());
    expect((await server.store.load(id))!.updates.length).toBeLessThan(COMPACT_EVERY);
    // the room absorbed it on compaction, and its clients got it
    await waitFor(() => firstText(writer.doc) === `>${expected}`, [[writer.doc, 'update']], 'the other server\'s logged update at the client');
    // another server's compaction: a state row holding one more change of theirs
    const more = updateOf(other, typeAt(1, '<'));
    Y.applyUpdate(other, more);
    Y.applyUpdate(other, Y.encodeStateAsUpdate(writer.doc));
    await server.store.compact(id, Y.encodeStateAsUpdate(other));
    for (let i = 0; i < COMPACT_EVERY; i++) await type(`${i}`);
    await server.rooms.with(id, (room) => room.flush());
    await new Promise((resolve) => setImmediate(resolve));
    await server.rooms.with(id, (room) => room.flush());
    await waitFor(() => firstText(writer.doc) === `><${expected}`, [[writer.doc, 'update']], 'the other server\'s compacted change at the client');
    const stored = (await server.store.load(id))!;
    const reread = new Y.Doc();
    if (stored.state) Y.applyUpdate(reread, stored.state);
    for (const u of stored.updates) Y.applyUpdate(reread, u);
    expect(firstText(reread)).toBe(`><${expected}`);
    writer.close();
  });
});
