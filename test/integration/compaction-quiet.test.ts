// Compaction waits for a quiet time (server/collab/persistence.ts `compactIfDue`): once a
// document's log crossed the threshold, it is compacted when no update came for `compactIdleMs`,
// not between two keystrokes of someone typing, unless the log grew to COMPACT_ANYWAY_FACTOR times
// the threshold or the room logged `compactBytes` since its last compaction. Either way nothing is lost: the stored state and log hold every keystroke. The
// store's compact is observed (it still does the work) to know when a compaction ran.
import { EventEmitter, once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPACT_ANYWAY_FACTOR } from '../../server/collab/persistence';
import { signIn, tempDataDir, testServer, type Session } from './helpers';
import { firstText, keystrokesAtEnd, RawClient, startDocument, storedText, textAtEnd, typeAtEnd } from './raw-client';

const COMPACT_EVERY = 5;
const QUIET_MS = 300;
/** The bytes logged since the last compaction past which a room compacts, quiet or not (the default is 16 MiB). */
const COMPACT_BYTES = 20_000;
const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session;
const compactions = new EventEmitter();

beforeAll(async () => {
  server = await testServer(data.dir, { compactEvery: COMPACT_EVERY, compactIdleMs: QUIET_MS, compactBytes: COMPACT_BYTES, directEdits: false, autoVersions: false });
  coordinator = await signIn(server, 'coordinator');
  const store = server.store;
  const compact = store.compact.bind(store);
  store.compact = async (id, state) => {
    const startedAt = performance.now();
    let rows = -1;
    // a room's compaction reads the log through its StateFrom: how many rows it folded
    const counted: typeof state = typeof state === 'function' ? (stored) => { rows = stored.updates.length; return state(stored); } : state;
    await compact(id, counted);
    compactions.emit('compacted', id, startedAt, rows);
  };
});

afterAll(async () => {
  await server?.close();
  data.remove();
});

/** The next compaction of document `id`: when it started. */
async function nextCompaction(id: string): Promise<number> {
  for (;;) {
    const [compacted, startedAt] = await once(compactions, 'compacted');
    if (compacted === id) return startedAt;
  }
}

/** What a client loading document `id` afresh reads. */
async function reloaded(id: string): Promise<string> {
  await server.rooms.with(id, (room) => room.flush());
  return storedText((await server.store.load(id))!);
}

describe('compaction in a quiet time', () => {
  it('leaves the log alone while someone types, and compacts it once the room is quiet', async () => {
    const id = await startDocument(coordinator, 'quiet');
    const writer = await RawClient.open(coordinator, id);
    const compacted = nextCompaction(id);
    let ran = false;
    void compacted.then(() => { ran = true; });
    const keys = COMPACT_EVERY * 2 + 2; // past the threshold, short of the bound
    const lastKeyAt = await typeAtEnd(writer, keys);
    await server.rooms.with(id, (room) => room.flush());
    expect(ran).toBe(false);
    expect((await server.store.load(id))!.updates.length).toBeGreaterThanOrEqual(keys);

    const startedAt = await compacted;
    expect(startedAt - lastKeyAt).toBeGreaterThanOrEqual(QUIET_MS - 5);
    expect((await server.store.load(id))!.updates.length).toBeLessThan(COMPACT_EVERY);
    expect(await reloaded(id)).toBe(firstText(writer.doc));
    writer.close();
  });

  it('compacts without a quiet time once the log is several times the threshold', async () => {
    const id = await startDocument(coordinator, 'busy');
    const writer = await RawClient.open(coordinator, id);
    const compacted = nextCompaction(id);
    const lastKeyAt = await typeAtEnd(writer, COMPACT_EVERY * COMPACT_ANYWAY_FACTOR + 3);
    // it ran between two keystrokes, right after the one that reached the bound
    expect(await compacted).toBeLessThan(lastKeyAt);
    expect(await reloaded(id)).toBe(firstText(writer.doc));
    writer.close();
  });

  it('compacts on schedule under a flood of updates sent at once: no compaction folds much more than the bound', async () => {
    const id = await startDocument(coordinator, 'flood');
    const writer = await RawClient.open(coordinator, id);
    const folded: number[] = [];
    const record = (compacted: string, _at: number, rows: number) => { if (compacted === id) folded.push(rows); };
    compactions.on('compacted', record);
    const updates = keystrokesAtEnd(writer.doc, 20_000);
    expect(await writer.sendUpdatesAtOnce(updates)).toEqual([]);
    await server.rooms.with(id, (room) => room.flush());
    compactions.off('compacted', record);
    // Node reads a socket in chunks of 64 KiB: a compaction due runs once the chunk that crossed
    // the bound is handled, never after the whole of what the socket holds (up to 32 chunks a
    // turn, thousands of updates, by when the room had forgotten which rows were its own)
    const perChunk = Math.ceil(65_536 / Math.min(...updates.map((u) => u.length)));
    expect(folded.length).toBeGreaterThan(0);
    expect(Math.max(...folded)).toBeLessThanOrEqual(COMPACT_EVERY * COMPACT_ANYWAY_FACTOR + perChunk);
    expect(await reloaded(id)).toBe(firstText(writer.doc));
    writer.close();
  }, 60_000);

  it('compacts without a quiet time once large updates (pastes) logged many bytes, few as they are', async () => {
    const id = await startDocument(coordinator, 'pastes');
    const writer = await RawClient.open(coordinator, id);
    const compacted = nextCompaction(id);
    const paste = 'x'.repeat(COMPACT_BYTES / 4);
    let lastPasteAt = 0;
    // five pastes, short of the threshold's count: the fourth reaches the bytes
    for (let i = 0; i < COMPACT_EVERY; i++) {
      const update = textAtEnd(writer, paste);
      lastPasteAt = performance.now();
      expect(await writer.sendUpdate(update)).toEqual([]);
    }
    expect(await compacted).toBeLessThan(lastPasteAt);
    expect(await reloaded(id)).toBe(`Start${paste.repeat(COMPACT_EVERY)}`);
    writer.close();
  });
});
