// Client failover (client/editor/failover.ts) against real servers: GET /api/collab/servers lists
// the configured servers, and a stock provider moved along that list by rotateOnClose reconnects to
// the next server when its server goes away, keeping what it typed offline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { failoverOrder, rotateOnClose } from '../../client/editor/failover';
import { api, appendParagraph, connectClient, contentOf, converged, signIn, synced, tempDataDir, testServer, waitFor, webSocketWithCookie, type Client, type Session } from './helpers';
import { newDocument, startCluster, type Cluster, type TestServer } from './scale-cluster';

let cluster: Cluster;
let servers: TestServer[] = [];
let as: Session;

beforeAll(async () => {
  cluster = await startCluster(2, { collabUrls: ['http://a.invalid:1', 'http://b.invalid:2'] });
  servers = cluster.servers;
  as = await signIn(servers[0], 'coordinator');
}, 120_000);

afterAll(async () => {
  await cluster?.close();
});

describe('client failover along a list of servers', () => {
  it('serves the configured list (none by default)', async () => {
    expect((await api(servers[0], 'GET', '/api/collab/servers')).body).toEqual({ urls: ['http://a.invalid:1', 'http://b.invalid:2'] });
    const data = tempDataDir();
    const plain = await testServer(data.dir);
    try {
      expect((await api(plain, 'GET', '/api/collab/servers')).body).toEqual({ urls: [] });
    } finally {
      await plain.close();
      data.remove();
    }
  });

  it('lets a listed server\'s pages open sockets here (Origin, CSP connect-src) and no one else\'s', async () => {
    const csp = (await fetch(`${servers[1].url}/api/collab/servers`)).headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/connect-src[^;]*ws:\/\/a\.invalid:1[^;]*wss:\/\/b\.invalid:2/);
    const open = (origin: string) => new Promise<number>((resolve) => {
      const ws = new WebSocket(`${servers[1].url.replace(/^http/, 'ws')}/collab/demo`, { headers: { cookie: as.cookie, origin } });
      ws.on('open', () => { ws.close(); resolve(101); });
      ws.on('unexpected-response', (_req, res) => { ws.terminate(); resolve(res.statusCode ?? 0); });
      ws.on('error', () => {});
    });
    expect(await open('http://a.invalid:1')).toBe(101);
    expect(await open('http://evil.invalid')).toBe(403);
  });

  it('orders the page\'s own server first, then the others, as collab endpoints', () => {
    expect(failoverOrder('wss://x.org/collab', ['https://x.org', 'https://y.org/', 'ws://z.org:81'])).toEqual([
      'wss://x.org/collab', 'wss://y.org/collab', 'ws://z.org:81/collab',
    ]);
  });

  it('moves a stock provider to the next server when its server stops, with its offline edits', async () => {
    const id = await newDocument(as, 'failover');
    const endpoints = servers.map((s) => `${s.url.replace(/^http/, 'ws')}/collab`);
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(endpoints[0], id, doc, { WebSocketPolyfill: webSocketWithCookie(as.cookie), disableBc: true, maxBackoffTime: 300 });
    const stop = rotateOnClose(provider, endpoints);
    const mover: Client = { doc, provider, destroy: () => { stop(); provider.destroy(); doc.destroy(); } };
    const stay = connectClient({ ...as, url: servers[1].url }, id);
    try {
      await Promise.all([synced(mover), synced(stay)]);
      await servers[0].close(); // closes its connections (1001) and stops listening
      appendParagraph(doc, 'typed while moving');
      await waitFor(() => provider.serverUrl === endpoints[1] && provider.synced, [[provider, 'sync'], [provider, 'status']], 'the provider on the second server');
      await converged([mover, stay], 'convergence on the second server');
      expect(contentOf(stay.doc)).toContain('typed while moving');
    } finally {
      mover.destroy();
      stay.destroy();
    }
  });
});
