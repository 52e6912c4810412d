// The store refusing updates, on two servers linked by Redis: an update the store cannot append is
// never broadcast (not to the other clients of its server, not to the other server), its room closes
// its connections with 1013 (try again) rather than a refusal by policy, so the typist keeps the edit;
// when the store takes writes again everyone converges and the store holds the edit.
// The store: PostgreSQL stopped and started again; and a shared SQLite file made to refuse writes by
// another connection holding its write lock past the busy timeout (SQLITE_BUSY), as another process could.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_TRY_AGAIN } from '../../server/collab/room';
import { appendParagraph, contentOf, converged, signIn, synced, tempDataDir, testServer, waitFor, type Session } from './helpers';
import { clusterClient, newDocument, startCluster, storedContent, type Cluster, type ClusterClient, type TestServer } from './scale-cluster';

let cluster: Cluster;
const sqliteData = tempDataDir();
const sqliteServers: TestServer[] = [];
const clients: ClusterClient[] = [];

beforeAll(async () => {
  cluster = await startCluster(2);
  // Two more servers on one SQLite file, linked by the same Redis.
  for (let i = 0; i < 2; i++) sqliteServers.push(await testServer(sqliteData.dir, { redisUrl: cluster.redis.url, autoVersions: false }));
}, 120_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  await Promise.all(sqliteServers.map((s) => s.close()));
  await cluster?.close();
  sqliteData.remove();
});

/** A typist and a neighbour on server 0, a remote client on server 1, synced; the typist's close codes and whether it was denied. */
async function threeClients(servers: TestServer[], as: Session, title: string) {
  const id = await newDocument(as, title);
  const urls = servers.map((s) => s.url);
  const typist = clusterClient(as, urls, 0, id), neighbour = clusterClient(as, urls, 0, id), remote = clusterClient(as, urls, 1, id);
  const mine = [typist, neighbour, remote];
  clients.push(...mine);
  await Promise.all(mine.map((c) => synced(c)));
  const closes: number[] = [];
  typist.provider.on('connection-close', (event: CloseEvent | null) => { if (event) closes.push(event.code); });
  const seen = { denied: false };
  typist.provider.messageHandlers[2] = () => { seen.denied = true; }; // y-protocols auth: permission denied
  return { id, typist, neighbour, remote, all: mine, closes, seen };
}

const LINE = 'typed while the store refuses';

describe('store refusing updates', () => {
  it('PostgreSQL stopped: the update is never broadcast, the typist keeps it, all converge once PostgreSQL is back', async () => {
    const { servers, postgres } = cluster;
    const as = await signIn(servers[0], 'coordinator');
    const { id, typist, neighbour, remote, all, closes, seen } = await threeClients(servers, as, 'postgres outage');
    await postgres.stop();
    try {
      appendParagraph(typist.doc, LINE);
      await waitFor(() => closes.includes(CLOSE_TRY_AGAIN), [[typist.provider, 'connection-close']], 'the room closing with 1013', 30_000);
      expect(servers[0].logs.join('\n')).toMatch(/the store refused \d+ update\(s\), not broadcast/);
      expect(contentOf(neighbour.doc)).not.toContain(LINE);
      expect(contentOf(remote.doc)).not.toContain(LINE);
      expect(contentOf(typist.doc)).toContain(LINE); // kept, not discarded
      expect(seen.denied).toBe(false);
    } finally {
      await postgres.start();
    }
    await converged(all, 'convergence once PostgreSQL is back', 60_000);
    expect(contentOf(remote.doc)).toContain(LINE);
    expect(await storedContent(servers[1].store, id)).toContain(LINE);
  }, 120_000);

  it('SQLite refusing writes (its write lock held past the busy timeout): the same', async () => {
    const as = await signIn(sqliteServers[0], 'coordinator');
    const { id, typist, neighbour, remote, all, closes, seen } = await threeClients(sqliteServers, as, 'sqlite outage');
    const lock = new Database(join(sqliteData.dir, 'draftroom.sqlite'));
    lock.exec('BEGIN EXCLUSIVE');
    try {
      appendParagraph(typist.doc, LINE);
      await waitFor(() => closes.includes(CLOSE_TRY_AGAIN), [[typist.provider, 'connection-close']], 'the room closing with 1013', 30_000);
      expect(sqliteServers[0].logs.join('\n')).toMatch(/the store refused \d+ update\(s\), not broadcast/);
      expect(contentOf(neighbour.doc)).not.toContain(LINE);
      expect(contentOf(remote.doc)).not.toContain(LINE);
      expect(contentOf(typist.doc)).toContain(LINE);
      expect(seen.denied).toBe(false);
    } finally {
      lock.exec('COMMIT');
      lock.close();
    }
    await converged(all, 'convergence once the store takes writes', 60_000);
    expect(await storedContent(sqliteServers[1].store, id)).toContain(LINE);
  }, 120_000);
});
