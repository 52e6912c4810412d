// Redis stops answering on the connections a server holds, which stay open (a failover behind a
// virtual address, a network fault), while new connections go through: the server must find its
// connections dead (redis.ts REDIS_SOCKET_TIMEOUT_MS), make them again and go on reading the other
// servers' updates, and announce its own, instead of waiting for TCP to give up (many minutes)
// while its clients silently stop seeing the others' edits. Server A reaches Redis through a proxy
// that turns into a black hole; server B directly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_SOCKET_TIMEOUT_MS } from '../../server/redis';
import { startPostgres, type PostgresEngine } from '../engines/postgres';
import { startRedis, type RedisEngine } from '../engines/redis';
import { startTcpProxy, type TcpProxy } from '../engines/tcp-proxy';
import { onServer, signIn, tempDataDir, testServer, waitFor, type Session } from './helpers';
import { firstText, RawClient, startDocument, textAtEnd } from './raw-client';

const data = tempDataDir();
let redis: RedisEngine;
let postgres: PostgresEngine;
let proxy: TcpProxy;
let a: Awaited<ReturnType<typeof testServer>>;
let b: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session;

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  proxy = await startTcpProxy(redis.port);
  const databaseUrl = await postgres.newDatabase();
  const opts = { databaseUrl, directEdits: false as const, autoVersions: false as const };
  a = await testServer(data.dir, { ...opts, redisUrl: `redis://127.0.0.1:${proxy.port}` });
  b = await testServer(data.dir, { ...opts, redisUrl: redis.url });
  coordinator = await signIn(a, 'coordinator');
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await proxy?.close();
  await Promise.all([redis?.destroy(), postgres?.destroy()]);
  data.remove();
});

describe('a server whose Redis connections hang', () => {
  it('makes them again and gets the other servers\' updates, and they its own', async () => {
    const id = await startDocument(coordinator, 'black hole');
    const onA = await RawClient.open(coordinator, id);
    const onB = await RawClient.open(onServer(coordinator, b), id);
    // both servers read each other's updates through Redis
    expect(await onB.sendUpdate(textAtEnd(onB, 'b'))).toEqual([]);
    await waitFor(() => firstText(onA.doc).endsWith('b'), [[onA.doc, 'update']], 'B\'s first key on A');

    const before = proxy.connections();
    proxy.blackhole();
    const at = performance.now();
    expect(await onB.sendUpdate(textAtEnd(onB, 'B'))).toEqual([]);
    expect(await onA.sendUpdate(textAtEnd(onA, 'A'))).toEqual([]);
    // found dead within the socket timeout (the blocking read, the next append), made again
    const within = 4 * REDIS_SOCKET_TIMEOUT_MS;
    await waitFor(() => firstText(onA.doc).includes('B'), [[onA.doc, 'update']], 'B\'s key on A after the black hole', within);
    await waitFor(() => firstText(onB.doc).includes('A'), [[onB.doc, 'update']], 'A\'s key on B after the black hole', within);
    expect(performance.now() - at).toBeLessThan(3 * REDIS_SOCKET_TIMEOUT_MS);
    expect(proxy.connections()).toBeGreaterThan(before);
    await onA.roundTrip();
    await onB.roundTrip();
    expect(firstText(onA.doc)).toBe(firstText(onB.doc));
    for (const c of [onA, onB]) c.close();
  }, 60_000);
});
