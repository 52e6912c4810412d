// Hostile second look at shutdown while Redis hangs (connections open, nothing answered): the
// server closes its rooms (each compacting through broker.compacted) and its broker (QUIT on a
// connection that never answers) in bounded time, and the updates typed just before are stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_SOCKET_TIMEOUT_MS } from '../../server/redis';
import { openStore } from '../../server/store/open';
import { startRedis, type RedisEngine } from '../engines/redis';
import { startTcpProxy, type TcpProxy } from '../engines/tcp-proxy';
import { signIn, tempDataDir, testServer, type Session } from './helpers';
import { RawClient, startDocument, storedText, typeAtEnd } from './raw-client';

const data = tempDataDir();
let redis: RedisEngine;
let proxy: TcpProxy;
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session;

beforeAll(async () => {
  redis = await startRedis();
  proxy = await startTcpProxy(redis.port);
  server = await testServer(data.dir, { redisUrl: `redis://127.0.0.1:${proxy.port}`, compactEvery: 3, compactIdleMs: 60_000, directEdits: false, autoVersions: false });
  coordinator = await signIn(server, 'coordinator');
}, 60_000);

afterAll(async () => {
  await server?.close();
  await proxy?.close();
  await redis?.destroy();
  data.remove();
});

describe('a server closing while its Redis connections hang', () => {
  it('closes in bounded time, every key stored', async () => {
    const ids = await Promise.all([1, 2, 3].map((n) => startDocument(coordinator, `closing ${n}`)));
    const writers = await Promise.all(ids.map((id) => RawClient.open(coordinator, id)));
    proxy.blackhole();
    for (const w of writers) await typeAtEnd(w, 4);
    const at = performance.now();
    const closed = await Promise.race([server.close().then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 6 * REDIS_SOCKET_TIMEOUT_MS))]);
    expect(closed).toBe(true);
    expect(performance.now() - at).toBeLessThan(2 * REDIS_SOCKET_TIMEOUT_MS);
    const store = await openStore({ dataDir: data.dir });
    try {
      for (const id of ids) expect(storedText((await store.load(id))!)).toBe('Start0123');
    } finally {
      await store.close();
    }
  }, 60_000);
});
