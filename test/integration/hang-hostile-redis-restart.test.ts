// Hostile second look at the Redis socket timeout (redis.ts): ioredis arms it when a command is
// written and does not disarm it when the connection closes otherwise (Redis restarted): the old
// timer then fires on the connection made again, healthy, and drops it as dead. The stream
// reader always has a read in flight, so every restart of Redis cost a second reconnection.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_SOCKET_TIMEOUT_MS } from '../../server/redis';
import { startRedis, type RedisEngine } from '../engines/redis';
import { signIn, tempDataDir, testServer, type Session } from './helpers';
import { RawClient, startDocument } from './raw-client';

const data = tempDataDir();
let redis: RedisEngine;
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session;

beforeAll(async () => {
  redis = await startRedis();
  server = await testServer(data.dir, { redisUrl: redis.url, directEdits: false, autoVersions: false });
  coordinator = await signIn(server, 'coordinator');
}, 60_000);

afterAll(async () => {
  await server?.close();
  await redis?.destroy();
  data.remove();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a server whose Redis restarts', () => {
  it('reconnects once: no timer of the old connection drops the new one', async () => {
    const id = await startDocument(coordinator, 'restart');
    const writer = await RawClient.open(coordinator, id);
    await sleep(500); // the reader's blocking read is in flight
    await redis.stop();
    await redis.start();
    while (!server.broker.healthy()) await sleep(20);
    await sleep(300); // every connection made again
    const admin = new Redis(redis.url, { maxRetriesPerRequest: 1 }).on('error', () => {});
    try {
      const received = async () => Number(/total_connections_received:(\d+)/.exec(await admin.info('stats'))![1]);
      const before = await received();
      await sleep(REDIS_SOCKET_TIMEOUT_MS + 1000);
      expect(await received()).toBe(before);
    } finally {
      admin.disconnect();
      writer.close();
    }
  }, 60_000);
});
