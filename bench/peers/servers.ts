// The three servers of the peer bench, each started fresh in a child process of its own on a free
// port of 127.0.0.1: Draftroom as users run it (the built JavaScript, `node bin/draftroom serve`,
// clients signed in with a session cookie), Hocuspocus 3.4.4 storing in SQLite, and the y-websocket
// 1.5.4 reference server (in memory). Each makes empty documents and says where clients connect.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtCli } from '../../bin/build-node.mjs';
import { ROOT } from '../../server/build';
import { rssMiB } from '../_util';
import { createDocument, sessionCookie, startChildServer } from '../collab-server';
import type { Endpoint } from './client';

export type PeerName = 'Draftroom' | 'Hocuspocus' | 'y-websocket';

export interface PeerServer {
  name: PeerName;
  /** ms from spawning the server until it said it listens. */
  startMs: number;
  /** A new, empty document: where its clients connect. */
  newDocument(title: string): Promise<Endpoint>;
  /** The server process' resident set now, MiB. */
  rss(): number;
  /** Stops the process and removes its data. */
  stop(): Promise<void>;
}

export interface Peer {
  name: PeerName;
  /** What this server does not do that Draftroom does, or (Draftroom) what it does on every update. */
  skips: string;
  /** Starts a fresh server; Draftroom's on a copy of a seeded data folder unless `seeded` is false (quick runs: a start less). */
  start(seeded?: boolean): Promise<PeerServer>;
}

function rssOf(pid: number | undefined, name: string): number {
  const value = pid === undefined ? undefined : rssMiB(pid);
  if (value === undefined) throw new Error(`${name}: the server process' memory cannot be read (is it running, on Linux?)`);
  return value;
}

/**
 * A data folder Draftroom has started on once (its library and demo seeded) and shut down: each
 * measured start runs on a copy of it, as a server is restarted on its data, so that no measured
 * start seeds (the peers have nothing to seed). Removed when this process exits.
 */
let seeded: Promise<string> | undefined;

function seededDataDir(): Promise<string> {
  seeded ??= (async () => {
    await builtCli(() => {}); // `bin/draftroom serve` runs the built JavaScript; build it first when stale
    const first = await startChildServer();
    await first.shutdown();
    process.once('exit', () => rmSync(first.dataDir, { recursive: true, force: true }));
    return first.dataDir;
  })();
  return seeded;
}

async function startDraftroom(seeded = true): Promise<PeerServer> {
  if (!seeded) await builtCli(() => {});
  const server = await startChildServer(seeded ? { copyOf: await seededDataDir() } : {});
  const ws = server.url.replace(/^http/, 'ws');
  return {
    name: 'Draftroom',
    startMs: server.startMs,
    async newDocument(title) {
      const id = await createDocument(server.url, title);
      return { url: `${ws}/collab/${id}`, headers: { cookie: sessionCookie(server.url) } };
    },
    rss: () => rssOf(server.child.pid, 'Draftroom'),
    stop: () => server.stop(),
  };
}

/** Runs `node script args` and resolves with the child and the port it prints ("listening on PORT"). */
function spawnPeer(script: string, args: string[]): Promise<{ child: ChildProcess; port: number; startMs: number }> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'bench', 'peers', script), ...args], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' },
  });
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  child.once('exit', () => process.off('exit', killChild));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const port = /listening on (\d+)/.exec(output)?.[1];
      if (port) resolve({ child, port: Number(port), startMs: performance.now() - spawnedAt });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before listening:\n${output}`)));
  });
}

/** SIGTERM, then SIGKILL when it has not exited within 10 s (Hocuspocus stores every document first). */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startHocuspocus(): Promise<PeerServer> {
  const dir = mkdtempSync(join(tmpdir(), 'draftroom-bench-hocuspocus-'));
  const { child, port, startMs } = await spawnPeer('hocuspocus-server.mjs', [join(dir, 'hocuspocus.sqlite')]);
  return {
    name: 'Hocuspocus',
    startMs,
    newDocument: async (title) => ({ url: `ws://127.0.0.1:${port}/`, hocuspocusDocument: title }),
    rss: () => rssOf(child.pid, 'Hocuspocus'),
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startYWebsocket(): Promise<PeerServer> {
  const { child, port, startMs } = await spawnPeer('y-websocket-server.mjs', []);
  return {
    name: 'y-websocket',
    startMs,
    newDocument: async (title) => ({ url: `ws://127.0.0.1:${port}/${encodeURIComponent(title)}` }),
    rss: () => rssOf(child.pid, 'y-websocket'),
    stop: () => stopChild(child),
  };
}

export const PEERS: Peer[] = [
  {
    name: 'Draftroom',
    skips: 'nothing: every connection signed in (session cookie) and its role checked, every update decoded and checked against the schema and the sender\'s rights, and stored in SQLite before it is broadcast',
    start: startDraftroom,
  },
  {
    name: 'Hocuspocus',
    skips: 'no authentication (no onAuthenticate hook), no checks of updates; stores a document ~2 s after its last change (debounce; 10 s at most), so a crash loses up to that much. @hocuspocus/extension-database on better-sqlite3 with the table and statements of its SQLite extension (@hocuspocus/extension-sqlite itself is not installed: its sqlite3 package needs a native download)',
    start: startHocuspocus,
  },
  {
    name: 'y-websocket',
    skips: 'no authentication, no checks of updates, no durability (documents in memory only; the reference server without YPERSISTENCE)',
    start: startYWebsocket,
  },
];
