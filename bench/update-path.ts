// Benchmark: what the integrity checks (server/collab/guard.ts: strict-doc.ts, drafter-check.ts,
// comments-check.ts) cost on the update path. Two servers in this process on copies of one data
// folder (so the users are the same), one with the checks and one with the bare path
// (`checkUpdates: false`: decode, apply, store, fan out), get the same recorded client updates,
// each its own WebSocket message, sent at once; a run ends when a sync round trip after the last
// one is answered and the room has stored everything. Workloads: the first edits of automerge-
// paper as editor transactions on paragraphs (bench/_pm-replay.ts), by a drafter in track mode
// and by a coordinator without. Runs interleave (checked, bare) and the ratio is the median of
// the pairs. Every run is checked: no update refused, the stored text is the trace's.
import { once } from 'node:events';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import { prosemirrorToYDoc } from 'y-prosemirror';
import { schema } from '../shared/schema';
import { startServer, type RunningServer } from '../server/main';
import { fragmentText, replayThroughProseMirror } from './_pm-replay';
import { ATTRIBUTION, checkText, editCount, loadSequentialTrace, traceHead, type SequentialTrace } from './_trace';
import { median, ms, runIfMain, type BenchOptions, type BenchResult } from './_util';

const EDITS = Number(process.env.UPDATE_PATH_EDITS ?? 20_000);
const QUICK_EDITS = 200;
// five runs of 20,000 edits: with three of 10,000 (~0.4 s each) the ratio moved from 0.8x to 2.1x between runs
const REPS = 5;
const TARGET = 1.2;
const PASSWORDS = { coordinator: 'demo-coordinator', drafter: 'demo-drafter' } as const;
type Who = keyof typeof PASSWORDS;

interface Session { cookie: string; csrfToken: string; user: { id: string; name: string } }

async function signIn(url: string, name: Who): Promise<Session> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password: PASSWORDS[name] }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${name}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string; user: { id: string; name: string } };
  return { cookie: res.headers.get('set-cookie')!.split(';')[0], csrfToken: body.csrfToken, user: body.user };
}

/** The replay's starting point, one empty paragraph: the same Yjs state (same items) in every document. */
const SEED = Y.encodeStateAsUpdate(prosemirrorToYDoc(schema.node('doc', null, [schema.node('paragraph')]), 'prosemirror'));

async function emptyDocument(server: RunningServer): Promise<string> {
  return (await server.store.createDocument({ title: 'update path', group: 'EUR', state: SEED })).id;
}

/** A raw y-protocols socket: counts refusals, resolves sync step 2s in order. */
class Socket {
  refused = 0;
  private steps2: (() => void)[] = [];
  private constructor(readonly ws: WebSocket, readonly doc: Y.Doc) {
    ws.on('message', (raw: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(raw));
      const type = decoding.readVarUint(decoder);
      if (type === 2) this.refused++;
      if (type !== 0) return;
      const kind = syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), this.doc, 'server');
      if (kind === syncProtocol.messageYjsSyncStep2) this.steps2.shift()?.();
    });
  }

  static async open(url: string, id: string, as: Session): Promise<Socket> {
    const socket = new Socket(new WebSocket(`${url.replace(/^http/, 'ws')}/collab/${id}`, { headers: { cookie: as.cookie } }), new Y.Doc());
    await once(socket.ws, 'open');
    await socket.roundTrip();
    return socket;
  }

  /** Sync step 1; resolves with the server's step 2, once everything sent before is handled. */
  roundTrip(): Promise<void> {
    const done = new Promise<void>((resolve) => this.steps2.push(resolve));
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    this.ws.send(encoding.toUint8Array(encoder));
    return done;
  }

  close(): void {
    this.ws.close();
    this.doc.destroy();
  }
}

const updateMessage = (update: Uint8Array): Uint8Array => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
};

/** The replay's updates as a client of `who` sends them, each one message, made on the server's empty document. */
async function record(server: RunningServer, as: Session, trace: SequentialTrace, track: boolean): Promise<Uint8Array[]> {
  const id = await emptyDocument(server);
  const socket = await Socket.open(server.url, id, as);
  const doc = socket.doc;
  socket.close();
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
  const messages: Uint8Array[] = [];
  client.on('update', (update: Uint8Array) => messages.push(updateMessage(update)));
  replayThroughProseMirror(trace, { track, fragment: client.getXmlFragment('prosemirror'), author: as.user });
  return messages;
}

