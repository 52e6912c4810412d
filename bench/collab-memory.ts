// Memory per open document: the heap a room (Y.Doc + awareness) of the demo document takes,
// measured over many rooms opened from a SQLite store, after garbage collection. Baseline in the
// same run: bare Y.Docs with the same state applied.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LocalBroker } from '../server/collab/broker';
import { Rooms } from '../server/collab/rooms';
import type { Room } from '../server/collab/room';
import { contentToState } from '../server/content';
import { demoDocument } from '../server/demo';
import { Accounts } from '../server/auth/accounts';
import { openSqliteStore } from '../server/store/sqlite';
import * as Y from 'yjs';
import { runIfMain, type BenchOptions, type BenchResult } from './_util';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Heap per bare Y.Doc holding `state`. */
function bareDocHeap(state: Uint8Array, count: number): number {
  const before = heapUsed();
  const docs = Array.from({ length: count }, () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    return doc;
  });
  const perDoc = (heapUsed() - before) / count;
  docs.forEach((doc) => doc.destroy());
  return perDoc;
}

export async function run({ quick = false }: BenchOptions = {}): Promise<BenchResult> {
  const ROOMS = quick ? 3 : 50;
  const dir = mkdtempSync(join(tmpdir(), 'draftroom-bench-'));
  const store = openSqliteStore(dir);
  const rooms = new Rooms({ store, broker: new LocalBroker(), log: () => {} });
  try {
    const state = contentToState(await demoDocument());
    await new Accounts(store.sql).ensureGroup('EUR', 'CEPT (European Common Proposals)');
    const ids: string[] = [];
    for (let i = 0; i < ROOMS; i++) ids.push((await store.createDocument({ title: `demo ${i}`, group: 'EUR', state })).id);
    const before = heapUsed();
    const open: Room[] = [];
    for (const id of ids) open.push((await rooms.acquire(id))!);
    const perRoom = (heapUsed() - before) / ROOMS;
    const perDoc = bareDocHeap(state, ROOMS);
    const chars = open[0].doc.getXmlFragment('prosemirror').toString().length;
    for (const room of open) room.release();
    return {
      name: `Memory per open document (${ROOMS} rooms of the demo document: cover, MOD Res. 30, SUP, ADD)`,
      rows: [
        { setup: 'baseline: bare Y.Doc with the state', 'stored state (KiB)': (state.byteLength / 1024).toFixed(1), 'content as XML (chars)': chars, 'heap per document (KiB)': (perDoc / 1024).toFixed(0), 'ratio to baseline': '1.0' },
        { setup: 'open room (Y.Doc, awareness, bookkeeping)', 'stored state (KiB)': (state.byteLength / 1024).toFixed(1), 'content as XML (chars)': chars, 'heap per document (KiB)': (perRoom / 1024).toFixed(0), 'ratio to baseline': (perRoom / perDoc).toFixed(1) },
      ],
    };
  } finally {
    await rooms.closeAll();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, run);
