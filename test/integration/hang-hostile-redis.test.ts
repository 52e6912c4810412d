// Hostile second look at the Redis connections (redis.ts, redis-broker.ts): a room opened on a
// server while its pub/sub connection is down (Redis restarting, or a connection found dead by
// the socket timeout and being made again) must still get the other servers' awareness once
// Redis answers: ioredis resubscribes only the channels subscribed before the outage, and gives
// up a SUBSCRIBE waiting in its offline queue after a retry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresEngine } from '../engines/postgres';
import { startRedis, type RedisEngine } from '../engines/redis';
import { connectClient, onServer, signIn, synced, tempDataDir, testServer, type Client, type Session } from './helpers';
import { startDocument } from './raw-client';

const data = tempDataDir();
let redis: RedisEngine;
let postgres: PostgresEngine;
let a: Awaited<ReturnType<typeof testServer>>;
let b: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session;
const clients: Client[] = [];

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  const databaseUrl = await postgres.newDatabase();
  const opts = { databaseUrl, redisUrl: redis.url, directEdits: false as const, autoVersions: false as const };
  a = await testServer(data.dir, opts);
  b = await testServer(data.dir, opts);
  coordinator = await signIn(a, 'coordinator');
}, 120_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  await Promise.all([a?.close(), b?.close()]);
  await Promise.all([redis?.destroy(), postgres?.destroy()]);
  data.remove();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a room opened while Redis is down', () => {
  it('gets the other servers\' awareness once Redis is back', async () => {
    const id = await startDocument(coordinator, 'opened during an outage');
    const onB = connectClient(onServer(coordinator, b), id);
    clients.push(onB);
    await synced(onB);

    await redis.stop();
    while (a.broker.healthy() || b.broker.healthy()) await sleep(50);
    const onA = connectClient(onServer(coordinator, a), id);
    clients.push(onA);
    await synced(onA);
    await sleep(1500); // a few reconnect attempts: ioredis gives up the commands it queued meanwhile
    await redis.start();
    while (!a.broker.healthy() || !b.broker.healthy()) await sleep(50);
    await sleep(500);

    onB.provider.awareness.setLocalStateField('tag', 'on B');
    const seen = () => [...onA.provider.awareness.getStates().values()].some((s) => (s as { tag?: string }).tag === 'on B');
    const at = performance.now();
    while (!seen() && performance.now() - at < 5000) await sleep(50);
    expect(seen()).toBe(true);
    // and the other way
    onA.provider.awareness.setLocalStateField('tag', 'on A');
    const seenOnB = () => [...onB.provider.awareness.getStates().values()].some((s) => (s as { tag?: string }).tag === 'on A');
    const at2 = performance.now();
    while (!seenOnB() && performance.now() - at2 < 5000) await sleep(50);
    expect(seenOnB()).toBe(true);
  }, 60_000);
});
