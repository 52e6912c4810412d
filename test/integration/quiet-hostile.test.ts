// A hostile second look at compaction in quiet times (server/collab/persistence.ts) on a real
// server: a room whose compaction waits for a quiet time that never comes before the room unloads,
// or before the server shuts down. The room compacts as it closes, nothing is lost, and the store
// closes with its write-ahead log folded into the database file. And on two servers (PostgreSQL and
// Redis), a quiet server compacting while a busy one types: the busy room lets go of its copies
// of the rows the quiet one compacted.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openSqliteStore } from '../../server/store/sqlite';
import { roomUnloaded, signIn, tempDataDir, testServer, type Session } from './helpers';
import { firstText, RawClient, startDocument, storedText, typeAtEnd, updateOf } from './raw-client';
import { newDocument, startCluster } from './scale-cluster';

const COMPACT_EVERY = 5;
/** Longer than any test: a compaction waiting for a quiet time never runs on its own. */
const NEVER_QUIET_MS = 10 * 60_000;
const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session;

beforeAll(async () => {
  server = await testServer(data.dir, { compactEvery: COMPACT_EVERY, compactIdleMs: NEVER_QUIET_MS, idleUnloadMs: 50, directEdits: false, autoVersions: false });
  coordinator = await signIn(server, 'coordinator');
});

afterAll(async () => {
  await server?.close();
  data.remove();
});

describe('a compaction waiting for a quiet time', () => {
  it('is done by the room as it unloads: the log compacted, nothing lost', async () => {
    const id = await startDocument(coordinator, 'unloads while waiting');
    const writer = await RawClient.open(coordinator, id);
    await typeAtEnd(writer, COMPACT_EVERY * 2 + 1); // past the threshold, short of the bound
    await server.rooms.with(id, (room) => room.flush());
    expect((await server.store.load(id))!.updates.length).toBeGreaterThan(COMPACT_EVERY * 2);

    const unloaded = roomUnloaded(server, id);
    writer.close();
    await unloaded;
    const stored = (await server.store.load(id))!;
    expect(stored.updates).toHaveLength(0);
    expect(storedText(stored)).toBe(firstText(writer.doc));
  });

  it('is done as the server shuts down, and the store closes with its write-ahead log folded', async () => {
    const dir = tempDataDir();
    const own = await testServer(dir.dir, { compactEvery: COMPACT_EVERY, compactIdleMs: NEVER_QUIET_MS, directEdits: false, autoVersions: false });
    try {
      const id = await startDocument(await signIn(own, 'coordinator'), 'shuts down while waiting');
      const writer = await RawClient.open(await signIn(own, 'coordinator'), id);
      await typeAtEnd(writer, COMPACT_EVERY * 2 + 1);
      const closed = writer.closed;
      await own.close();
      expect((await closed).code).toBe(1001);
      expect(existsSync(join(dir.dir, 'draftroom.sqlite-wal'))).toBe(false);
      const store = openSqliteStore(dir.dir);
      try {
        const stored = (await store.load(id))!;
        expect(stored.updates).toHaveLength(0);
        expect(storedText(stored)).toBe(firstText(writer.doc));
      } finally {
        await store.close();
      }
    } finally {
      dir.remove();
    }
  });
});

describe('two servers, one busy and one quiet', () => {
  it('the quiet one compacts the busy one\'s rows: nothing lost, and the busy room keeps no copies of them', async () => {
    const quietMs = 300;
    const cluster = await startCluster(2, { compactEvery: COMPACT_EVERY * 4, compactIdleMs: quietMs, directEdits: false });
    const [busyServer, quietServer] = cluster.servers;
    try {
      // the quiet server's compaction, observed (the store still does it)
      const quietStore = quietServer.store;
      const compact = quietStore.compact.bind(quietStore);
      let quietCompacted = false;
      quietStore.compact = async (...args) => {
        await compact(...args);
        quietCompacted = true;
      };
      const busySession = await signIn(busyServer, 'coordinator');
      const id = await newDocument(busySession, 'busy and quiet');
      const typist = await RawClient.open(busySession, id);
      const other = await RawClient.open({ ...busySession, url: quietServer.url }, id);
      await typeAtEnd(typist, COMPACT_EVERY * 4 + 2); // past the threshold: the busy room waits for a quiet time
      // one keystroke on the quiet server, which then is quiet: it compacts the busy one's rows...
      const stamp = updateOf(other.doc, (copy) => {
        const text = (copy.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;
        text.insert(0, '>');
      });
      expect(await other.sendUpdate(stamp)).toEqual([]);
      // ...while the busy one goes on typing, never quiet, until it has (and a few keys more)
      while (!quietCompacted) await typeAtEnd(typist, 1);
      await typeAtEnd(typist, 3);
      const typed = firstText(typist.doc);
      // the busy room's own compaction (as when it goes quiet or closes): what it remembers
      // appending is what is still in the log, so with nothing typed meanwhile it keeps none
      const ownRows = await busyServer.rooms.with(id, async (room) => {
        await room.flush();
        const persistence = (room as unknown as { persistence: { compaction: { own: unknown[]; stateFrom: Parameters<typeof busyServer.store.compact>[1] } } }).persistence;
        await busyServer.store.compact(id, persistence.compaction.stateFrom);
        return persistence.compaction.own.length;
      });
      expect(ownRows).toBe(0);
      const stored = (await busyServer.store.load(id))!;
      expect(stored.updates).toHaveLength(0);
      expect(storedText(stored)).toBe(typed);
      expect(typed.startsWith('>')).toBe(true);
      typist.close();
      other.close();
    } finally {
      await cluster.close();
    }
  }, 60_000);
});
