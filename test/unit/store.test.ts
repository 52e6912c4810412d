// The Store interface against both implementations: SQLite (a file in a temp dir) and PostgreSQL
// (a throwaway PostgreSQL 15, a fresh database per test). Two stores on one database stand for two
// servers: their appends racing a compaction loop lose nothing.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { startPostgres, type PostgresEngine } from '../engines/postgres';
import { openPgStore, type PgStore } from '../../server/store/postgres';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite';
import { tempDataDir } from '../integration/helpers';

let engine: PostgresEngine;
const dirs: { remove(): void }[] = [];
beforeAll(async () => { engine = await startPostgres(); });
afterAll(async () => {
  await engine?.destroy();
  for (const d of dirs) d.remove();
});

type AnyStore = SqliteStore | PgStore;
/** A new empty database and a way to open further stores (servers) on it. */
interface Database {
  open(): Promise<AnyStore>;
}

const factories: [string, () => Promise<Database>][] = [
  ['sqlite', async () => {
    const data = tempDataDir();
    dirs.push(data);
    return { open: async () => openSqliteStore(data.dir) };
  }],
  ['postgres', async () => {
    const url = await engine.newDatabase();
    return { open: () => openPgStore(url) };
  }],
];

async function withStores<T>(database: Database, n: number, fn: (...stores: AnyStore[]) => Promise<T>): Promise<T> {
  const stores: AnyStore[] = [];
  for (let i = 0; i < n; i++) stores.push(await database.open());
  try {
    return await fn(...stores);
  } finally {
    for (const s of stores) await s.close();
  }
}

const addGroup = (store: AnyStore, code: string) => store.sql.run('INSERT INTO groups (code, name, created_at) VALUES (?, ?, ?)', [code, code, Date.now()]);

/** An update inserting `text` at the end of a Y.Text of a doc with its own client id. */
function edit(doc: Y.Doc, text: string): Uint8Array {
  let update: Uint8Array | null = null;
  const take = (u: Uint8Array) => { update = u; };
  doc.once('update', take);
  doc.getText('t').insert(doc.getText('t').length, text);
  return update!;
}

function textOf(stored: { state: Uint8Array | null; updates: Uint8Array[] }): string {
  const doc = new Y.Doc();
  if (stored.state) Y.applyUpdate(doc, stored.state);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return doc.getText('t').toString();
}

