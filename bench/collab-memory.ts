// Memory per open document: the heap a room (Y.Doc + awareness) of the demo document takes,
// measured over many rooms opened from a SQLite store, after garbage collection.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LocalBroker } from '../server/collab/broker';
import { Rooms } from '../server/collab/rooms';
import type { Room } from '../server/collab/room';
import { contentToState } from '../server/content';
import { demoContent } from '../server/demo';
import { Accounts } from '../server/auth/accounts';
import { openSqliteStore } from '../server/store/sqlite';
import { runIfMain, type BenchResult } from './_util';

const ROOMS = 50;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'draftroom-bench-'));
  const store = openSqliteStore(dir);
  const rooms = new Rooms({ store, broker: new LocalBroker(), log: () => {} });
  try {
    const state = contentToState(await demoContent(() => {}));
    new Accounts(store.db).ensureGroup('EUR', 'CEPT (European Common Proposals)');
    const ids: string[] = [];
    for (let i = 0; i < ROOMS; i++) ids.push((await store.createDocument({ title: `demo ${i}`, group: 'EUR', state })).id);
    const before = heapUsed();
    const open: Room[] = [];
    for (const id of ids) open.push((await rooms.acquire(id))!);
    const perRoom = (heapUsed() - before) / ROOMS;
    const chars = open[0].doc.getXmlFragment('prosemirror').toString().length;
    for (const room of open) room.release();
    return {
      name: `Memory per open document (${ROOMS} rooms of the demo document)`,
      rows: [{
        document: 'demo (cover, MOD Res. 30, SUP, ADD)',
        'stored state (KiB)': (state.byteLength / 1024).toFixed(1),
        'content as XML (chars)': chars,
        'heap per open room (KiB)': (perRoom / 1024).toFixed(0),
      }],
    };
  } finally {
    await rooms.closeAll();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, run);
