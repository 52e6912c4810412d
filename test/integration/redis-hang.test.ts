// A Redis that hangs (it takes commands and answers none, as behind a network black hole or a
// stopped process) must not stop a room: a compaction waits for Redis in the room's chain
// (redis-broker.ts `compacted`), and every later update of the room is stored and fanned out
// behind it. Redis is made to hang with CLIENT PAUSE ... ALL, which holds every client's commands.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPACTION_REDIS_MS } from '../../server/collab/redis-broker';
import { startRedis, type RedisEngine } from '../engines/redis';
import { signIn, tempDataDir, testServer, waitFor, type Session } from './helpers';
import { fanOutListener, RawClient, startDocument, storedText, typeAtEnd } from './raw-client';

const HANG_MS = 8000;
const KEYS = 12;
const data = tempDataDir();
let redis: RedisEngine;
let admin: Redis;
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session;

beforeAll(async () => {
  redis = await startRedis();
  admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  // compaction after every fifth update, at once: one is under way while the keys below are typed
  server = await testServer(data.dir, { redisUrl: redis.url, compactEvery: 5, compactIdleMs: 0, directEdits: false, autoVersions: false });
  coordinator = await signIn(server, 'coordinator');
}, 60_000);

afterAll(async () => {
  await server?.close();
  admin?.disconnect();
  await redis?.destroy();
  data.remove();
});

describe('a room while Redis hangs', () => {
  it('stores and fans out every keystroke while a compaction waits for Redis', async () => {
    const id = await startDocument(coordinator, 'redis hangs');
    const writer = await RawClient.open(coordinator, id);
    const reader = await fanOutListener(coordinator, id);
    expect(await admin.client('PAUSE', HANG_MS, 'ALL')).toBe('OK');
    const hungAt = performance.now();
    await typeAtEnd(writer, KEYS);
    await waitFor(() => reader.updates.length >= KEYS, [[reader.ws, 'message']], 'every keystroke at the other client', HANG_MS);
    // long before Redis answers again: each compaction waited COMPACTION_REDIS_MS at most
    expect(performance.now() - hungAt).toBeLessThan(HANG_MS - 2 * COMPACTION_REDIS_MS);
    expect(storedText((await server.store.load(id))!)).toBe(`Start${Array.from({ length: KEYS }, (_, i) => i % 10).join('')}`);
    writer.close();
    reader.ws.close();
  }, 30_000);
});
