// Redis stopped for ten seconds while clients on two servers (one PostgreSQL database) type: each server keeps serving and
// storing for its own clients (they see each other), reports its broker unhealthy, and when Redis
// comes back (empty: no persistence) every open room catches up from the store; all converge and
// the store holds everything any client received.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendParagraph, contentOf, converged, signIn, synced, waitFor, type Session } from './helpers';
import { clusterClient, holdsAll, newDocument, startCluster, storedContent, typeAway, type Cluster, type ClusterClient, type TestServer } from './scale-cluster';

let cluster: Cluster;
let servers: TestServer[] = [];
let redis: Cluster['redis'];
const clients: ClusterClient[] = [];
let as: Session;

beforeAll(async () => {
  cluster = await startCluster(2);
  ({ servers, redis } = cluster);
  as = await signIn(servers[0], 'coordinator');
}, 120_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  await cluster?.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Redis outage', () => {
  it('keeps serving each server\'s own clients while Redis is down and converges all when it returns', async () => {
    const id = await newDocument(as, 'redis outage');
    const urls = servers.map((s) => s.url);
    // Two clients on each server; they stay on their server (the servers stay up).
    for (let i = 0; i < 4; i++) clients.push(clusterClient(as, urls, i % 2, id));
    await Promise.all(clients.map((c) => synced(c)));
    const typing = typeAway(clients, 50);
    await pause(300);

    await redis.stop();
    // healthy() follows the ioredis connection's status, which the broker exposes no event for: look every 50 ms.
    for (let i = 0; i < 100 && servers.some((s) => s.broker.healthy()); i++) await pause(50);
    expect(servers.map((s) => s.broker.healthy())).toEqual([false, false]);
    // A client on server A still gets its neighbour's edits through A (the same server).
    const [a1, , a2] = clients;
    appendParagraph(a1.doc, 'during the outage on A');
    await waitFor(() => contentOf(a2.doc).includes('during the outage on A'), [[a2.doc, 'update']], 'same-server delivery during the outage');
    await pause(10_000); // Redis down for ten seconds while everyone types
    await redis.start();

    await pause(500);
    const typed = typing.stop();
    expect(typed).toBeGreaterThan(100);
    await converged(clients, 'convergence after the outage', 30_000);
    expect(servers.map((s) => s.broker.healthy())).toEqual([true, true]);
    for (const c of clients) expect(holdsAll(clients[0].doc, c.received)).toBe(true);
    for (let i = 0; i < typed; i++) expect(contentOf(clients[0].doc)).toContain(`line${i}<`);

    // The store holds what the clients converged on.
    await Promise.all(servers.map((s) => s.rooms.with(id, (room) => room.flush())));
    expect(await storedContent(servers[1].store, id)).toBe(contentOf(clients[0].doc));
    expect(servers[0].logs.join('\n')).toMatch(/redis\b.*retrying/);
  }, 60_000);

  it('shuts a server down promptly while Redis is down, storing its rooms', async () => {
    const id = await newDocument(as, 'close during an outage');
    const c = clusterClient(as, servers.map((s) => s.url), 1, id);
    clients.push(c);
    await synced(c);
    appendParagraph(c.doc, 'before the shutdown');
    await redis.stop();
    const t0 = Date.now();
    await servers[1].close();
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await storedContent(servers[0].store, id)).toContain('before the shutdown');
    await redis.start();
  }, 60_000);
});
