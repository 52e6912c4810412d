// A hostile second look at compaction in quiet times (server/collab/persistence.ts) and what a
// room remembers of its own log rows (server/collab/compaction.ts), on the real modules: a room's
// Persistence over a real SQLite store and the in-process broker. The clock is vitest's
// (setTimeout and performance.now), so quiet time passes without waiting.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { LocalBroker } from '../../server/collab/broker';
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

/** A room's persistence of document `id` on `store`, and a doc whose every change it queues. */
function room(store: SqliteStore, id: string, opts: Partial<PersistenceOptions> = {}): { doc: Y.Doc; persistence: Persistence; type(count: number): void } {
  const doc = new Y.Doc();
  const persistence = new Persistence(doc, {
    id, topic: `doc:${id}`, store, broker: new LocalBroker(), log: (line) => logs.push(line),
    compactEvery: 5, compactIdleMs: 1000, onFailure: () => logs.push('failed'), ...opts,
  });
  doc.on('update', (update: Uint8Array) => persistence.queue(update, null));
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
