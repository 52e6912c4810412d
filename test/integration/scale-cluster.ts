// Helpers of the multi-server tests (scale-*.test.ts): servers on one throwaway PostgreSQL linked by
// a throwaway Redis, stock WebsocketProviders that fail over along a list of servers (as
// client/editor/failover.ts does in the browser), typing, what a client saw and what the store holds.
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { ServerOptions } from '../../server/main';
import type { Store } from '../../server/store/store';
import { startPostgres, type PostgresEngine } from '../engines/postgres';
import { startRedis, type RedisEngine } from '../engines/redis';
import { api, appendParagraph, contentOf, tempDataDir, testServer, webSocketWithCookie, type Client, type Target } from './helpers';

export type TestServer = Awaited<ReturnType<typeof testServer>>;

export interface Cluster {
  redis: RedisEngine;
  postgres: PostgresEngine;
  databaseUrl: string;
  dataDir: string;
  servers: TestServer[];
  /** Closes the servers and destroys both engines. */
  close(): Promise<void>;
}

/** `count` in-process servers on a new PostgreSQL database and one Redis (one engine of each per test file). */
export async function startCluster(count: number, opts: Partial<ServerOptions> = {}): Promise<Cluster> {
  const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  const databaseUrl = await postgres.newDatabase();
  const data = tempDataDir();
  const servers: TestServer[] = [];
  for (let i = 0; i < count; i++) servers.push(await testServer(data.dir, { databaseUrl, redisUrl: redis.url, autoVersions: false, ...opts }));
  return {
    redis, postgres, databaseUrl, dataDir: data.dir, servers,
    async close() {
      await Promise.all(servers.map((s) => s.close()));
      await Promise.all([redis.destroy(), postgres.destroy()]);
      data.remove();
    },
  };
}

/** Document `id` as the store holds it (state row and logged updates). */
export async function storedDoc(store: Store, id: string): Promise<Y.Doc> {
  const stored = await store.load(id);
  if (!stored) throw new Error(`no document ${id} in the store`);
  const doc = new Y.Doc();
  if (stored.state) Y.applyUpdate(doc, stored.state);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

export const storedContent = async (store: Store, id: string): Promise<string> => contentOf(await storedDoc(store, id));

/** Creates a document with one paragraph on `target`; its id. */
export async function newDocument(target: Target, title: string): Promise<string> {
  const { status, body } = await api(target, 'POST', '/api/documents', {
    title, content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '.' }] }] },
  });
  if (status !== 201 && status !== 200) throw new Error(`creating a document: ${status} ${JSON.stringify(body)}`);
  return body.document.id;
}

export interface ClusterClient extends Client {
  /** Every update this client received from a server (origin: its provider). */
  received: Uint8Array[];
  /** How many times its connection closed and it moved on to the next server. */
  failovers(): number;
}

/**
 * A stock WebsocketProvider that starts on `urls[start]` and, whenever its connection closes,
 * moves on to the next server of the list (the provider reconnects to `serverUrl`).
 */
export function clusterClient(target: Target, urls: string[], start: number, documentId: string): ClusterClient {
  const doc = new Y.Doc();
  const collab = (url: string) => `${url.replace(/^http/, 'ws')}/collab`;
  let at = start % urls.length, moves = 0;
  const provider = new WebsocketProvider(collab(urls[at]), documentId, doc, {
    WebSocketPolyfill: webSocketWithCookie(target.cookie), disableBc: true, maxBackoffTime: 500,
  });
  provider.on('connection-close', () => {
    at = (at + 1) % urls.length;
    moves++;
    provider.serverUrl = collab(urls[at]);
  });
  const received: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array, origin: unknown) => { if (origin === provider) received.push(update); });
  return { doc, provider, received, failovers: () => moves, destroy: () => { provider.destroy(); doc.destroy(); } };
}

/** Each client appends a paragraph "<name> <n>" every `everyMs` until `stop()`; resolves the count typed. */
export function typeAway(clients: Client[], everyMs: number): { stop(): number } {
  let n = 0;
  const timers = clients.map((c, i) => setInterval(() => appendParagraph(c.doc, `client${i} line${n++}`), everyMs));
  return { stop: () => { for (const t of timers) clearInterval(t); return n; } };
}

/** Whether `doc` already holds everything in `updates` (insertions and deletions). */
export function holdsAll(doc: Y.Doc, updates: Uint8Array[]): boolean {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.snapshot(copy);
  for (const update of updates) Y.applyUpdate(copy, update);
  const same = Y.equalSnapshots(before, Y.snapshot(copy)) && copy.store.pendingStructs === null && copy.store.pendingDs === null;
  copy.destroy();
  return same;
}
