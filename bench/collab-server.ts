// For the collaboration benches and the load run: `draftroom serve` in a child process on a free
// port (so the server has its own event loop, as in production), and stock y-websocket clients in
// this one.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import { ROOT } from '../server/build';

// Each WebsocketProvider adds a process 'exit' listener in Node; the benches open up to a thousand.
process.setMaxListeners(0);

/** The demo coordinator's session on each child server (by URL), for REST calls and sockets. */
const sessions = new Map<string, { cookie: string; csrfToken: string }>();

async function signInCoordinator(url: string): Promise<void> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'coordinator', password: 'demo-coordinator' }),
  });
  if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  sessions.set(url, { cookie: res.headers.get('set-cookie')!.split(';')[0], csrfToken });
}

export interface ChildServer {
  url: string;
  child: ChildProcess;
  /** ms from spawning `draftroom serve` until it printed that it is running. */
  startMs: number;
  /** The server's data folder (its SQLite file); removed by stop(). */
  dataDir: string;
  /** SIGTERM: the server saves every document and exits; the data folder stays. */
  shutdown(): Promise<void>;
  /** shutdown(), then removes the data folder. */
  stop(): Promise<void>;
}

export interface ChildServerOptions {
  /** A data folder to share with other servers (scale bench); stop() then leaves it. Default: a fresh one. */
  dataDir?: string;
  /**
   * A folder a server has run on before, copied into the fresh data folder, so that this start
   * does not seed the library and the demo (ignored with `dataDir`).
   */
  copyOf?: string;
  /** More `draftroom serve` arguments (e.g. --redis-url). */
  args?: string[];
}

/** The node flags `npm start` runs the server with (package.json): the benches run it the same way. */
export const SERVE_NODE_FLAGS: string[] = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start as string)
  .split(' ').filter((arg) => arg.startsWith('--'));

/** Starts the server; BENCH_SERVER_NODE_ARGS (e.g. `--cpu-prof`) go to its node, for profiling it. */
export async function startChildServer(opts: ChildServerOptions = {}): Promise<ChildServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'draftroom-bench-'));
  if (opts.copyOf && !opts.dataDir) cpSync(opts.copyOf, dataDir, { recursive: true });
  const spawnedAt = performance.now();
  const nodeArgs = [...SERVE_NODE_FLAGS, ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
  const child = spawn(process.execPath, [...nodeArgs, 'bin/draftroom', 'serve', '--port', '0', '--data', dataDir, '--no-build', ...(opts.args ?? [])], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'],
    // every bench client is the demo coordinator: one user replaying a whole paper as fast as it
    // can is what the per-user check budget (server/collab/check-budget.ts) stops
    env: { ...process.env, DRAFTROOM_CHECK_BUDGET: 'off' },
  });
  let output = '';
  let startMs = NaN;
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match && Number.isNaN(startMs)) startMs = performance.now() - spawnedAt;
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
  // Never leave the server behind when this process ends early.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  child.once('exit', () => process.off('exit', killChild));
  await signInCoordinator(url);
  const shutdown = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  const stop = async () => {
    await shutdown();
    if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, child, startMs, dataDir, shutdown, stop };
}

/** The `cookie` header of the demo coordinator's session on the child server at `url`. */
export function sessionCookie(url: string): string {
  const session = sessions.get(url);
  if (!session) throw new Error(`no session on ${url}: start it with startChildServer()`);
  return session.cookie;
}

/** Creates a document over REST; returns its id. */
export async function createDocument(url: string, title: string, content?: unknown): Promise<string> {
  const res = await fetch(`${url}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: sessions.get(url)!.cookie, 'x-csrf-token': sessions.get(url)!.csrfToken },
    body: JSON.stringify({ title, content }),
  });
  if (res.status !== 201) throw new Error(`create document: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { document: { id: string } }).document.id;
}

export interface BenchClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

export interface ConnectOptions {
  /** Publish a presence (awareness) state, as an editor does; default true. Bots without a cursor pass false. */
  presence?: boolean;
}

/** Connects a client and resolves once it has synced. */
export function connect(url: string, id: string, { presence = true }: ConnectOptions = {}): Promise<BenchClient> {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  if (!presence) awareness.setLocalState(null);
  const cookie = sessions.get(url)!.cookie;
  class WebSocketWithCookie extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie } });
    }
  }
  const provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/collab`, id, doc, {
    WebSocketPolyfill: WebSocketWithCookie as unknown as typeof globalThis.WebSocket, disableBc: true, awareness,
  });
  return new Promise((resolve) => {
    if (provider.synced) resolve({ doc, provider });
    else provider.once('sync', () => resolve({ doc, provider }));
  });
}

/** Connects `count` clients, `batch` handshakes at a time. */
export async function connectMany(url: string, id: string, count: number, opts: ConnectOptions = {}, batch = 25): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
  for (let i = 0; i < count; i += batch) {
    clients.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, () => connect(url, id, opts)))));
  }
  return clients;
}

/**
 * A seed for the benches' text: one paragraph holding an empty Y.XmlText in the content fragment
 * (the server accepts only the app's document there, no bare Y.Text roots). Apply the same seed
 * to every replica so that all type into the same element.
 */
export function seedParagraph(): Uint8Array {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText()]);
  doc.getXmlFragment('prosemirror').insert(0, [paragraph]);
  return Y.encodeStateAsUpdate(doc);
}

/** The seeded paragraph's text in `doc` (apply seedParagraph() first). */
export function benchText(doc: Y.Doc): Y.XmlText {
  const paragraph = doc.getXmlFragment('prosemirror').get(0);
  if (!(paragraph instanceof Y.XmlElement)) throw new Error('the bench paragraph is not there: apply seedParagraph() first');
  return paragraph.get(0) as Y.XmlText;
}

const benchTextIn = (doc: Y.Doc): Y.XmlText | null => {
  const paragraph = doc.getXmlFragment('prosemirror').get(0);
  return paragraph instanceof Y.XmlElement && paragraph.get(0) instanceof Y.XmlText ? (paragraph.get(0) as Y.XmlText) : null;
};

/**
 * Resolves once the client's bench text (benchText) reads `expected`, re-checking on each update
 * it applies: the length first (kept by Yjs), the text itself only when the length is right, so
 * that a late client applying a backlog of updates one by one does not read the whole text after
 * each (that made the check, not the server, the bottleneck of the replay benches).
 */
export function textReaches(client: { doc: Y.Doc }, expected: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      const text = benchTextIn(client.doc);
      if (!text || text.length !== expected.length || text.toString() !== expected) return;
      client.doc.off('update', check);
      resolve();
    };
    client.doc.on('update', check);
    check();
  });
}

export function disconnect(clients: BenchClient[]): void {
  for (const { doc, provider } of clients) {
    provider.destroy();
    doc.destroy();
  }
}
