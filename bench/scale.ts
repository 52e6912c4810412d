// Scale-out: what linking servers through Redis (server/collab/redis-broker.ts) costs. Keystroke-to-
// remote latency with 100 clients on one document spread over two `draftroom serve` processes
// (half the receivers get each keystroke from the other server, through the store and a Redis
// stream) against the same 100 clients on one server; and the automerge-paper replay sent to one
// server and read by a client of the other, against one server alone. Baselines run in the same
// run: one server with the in-process broker on SQLite (the default), the same on PostgreSQL
// (the store's share of the cost), and a bare Y.Text for the replay. The two servers share one
// throwaway PostgreSQL database and a throwaway redis-server (test/engines/), as in production.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { startPostgres } from '../test/engines/postgres';
import { startRedis } from '../test/engines/redis';
import { median, ms, quantile, runIfMain, type BenchOptions, type BenchResult } from './_util';
import { ATTRIBUTION, checkText, editCount, loadSequentialTrace, replayIntoText, traceHead } from './_trace';
import {
  benchText, connect, connectMany, createDocument, disconnect, seedParagraph, startChildServer, textReaches, type BenchClient, type ChildServer,
} from './collab-server';

/** BENCH_SCALE_EDITS caps the replay (the whole trace by default). */
const FULL = { clients: 100, keystrokes: 300, replayEdits: Number(process.env.BENCH_SCALE_EDITS) || Infinity };
const QUICK = { clients: 6, keystrokes: 10, replayEdits: 500 };
const WARMUP = 5;

const textOf = (doc: Y.Doc) => (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;

/** The time at which `client` applies its next update from its server. */
function nextRemoteApply(client: BenchClient): Promise<number> {
  return new Promise((resolve) => {
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin !== client.provider) return;
      client.doc.off('update', onUpdate);
      resolve(performance.now());
    };
    client.doc.on('update', onUpdate);
  });
}

/** Clients spread round-robin over `urls` on one new document; per keystroke and receiver, ms until applied. */
async function latency(urls: string[], clients: number, keystrokes: number): Promise<number[]> {
  const id = await createDocument(urls[0], `scale latency ${urls.length}`, {
    type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'start' }] }],
  });
  const groups = await Promise.all(urls.map((url, i) => connectMany(url, id, Math.ceil((clients - i) / urls.length), { presence: true })));
  const all = groups.flat();
  const samples: number[] = [];
  try {
    for (let k = 0; k < WARMUP + keystrokes; k++) {
      const sender = all[k % all.length];
      const receivers = all.filter((c) => c !== sender);
      const arrivals = receivers.map(nextRemoteApply);
      const t0 = performance.now();
      textOf(sender.doc).insert(0, 'x');
      const times = (await Promise.all(arrivals)).map((t) => t - t0);
      if (k >= WARMUP) samples.push(...times);
    }
  } finally {
    disconnect(all);
  }
  return samples;
}

/** Replays the trace into a client of `writeUrl`; ms until a client of `readUrl` has the end text. */
async function replay(trace: ReturnType<typeof loadSequentialTrace>, writeUrl: string, readUrl: string): Promise<number> {
  const id = await createDocument(writeUrl, 'scale replay');
  const writer = await connect(writeUrl, id, { presence: false });
  const reader = await connect(readUrl, id, { presence: false });
  const t0 = performance.now();
  Y.applyUpdate(writer.doc, seedParagraph());
  replayIntoText(trace, benchText(writer.doc));
  checkText(benchText(writer.doc).toString(), trace.endContent, 'writer');
  await textReaches(reader, trace.endContent);
  const time = performance.now() - t0;
  disconnect([writer, reader]);
  return time;
}

function bareReplay(trace: ReturnType<typeof loadSequentialTrace>): number {
  const doc = new Y.Doc();
  doc.on('update', () => {});
  const t0 = performance.now();
  replayIntoText(trace, doc.getText('trace'));
  return performance.now() - t0;
}

export async function run({ quick = false }: BenchOptions = {}): Promise<BenchResult> {
  const setup = quick ? QUICK : FULL;
  const full = loadSequentialTrace();
  const trace = Number.isFinite(setup.replayEdits) ? traceHead(full, setup.replayEdits) : full;
  const edits = editCount(trace);
  const redis = await startRedis();
  const postgres = await startPostgres();
  const dataDir = mkdtempSync(join(tmpdir(), 'draftroom-bench-scale-'));
  const servers: ChildServer[] = [];
  try {
    const single = await startChildServer();
    servers.push(single);
    const alone = await startChildServer({ args: ['--database-url', await postgres.newDatabase()] });
    servers.push(alone);
    const shared = await postgres.newDatabase();
    for (let i = 0; i < 2; i++) servers.push(await startChildServer({ dataDir, args: ['--database-url', shared, '--redis-url', redis.url] }));
    const [a, b] = [servers[2].url, servers[3].url];

    const one = await latency([single.url], setup.clients, setup.keystrokes);
    const onePg = await latency([alone.url], setup.clients, setup.keystrokes);
    const two = await latency([a, b], setup.clients, setup.keystrokes);
    const bare = bareReplay(trace);
    const replayOne = await replay(trace, single.url, single.url);
    const replayTwo = await replay(trace, a, b);

    const row = (setup: string, cells: { median?: number; p99?: number; time?: number; ratio: number }) => ({
      setup,
      'median (ms)': cells.median === undefined ? '' : ms(cells.median),
      'p99 (ms)': cells.p99 === undefined ? '' : ms(cells.p99),
      'time (ms)': cells.time === undefined ? '' : ms(cells.time),
      'ratio to baseline': cells.ratio.toFixed(2),
    });
    const keys = `${setup.clients} clients on one document, ${setup.keystrokes} keys`;
    return {
      name: `Scale-out through Redis: keystroke-to-remote latency (every receiver) and the automerge-paper replay (${ATTRIBUTION}; ${edits} edits), two servers vs one`,
      rows: [
        row(`baseline: ${keys}, one server (in-process broker)`, { median: median(one), p99: quantile(one, 0.99), ratio: 1 }),
        row(`${keys}, one server on PostgreSQL`, { median: median(onePg), p99: quantile(onePg, 0.99), ratio: median(onePg) / median(one) }),
        row(`${keys}, spread over two servers on PostgreSQL linked by Redis`, { median: median(two), p99: quantile(two, 0.99), ratio: median(two) / median(one) }),
        row('baseline: replay into a bare Y.Text', { time: bare, ratio: 1 }),
        row('replay through one server, read on it', { time: replayOne, ratio: replayOne / bare }),
        row('replay sent to server A, read on server B (PostgreSQL, Redis)', { time: replayTwo, ratio: replayTwo / bare }),
      ],
    };
  } finally {
    for (const server of servers) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await redis.destroy();
    await postgres.destroy();
  }
}

runIfMain(import.meta.url, run);
