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
    const admin = new Redis(redis.url, { maxRetriesPerRequest: null }).on('error', () => {});
    const info = async (field: string) => Number(new RegExp(`${field}:(\\d+)`).exec(await admin.info())![1]);
    try {
      await sleep(500); // the reader's blocking read is in flight
      const connections = (await info('connected_clients')) - 1; // the server's (the admin's own left out)
      await redis.stop();
      await redis.start();
      // every connection of the server made again (the admin's too)
      while ((await info('connected_clients')) - 1 < connections) await sleep(20);
      const before = await info('total_connections_received');
      await sleep(REDIS_SOCKET_TIMEOUT_MS + 1000);
      expect(await info('total_connections_received')).toBe(before);
    } finally {
      admin.disconnect();
      writer.close();
    }
  }, 60_000);
});
