// Several servers on one PostgreSQL database linked by a real Redis (collab/redis-broker.ts): stock
// WebsocketProviders spread over two and three servers converge, a client on one server sees
// another server's clients' edits and cursors, a server that opens the document late or loses
// stream entries (the stream deleted under it) catches up from the store, never with a gap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Redis } from 'ioredis';
import { appendParagraph, contentOf, converged, onServer, signIn, synced, waitFor, type Session } from './helpers';
import { clusterClient, holdsAll, newDocument, startCluster, storedContent, typeAway, type Cluster, type ClusterClient, type TestServer } from './scale-cluster';

let cluster: Cluster;
let servers: TestServer[] = [];
let as: Session;
let probe: Redis;

beforeAll(async () => {
  // Compacting every 20 updates: the streams are trimmed often while the clients type.
  cluster = await startCluster(3, { compactEvery: 20, compactIdleMs: 0 });
  servers = cluster.servers;
  probe = new Redis(cluster.redis.url);
  as = await signIn(servers[0], 'coordinator');
}, 120_000);

afterAll(async () => {
  probe?.disconnect();
  await cluster?.close();
});

const urls = () => servers.map((s) => s.url);
const clients: ClusterClient[] = [];
function client(server: number, id: string): ClusterClient {
  const c = clusterClient(as, urls(), server, id);
  clients.push(c);
  return c;
}
afterAll(() => { for (const c of clients) c.destroy(); });

describe('fan-out between servers through Redis', () => {
  it('reports a redis broker that is healthy, on the PostgreSQL store', () => {
    for (const s of servers) {
      expect(s.store.kind).toBe('postgres');
      expect(s.broker.kind).toBe('redis');
      expect(s.broker.healthy()).toBe(true);
    }
  });

  it('a session made on one server is valid on the others (one database)', async () => {
    const id = await newDocument(onServer(as, servers[1]), 'made on B');
    expect(id).toBeTruthy();
  });

  it('converges clients spread over two servers, each seeing the other server\'s edits', async () => {
    const id = await newDocument(as, 'two servers');
    const a = client(0, id), b = client(1, id);
    await Promise.all([synced(a), synced(b)]);
    appendParagraph(a.doc, 'from A');
    await waitFor(() => contentOf(b.doc).includes('from A'), [[b.doc, 'update']], "B sees A's edit");
    appendParagraph(b.doc, 'from B');
    await waitFor(() => contentOf(a.doc).includes('from B'), [[a.doc, 'update']], "A sees B's edit");
    await converged([a, b]);
  });

  it('shows a client on A the cursor (awareness) of a client on B, and removes it when B\'s client leaves', async () => {
    const id = await newDocument(as, 'awareness');
    const a = client(0, id), b = client(1, id);
    await Promise.all([synced(a), synced(b)]);
    const bId = b.doc.clientID;
    const text = (b.doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const cursor = { anchor: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 0)), head: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 1)) };
    b.provider.awareness.setLocalStateField('cursor', cursor);
    await waitFor(() => a.provider.awareness.getStates().get(bId)?.cursor?.anchor?.item != null, [[a.provider.awareness, 'change']], "B's cursor on A");
    expect(a.provider.awareness.getStates().get(bId)?.cursor).toEqual(cursor);
    expect(a.provider.awareness.getStates().get(bId)?.user?.name).toBe(as.user.name);
    // A client joining later on the third server gets the states the others hold.
    const c = client(2, id);
    await synced(c);
    await waitFor(() => c.provider.awareness.getStates().get(bId)?.cursor?.anchor?.item != null, [[c.provider.awareness, 'change']], "B's cursor on C");
    b.provider.disconnect();
    await waitFor(() => !a.provider.awareness.getStates().has(bId), [[a.provider.awareness, 'change']], "B's state removed on A");
  });

  it('converges three servers with clients typing on all of them at once, compacting and trimming meanwhile', async () => {
    const id = await newDocument(as, 'three servers');
    const spread = Array.from({ length: 6 }, (_, i) => client(i % 3, id));
    await Promise.all(spread.map((c) => synced(c)));
    const typing = typeAway(spread, 15);
    await new Promise((resolve) => setTimeout(resolve, 600)); // typing time, not a wait for an event
    const typed = typing.stop();
    await converged(spread, 'three-server convergence');
    // Compactions trimmed the stream to the entry before each one; readers behind caught up from the store.
    expect(await probe.xlen(`draftroom:doc:${id}:updates`)).toBeLessThan(typed);
    for (const c of spread) expect(holdsAll(spread[0].doc, c.received)).toBe(true);
    // The store holds what every client has.
    await Promise.all(servers.map((s) => s.rooms.with(id, (room) => room.flush())));
    expect(await storedContent(servers[2].store, id)).toBe(contentOf(spread[0].doc));
  });

  it('a server whose stream entries vanished (stream deleted under it) catches up from the store', async () => {
    const id = await newDocument(as, 'lost entries');
    const a = client(0, id), b = client(1, id);
    await Promise.all([synced(a), synced(b)]);
    appendParagraph(a.doc, 'before');
    await converged([a, b]);
    // Redis loses the stream (as after a restart without persistence): B's next entry names an
    // entry B never read, so A catches up from the store.
    await probe.del(`draftroom:doc:${id}:updates`);
    appendParagraph(b.doc, 'after the loss');
    appendParagraph(a.doc, 'also after');
    await converged([a, b], 'convergence after the loss');
    expect(contentOf(a.doc)).toContain('after the loss');
    expect(servers[0].logs.join('\n')).not.toMatch(/could not be applied/);
  });

  it('a client that fails over to another server keeps its offline edits and sees everything', async () => {
    const id = await newDocument(as, 'failover');
    const a = client(0, id), b = client(1, id);
    await Promise.all([synced(a), synced(b)]);
    a.provider.disconnect();
    appendParagraph(a.doc, 'typed offline');
    appendParagraph(b.doc, 'typed online');
    a.provider.serverUrl = `${servers[2].url.replace(/^http/, 'ws')}/collab`;
    a.provider.connect();
    await converged([a, b], 'convergence after failover');
    expect(contentOf(b.doc)).toContain('typed offline');
  });
});