describe.each(factories)('%s store', (kind, newDatabase) => {
  it('creates, lists by group, renames and deletes documents; an unknown group is refused', async () => {
    await withStores(await newDatabase(), 1, async (store) => {
      expect(store.kind).toBe(kind);
      await store.ping();
      await addGroup(store, 'EUR');
      await addGroup(store, 'ACP');
      const a = await store.createDocument({ id: 'a', title: 'A', group: 'EUR' });
      await store.createDocument({ id: 'b', title: 'B', group: 'ACP' });
      expect(a).toMatchObject({ id: 'a', title: 'A', group: 'EUR' });
      expect(typeof a.createdAt).toBe('number');
      await expect(store.createDocument({ title: 'x', group: 'NOPE' })).rejects.toThrow("no such group 'NOPE'");
      expect((await store.listDocuments(['ACP'])).map((d) => d.id)).toEqual(['b']);
      expect((await store.listDocuments()).map((d) => d.id).sort()).toEqual(['a', 'b']);
      expect(await store.getDocument('a')).toEqual(a);
      expect((await store.renameDocument('a', 'A2'))?.title).toBe('A2');
      expect(await store.renameDocument('zz', 'x')).toBeUndefined();
      expect(await store.deleteDocument('a')).toBe(true);
      expect(await store.deleteDocument('a')).toBe(false);
      expect(await store.load('a')).toBeUndefined();
    });
  });

  it('keeps the initial state, appends, counts pending updates and compacts by merging', async () => {
    await withStores(await newDatabase(), 1, async (store) => {
      await addGroup(store, 'EUR');
      const doc = new Y.Doc();
      const first = edit(doc, 'hello');
      await store.createDocument({ id: 'd', title: 'D', group: 'EUR', state: first });
      expect(await store.appendUpdates('d', [edit(doc, ' big'), edit(doc, ' world')])).toBe(2);
      expect(await store.appendUpdates('d', [edit(doc, '!')])).toBe(3);
      let stored = (await store.load('d'))!;
      expect(stored.updates).toHaveLength(3);
      expect(textOf(stored)).toBe('hello big world!');
      await store.compact('d');
      stored = (await store.load('d'))!;
      expect(stored.updates).toEqual([]);
      expect(textOf(stored)).toBe('hello big world!');
      await expect(store.appendUpdates('nope', [edit(new Y.Doc(), 'x')])).rejects.toThrow();
      // With a state given, it is merged with what is stored, not put in its place.
      const other = new Y.Doc();
      Y.applyUpdate(other, stored.state!);
      const mine = edit(doc, ' mine');
      await store.appendUpdates('d', [mine]);
      const theirs = edit(other, ' theirs');
      await store.compact('d', Y.encodeStateAsUpdate(other));
      stored = (await store.load('d'))!;
      expect(stored.updates).toEqual([]);
      const text = textOf(stored);
      expect(text).toContain(' mine');
      expect(text).toContain(' theirs');
      expect(theirs.length).toBeGreaterThan(0);
    });
  });

  it('gives a document the time of its last edit, however close together the edits come', async () => {
    const database = await newDatabase();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const doc = new Y.Doc();
      const updatedAt = async (store: AnyStore) => (await store.getDocument('d'))!.updatedAt;
      await withStores(database, 1, async (store) => {
        await addGroup(store, 'EUR');
        vi.setSystemTime(1_000_000);
        await store.createDocument({ id: 'd', title: 'D', group: 'EUR', state: edit(doc, 'a') });
        vi.setSystemTime(1_000_100);
        await store.appendUpdates('d', [edit(doc, 'b')]);
        vi.setSystemTime(1_000_200); // within a second of the last: SQLite holds the time back
        await store.appendUpdates('d', [edit(doc, 'c')]);
        expect((await store.listDocuments())[0].updatedAt).toBe(1_000_200);
        vi.setSystemTime(1_000_300);
        await store.appendUpdates('d', [edit(doc, 'd'), edit(doc, 'e')]);
        expect(await updatedAt(store)).toBe(1_000_300);
        vi.setSystemTime(1_000_400);
        await store.appendUpdates('d', [edit(doc, 'f')]);
        await store.compact('d');
        expect(await updatedAt(store)).toBe(1_000_400);
        vi.setSystemTime(1_000_500);
        await store.appendUpdates('d', [edit(doc, 'g')]);
      });
      // closed and opened again, as after a restart
      await withStores(database, 1, async (store) => {
        expect(await updatedAt(store)).toBe(1_000_500);
        expect(textOf((await store.load('d'))!)).toBe('abcdefg');
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps versions in order and takes an automatic version once per edit', async () => {
    await withStores(await newDatabase(), 2, async (store, other) => {
      await addGroup(store, 'EUR');
      const doc = new Y.Doc();
      await store.createDocument({ id: 'd', title: 'D', group: 'EUR', state: edit(doc, 'x') });
      const state = Y.encodeStateAsUpdate(doc);
      const v1 = await store.createVersion('d', 'one', state);
      const v2 = await store.createVersion('d', 'two', state);
      expect((await other.listVersions('d')).map((v) => v.name)).toEqual(['one', 'two']);
      expect((await other.getVersion('d', v1.id))?.state).toEqual(state);
      expect(await other.getVersion('d', 'nope')).toBeUndefined();
      // Two servers saw the same edit (at `since`) and both try to save it: one version.
      const since = Date.now();
      const saved = await Promise.all([store.createAutoVersion('d', 'Auto: a', state, since), other.createAutoVersion('d', 'Auto: b', state, since)]);
      expect(saved.filter(Boolean)).toHaveLength(1);
      expect(await store.createAutoVersion('d', 'Auto: c', state, since)).toBeUndefined();
      // A version since the edit that lacks later edits does not stand in for them.
      edit(doc, 'y');
      expect(await store.createAutoVersion('d', 'Auto: e', Y.encodeStateAsUpdate(doc), since)).toBeDefined();
      expect(await other.createAutoVersion('d', 'Auto: f', Y.encodeStateAsUpdate(doc), since)).toBeUndefined();
      // given the state's vector (a room's doc gives it for free), from the saving store's memory or read
      edit(doc, 'z');
      const vector = Y.encodeStateVector(doc);
      expect(await store.createAutoVersion('d', 'Auto: g', Y.encodeStateAsUpdate(doc), since, vector)).toBeDefined();
      expect(await store.createAutoVersion('d', 'Auto: h', Y.encodeStateAsUpdate(doc), since, vector)).toBeUndefined();
      expect(await other.createAutoVersion('d', 'Auto: i', Y.encodeStateAsUpdate(doc), since, vector)).toBeUndefined();
      edit(doc, '!');
      expect(await other.createAutoVersion('d', 'Auto: j', Y.encodeStateAsUpdate(doc), since, Y.encodeStateVector(doc))).toBeDefined();
      expect((await store.listVersions('d')).map((v) => v.id).slice(0, 2)).toEqual([v1.id, v2.id]);
    });
  });

  it('drops deleted text from the state row when a room compacts with its garbage-collected state', async () => {
    await withStores(await newDatabase(), 1, async (store) => {
      await addGroup(store, 'EUR');
      const doc = new Y.Doc();
      await store.createDocument({ id: 'd', title: 'D', group: 'EUR', state: edit(doc, 'x'.repeat(50_000)) });
      await store.appendUpdates('d', [edit(doc, 'kept')]);
      doc.getText('t').delete(0, 50_000);
      await store.compact('d', Y.encodeStateAsUpdate(doc));
      const stored = (await store.load('d'))!;
      expect(textOf(stored)).toBe('kept');
      expect(stored.state!.length).toBeLessThan(1000);
    });
  });

  it('loses no update when two servers append while one compacts in a loop', async () => {
    await withStores(await newDatabase(), 2, async (a, b) => {
      await addGroup(a, 'EUR');
      // A state of many items makes each merge take a while: appends land between its read and its delete.
      const big = new Y.Doc();
      for (let i = 0; i < 1000; i++) big.getText('t').insert(0, `${i % 10}`);
      await a.createDocument({ id: 'd', title: 'D', group: 'EUR', state: Y.encodeStateAsUpdate(big) });
      const writers = [new Y.Doc(), new Y.Doc(), new Y.Doc(), new Y.Doc()];
      let appending = true;
      const compactor = (async () => {
        let rounds = 0;
        while (appending) {
          await (rounds % 2 ? a : b).compact('d');
          rounds++;
          await new Promise((next) => setImmediate(next));
        }
        return rounds;
      })();
      const expected: string[] = [];
      await Promise.all(writers.map(async (doc, w) => {
        for (let i = 0; i < 40; i++) {
          const word = `<${w}.${i}>`;
          expected.push(word);
          await (w % 2 ? a : b).appendUpdates('d', [edit(doc, word)]);
          await new Promise((next) => setImmediate(next)); // let the compaction loop run between appends
        }
      }));
      appending = false;
      expect(await compactor).toBeGreaterThan(2); // compactions ran while the appends went on
      const text = textOf((await b.load('d'))!);
      for (const word of expected) expect(text).toContain(word);
    });
  });

  it('stores any batch of updates and reads it back whole (property)', async () => {
    await withStores(await newDatabase(), 1, async (store) => {
      await addGroup(store, 'EUR');
      let n = 0;
      await fc.assert(fc.asyncProperty(fc.array(fc.uint8Array({ minLength: 0, maxLength: 300 }), { minLength: 1, maxLength: 8 }), async (batch) => {
        const id = `p${n++}`;
        await store.createDocument({ id, title: id, group: 'EUR' });
        expect(await store.appendUpdates(id, batch)).toBe(batch.length);
        const stored = (await store.load(id))!;
        expect(stored.updates.map((u) => Array.from(u))).toEqual(batch.map((u) => Array.from(u)));
      }), { numRuns: 25 });
    });
  });
});

describe('postgres store when the database goes away', () => {
  it('refuses with a clear error while PostgreSQL is down and works again when it is back', async () => {
    const lines: string[] = [];
    const store = await openPgStore(await engine.newDatabase(), { log: (line) => lines.push(line) });
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown) => unhandled.push(err);
    process.on('unhandledRejection', onUnhandled);
    try {
      await addGroup(store, 'EUR');
      await store.createDocument({ id: 'd', title: 'D', group: 'EUR' });
      const doc = new Y.Doc();
      await store.appendUpdates('d', [edit(doc, 'before ')]);
      await engine.stop();
      await expect(store.ping()).rejects.toThrow(/database is unavailable/);
      await expect(store.appendUpdates('d', [edit(new Y.Doc(), 'lost')])).rejects.toThrow(/database is unavailable/);
      await engine.start();
      await store.ping();
      await store.appendUpdates('d', [edit(doc, 'after')]);
      expect(textOf((await store.load('d'))!)).toBe('before after');
      expect(lines.some((l) => /connection lost/.test(l))).toBe(true);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await store.close();
    }
  });
});
