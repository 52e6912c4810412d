// Cold load of the largest fixture: the 14 WTDC-22 resolutions (~960 blocks) stored in SQLite,
// opened by a client on a server that has not loaded it yet: time from the client's connect to its
// first sync (the server reads the state row, builds the room's Y.Doc and sends it). Each sample is
// another copy of the document, so every open is cold. Then a second client on the open room
// (warm). Baseline in the same run: the store's load of the same state plus Y.applyUpdate in this
// process (what the server must do at least, without the network).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as Y from 'yjs';
import { Accounts } from '../server/auth/accounts';
import { contentToState } from '../server/content';
import { openSqliteStore } from '../server/store/sqlite';
import { importDocument } from '../shared/import';
import { median, ms, quantile, runIfMain, timeRuns, type BenchOptions, type BenchResult } from './_util';
import { connect, createDocument, disconnect, startChildServer, type BenchClient } from './collab-server';

const FIXTURE = resolve(import.meta.dirname, '../../shared/fixtures/wtdc22-resolutions.txt');

/** What the server does at least: read the stored state from SQLite and apply it to a Y.Doc. */
async function baseline(content: unknown, runs: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'draftroom-bench-'));
  const store = openSqliteStore(dir);
  try {
    await new Accounts(store.sql).ensureGroup('EUR', 'CEPT (European Common Proposals)');
    const { id } = await store.createDocument({ title: 'wtdc22', group: 'EUR', state: contentToState(content) });
    return await timeRuns(runs, async () => {
      const stored = (await store.load(id))!;
      const doc = new Y.Doc();
      if (stored.state) Y.applyUpdate(doc, stored.state);
      for (const update of stored.updates) Y.applyUpdate(doc, update);
      doc.destroy();
    });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function timedConnect(url: string, id: string): Promise<{ client: BenchClient; ms: number }> {
  const t0 = performance.now();
  const client = await connect(url, id, { presence: false });
  return { client, ms: performance.now() - t0 };
}

export async function run({ quick = false }: BenchOptions = {}): Promise<BenchResult> {
  const runs = quick ? 2 : 10;
  const doc = await importDocument(readFileSync(FIXTURE, 'utf8'), { format: 'text' });
  const content = doc.toJSON();
  const stateBytes = contentToState(content).byteLength;
  let blocks = 0;
  doc.descendants((node) => {
    if (node.isTextblock) blocks++;
    return !node.isTextblock;
  });
  const base = await baseline(content, runs);

  const server = await startChildServer();
  const cold: number[] = [];
  const warm: number[] = [];
  try {
    const ids: string[] = [];
    for (let i = 0; i < runs; i++) ids.push(await createDocument(server.url, `wtdc22 ${i}`, content));
    // A first connection on another document warms the server's code paths up.
    disconnect([(await timedConnect(server.url, ids[0])).client]);
    for (const id of ids.slice(1)) {
      const first = await timedConnect(server.url, id);
      const second = await timedConnect(server.url, id);
      cold.push(first.ms);
      warm.push(second.ms);
      if (second.client.doc.getXmlFragment('prosemirror').length !== doc.childCount) throw new Error('the synced document lacks blocks');
      disconnect([first.client, second.client]);
    }
  } finally {
    await server.stop();
  }
  const baseMedian = median(base);
  const row = (setup: string, samples: number[]) => ({
    setup,
    runs: samples.length,
    'median (ms)': ms(median(samples)),
    'worst (ms)': ms(quantile(samples, 1)),
    'ratio to baseline': (median(samples) / baseMedian).toFixed(1),
  });
  return {
    name: `Cold load of WTDC-22 (${blocks} blocks, stored state ${(stateBytes / 1024).toFixed(0)} KiB) from SQLite: connect to first sync`,
    rows: [
      row('baseline: SQLite load + Y.applyUpdate, in process', base),
      row('cold: first client, the server loads the room', cold),
      row('warm: second client, room open', warm),
    ],
  };
}

runIfMain(import.meta.url, run);
