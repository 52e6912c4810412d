// A hostile second look at compaction in quiet times (server/collab/persistence.ts) and what a
// room remembers of its own log rows (server/collab/compaction.ts), on the real modules: a room's
// Persistence over a real SQLite store and the in-process broker. The clock is vitest's
// (setTimeout and performance.now), so quiet time passes without waiting.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { LocalBroker, REMOTE } from '../../server/collab/broker';
import { Persistence, type PersistenceOptions } from '../../server/collab/persistence';
import { CHECKPOINT_IDLE_MS } from '../../server/store/sqlite-checkpoints';
import { SqliteStore } from '../../server/store/sqlite';

let dir: string;
let file: string;
const stores: SqliteStore[] = [];
const logs: string[] = [];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  dir = mkdtempSync(join(tmpdir(), 'draftroom-quiet-'));
  file = join(dir, 'draftroom.sqlite');
  logs.length = 0;
});

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  rmSync(dir, { recursive: true, force: true });
  vi.useRealTimers();
});

/** A connection to the test's SQLite file (a second one is what a second process would hold). */
function openStore(): SqliteStore {
  const store = new SqliteStore(file);
  stores.push(store);
  return store;
}

/** A new document in the file. */
async function newDocument(store: SqliteStore, title: string): Promise<string> {
  await store.sql.run('INSERT OR IGNORE INTO groups (code, name, created_at) VALUES (?, ?, ?)', ['EUR', 'EUR', Date.now()]);
  return (await store.createDocument({ title, group: 'EUR' })).id;
}

/** A room's persistence of document `id` on `store`, and a doc whose own changes it queues. */
function room(store: SqliteStore, id: string, opts: Partial<PersistenceOptions> = {}): { doc: Y.Doc; persistence: Persistence; type(count: number): void } {
  const doc = new Y.Doc();
  const persistence = new Persistence(doc, {
    id, topic: `doc:${id}`, store, broker: new LocalBroker(), log: (line) => logs.push(line),
    compactEvery: 5, compactIdleMs: 1000, onFailure: () => logs.push('failed'), ...opts,
  });
  // as room.ts: what a compaction absorbs (origin REMOTE) is stored already
  doc.on('update', (update: Uint8Array, origin: unknown) => { if (origin !== REMOTE) persistence.queue(update, null); });
  const type = (count: number) => {
    for (let i = 0; i < count; i++) doc.getText('t').insert(0, `${i % 10}`);
  };
  return { doc, persistence, type };
}

describe('compaction in a quiet time, attacked', () => {
  it('arms no quiet timer once the room closed, for updates stored by the closing flush', async () => {
    const store = openStore();
    const id = await newDocument(store, 'closing');
    const { persistence, type } = room(store, id, { compactIdleMs: 60_000 });
    // As in room.ts `close`: updates applied (a last keystroke, the attribution's last write) and
    // queued, then the room closes and flushes them, the log crossing the threshold.
    type(6);
    persistence.close();
    await persistence.flush();
    expect((await store.load(id))!.updates).toHaveLength(6);
    vi.advanceTimersByTime(CHECKPOINT_IDLE_MS); // the store's checkpoint timer has run
    // a quiet timer here would hold the closed room's doc until it fired
    expect(vi.getTimerCount()).toBe(0);
  });
});

/** The copies of its own log rows a room keeps to recognise them when it compacts (compaction.ts). */
const ownRows = (persistence: Persistence): number => (persistence.compaction as unknown as { own: Uint8Array[] }).own.length;

describe('a room\'s copies of its own log rows', () => {
  it('are let go when another server (or process) compacted those rows first', async () => {
    // Two connections to one file: two servers (processes) with the document open. With quiet
    // compaction the quiet one compacts the busy one's rows: the busy one must not keep copies of
    // rows no store holds any more (up to MAX_OWN_ROWS per room, each compared and re-applied at
    // every compaction of its own).
    const busyStore = openStore();
    const quietStore = openStore();
    const id = await newDocument(busyStore, 'two servers');
    const busy = room(busyStore, id, { compactEvery: 1000 });
    const quiet = room(quietStore, id, { compactEvery: 1000 });

    busy.type(10);
    await busy.persistence.flush();
    await quietStore.compact(id, quiet.persistence.compaction.stateFrom); // the other server's compaction
    expect((await busyStore.load(id))!.updates).toHaveLength(0);

    busy.type(10);
    await busy.persistence.flush();
    await busyStore.compact(id, busy.persistence.compaction.stateFrom);
    expect((await busyStore.load(id))!.updates).toHaveLength(0);
    expect(ownRows(busy.persistence)).toBe(0);

    // and nothing is lost: what the store holds is what the busy room has
    const stored = (await quietStore.load(id))!;
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, stored.state!);
    expect(reloaded.getText('t').toString()).toBe(busy.doc.getText('t').toString());
    expect(reloaded.getText('t').length).toBe(20);
  });
});

/** Frames in the write-ahead log and frames copied into the database file (sqlite-checkpoints.test.ts). */
function wal(): { frames: number; backfilled: number } {
  const shm = readFileSync(`${file}-shm`);
  return { frames: shm.readUInt32LE(16), backfilled: shm.readUInt32LE(96) };
}

describe('the store\'s checkpoints in quiet times', () => {
  it('wait for a request\'s transaction open across an await, and come once it committed', async () => {
    const store = openStore();
    const id = await newDocument(store, 'checkpoint');
    for (let i = 0; i < 20; i++) await store.appendUpdates(id, [Uint8Array.of(0, 0, i)]);
    // a request's transaction (accounts, library: sql.ts) open across the quiet time
    const committed = store.sql.transaction(async (tx) => {
      await tx.run('INSERT INTO groups (code, name, created_at) VALUES (?, ?, ?)', ['ITU', 'ITU', 1]);
      await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_IDLE_MS * 3));
    });
    await vi.advanceTimersByTimeAsync(CHECKPOINT_IDLE_MS * 2);
    expect(wal().backfilled).toBe(0);
    await vi.advanceTimersByTimeAsync(CHECKPOINT_IDLE_MS);
    await committed;
    expect(await store.sql.get('SELECT code FROM groups WHERE code = ?', ['ITU'])).toEqual({ code: 'ITU' });
    // nothing written since: the next check folds the log, the transaction's commit with it
    await vi.advanceTimersByTimeAsync(CHECKPOINT_IDLE_MS);
    expect(wal().backfilled).toBe(wal().frames);
    expect(wal().frames).toBeGreaterThan(0);
  });

  it('stop when the store closes: no timer left, and the log folded into the file', async () => {
    const store = openStore();
    const id = await newDocument(store, 'closing store');
    await store.appendUpdates(id, [Uint8Array.of(0, 0)]);
    expect(vi.getTimerCount()).toBe(1);
    await store.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