/** Sends the messages on a new document of `server`; ms until all are handled and stored. */
async function replay(server: RunningServer, as: Session, messages: Uint8Array[], trace: SequentialTrace, what: string): Promise<number> {
  const id = await emptyDocument(server);
  const socket = await Socket.open(server.url, id, as);
  const t0 = performance.now();
  for (const message of messages) socket.ws.send(message);
  await socket.roundTrip();
  await server.rooms.with(id, (room) => room.flush());
  const time = performance.now() - t0;
  if (socket.refused) throw new Error(`${what}: ${socket.refused} updates refused`);
  socket.close();
  const stored = (await server.store.load(id))!;
  const doc = new Y.Doc();
  if (stored.state) Y.applyUpdate(doc, stored.state);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  checkText(fragmentText(doc.getXmlFragment('prosemirror')), trace.endContent, `${what}: stored text`);
  return time;
}

export async function run({ quick = false }: BenchOptions = {}): Promise<BenchResult> {
  const trace = traceHead(loadSequentialTrace(), quick ? QUICK_EDITS : EDITS);
  const edits = editCount(trace);
  const dirs = [mkdtempSync(join(tmpdir(), 'draftroom-bench-')), mkdtempSync(join(tmpdir(), 'draftroom-bench-'))];
  const opts = { port: 0, log: () => {}, directEdits: false as const, autoVersions: false as const, checkBudget: { capacityMs: 1e12, refillMsPerSecond: 1e12 } };
  // the first start seeds the demo users; the copy gives the bare server the same ones
  await (await startServer({ ...opts, dataDir: dirs[0] })).close();
  rmSync(dirs[1], { recursive: true, force: true });
  cpSync(dirs[0], dirs[1], { recursive: true });
  const checked = await startServer({ ...opts, dataDir: dirs[0] });
  const bare = await startServer({ ...opts, dataDir: dirs[1], checkUpdates: false });
  try {
    const rows: Record<string, string | number>[] = [];
    for (const [who, track] of [['drafter', true], ['coordinator', false]] as const) {
      const [onChecked, onBare] = [await signIn(checked.url, who), await signIn(bare.url, who)];
      if (onChecked.user.id !== onBare.user.id) throw new Error('the two servers have different users');
      const messages = await record(checked, onChecked, trace, track);
      const bytes = messages.reduce((n, m) => n + m.length, 0);
      const times = { checked: [] as number[], bare: [] as number[] };
      const reps = quick ? 1 : REPS;
      await replay(bare, onBare, messages, trace, 'warm-up'); // JIT and first room for both paths
      await replay(checked, onChecked, messages, trace, 'warm-up');
      for (let i = 0; i < reps; i++) {
        times.checked.push(await replay(checked, onChecked, messages, trace, `${who}, checked`));
        times.bare.push(await replay(bare, onBare, messages, trace, `${who}, bare`));
      }
      const ratio = median(times.checked.map((t, i) => t / times.bare[i]));
      const workload = `${who}${track ? ', track mode' : ''}: ${messages.length} updates (${Math.round(bytes / 1024)} kB) of ${edits} edits`;
      rows.push(
        { workload, path: 'baseline: bare (decode, apply, store, fan out)', 'time (ms)': ms(median(times.bare)), 'updates/s': Math.round(messages.length / (median(times.bare) / 1000)), ratio: '1.00', target: '' },
        {
          workload, path: 'with the integrity checks (guard.ts)', 'time (ms)': ms(median(times.checked)), 'updates/s': Math.round(messages.length / (median(times.checked) / 1000)),
          ratio: ratio.toFixed(2),
          target: `${ratio <= TARGET ? 'met' : 'MISSED'} (≤ ${TARGET}x)${reps > 1 ? `; runs ${times.checked.map((t, i) => (t / times.bare[i]).toFixed(2)).join(', ')}` : ''}`,
        },
      );
    }
    return {
      name: `Update path: the integrity checks against the bare path, same updates, same run (${ATTRIBUTION}; medians of ${quick ? 1 : REPS} interleaved runs)`,
      rows,
    };
  } finally {
    await checked.close();
    await bare.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, run);
