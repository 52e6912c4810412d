// The store refusing updates, on two servers linked by Redis: an update the store cannot append is
// never broadcast (not to the other clients of its server, not to the other server), its room closes
// its connections with 1013 (try again) rather than a refusal by policy, so the typist keeps the edit;
// when the store takes writes again everyone converges and the store holds the edit.
// The store here is the shared SQLite file, made to refuse writes by another connection holding its
// write lock past the busy timeout (SQLITE_BUSY), as another process could.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_TRY_AGAIN } from '../../server/collab/room';
import { startRedis, type RedisEngine } from '../engines/redis';
import { appendParagraph, contentOf, converged, signIn, synced, tempDataDir, testServer, waitFor, type Session } from './helpers';
import { clusterClient, newDocument, type ClusterClient } from './scale-cluster';

let redis: RedisEngine;
const data = tempDataDir();
const servers: Awaited<ReturnType<typeof testServer>>[] = [];
const clients: ClusterClient[] = [];
let as: Session;

beforeAll(async () => {
  redis = await startRedis();
  for (let i = 0; i < 2; i++) servers.push(await testServer(data.dir, { redisUrl: redis.url, autoVersions: false }));
  as = await signIn(servers[0], 'coordinator');
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  await Promise.all(servers.map((s) => s.close()));
  await redis?.destroy();
  data.remove();
});

describe('store refusing updates', () => {
  it('never broadcasts an unstored update, keeps it with its typist, and converges once the store is back', async () => {
    const id = await newDocument(as, 'store outage');
    const urls = servers.map((s) => s.url);
    const typist = clusterClient(as, urls, 0, id), neighbour = clusterClient(as, urls, 0, id), remote = clusterClient(as, urls, 1, id);
    clients.push(typist, neighbour, remote);
    await Promise.all(clients.map((c) => synced(c)));
    const closes: number[] = [];
    typist.provider.on('connection-close', (event: CloseEvent | null) => { if (event) closes.push(event.code); });
    let denied = false;
    typist.provider.messageHandlers[2] = () => { denied = true; }; // y-protocols auth: permission denied

    const lock = new Database(join(data.dir, 'draftroom.sqlite'));
    lock.exec('BEGIN EXCLUSIVE');
    try {
      appendParagraph(typist.doc, 'typed while the store refuses');
      await waitFor(() => closes.includes(CLOSE_TRY_AGAIN), [[typist.provider, 'connection-close']], 'the room closing with 1013', 30_000);
      expect(servers[0].logs.join('\n')).toMatch(/the store refused \d+ update\(s\), not broadcast/);
      expect(contentOf(neighbour.doc)).not.toContain('typed while the store refuses');
      expect(contentOf(remote.doc)).not.toContain('typed while the store refuses');
      expect(contentOf(typist.doc)).toContain('typed while the store refuses'); // kept, not discarded
      expect(denied).toBe(false);
    } finally {
      lock.exec('COMMIT');
      lock.close();
    }
    await converged(clients, 'convergence once the store is back', 60_000);
    expect(contentOf(remote.doc)).toContain('typed while the store refuses');
    const stored = (await servers[1].store.load(id))!;
    const doc = new Y.Doc();
    if (stored.state) Y.applyUpdate(doc, stored.state);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    expect(contentOf(doc)).toContain('typed while the store refuses');
  }, 120_000);
});
