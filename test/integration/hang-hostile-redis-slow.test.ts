// Hostile second look at the Redis socket timeout (redis.ts REDIS_SOCKET_TIMEOUT_MS): it counts
// from the moment a command is written, so a large entry (a paste of a few MiB) on a slow but
// healthy link to Redis takes longer than the timeout to upload, the connection is dropped as
// dead, and ioredis sends the command again on the new connection, and again: the server must
// still get its updates to the other servers, once (redis-broker.ts STREAM_ENTRY_MAX_BYTES).
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_SOCKET_TIMEOUT_MS } from '../../server/redis';
import { startPostgres, type PostgresEngine } from '../engines/postgres';
import { startRedis, type RedisEngine } from '../engines/redis';
import { startTcpProxy, type TcpProxy } from '../engines/tcp-proxy';
import { onServer, signIn, tempDataDir, testServer, waitFor, type Session } from './helpers';
import { firstText, RawClient, startDocument, textAtEnd } from './raw-client';

/** Upload speed from the server to Redis through the proxy (bytes per second). */
const UPLOAD_BYTES_PER_S = 1024 * 1024;
/** A paste that takes 1.5 times the socket timeout to upload at that speed. */
const PASTE_CHARS = Math.round(1.5 * (REDIS_SOCKET_TIMEOUT_MS / 1000) * UPLOAD_BYTES_PER_S);

const data = tempDataDir();
let redis: RedisEngine;
let postgres: PostgresEngine;
let proxy: TcpProxy;
let a: Awaited<ReturnType<typeof testServer>>;
let b: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session;

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  proxy = await startTcpProxy(redis.port, { uploadBytesPerS: UPLOAD_BYTES_PER_S });
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

describe('a large paste on a server with a slow link to Redis', () => {
  it('reaches the other servers, and so do the keys typed after it', async () => {
    const id = await startDocument(coordinator, 'slow link');
    const onA = await RawClient.open(coordinator, id);
    const onB = await RawClient.open(onServer(coordinator, b), id);
    expect(await onA.sendUpdate(textAtEnd(onA, 'x'.repeat(PASTE_CHARS)))).toEqual([]);
    expect(await onA.sendUpdate(textAtEnd(onA, 'END'))).toEqual([]);
    await waitFor(() => firstText(onB.doc).endsWith('END'), [[onB.doc, 'update']], 'the paste and the key after it on B', 8 * REDIS_SOCKET_TIMEOUT_MS);
    expect(firstText(onB.doc).length).toBe(firstText(onA.doc).length);
    // and the connection is not dropped as dead, the paste written again on the next one, appended again, for ever
    const admin = new Redis(redis.url, { maxRetriesPerRequest: 1 }).on('error', () => {});
    try {
      const stream = `draftroom:doc:${id}:updates`;
      const entries = await admin.xlen(stream);
      await new Promise((resolve) => setTimeout(resolve, 2.5 * REDIS_SOCKET_TIMEOUT_MS));
      expect(await admin.xlen(stream)).toBe(entries);
    } finally {
      admin.disconnect();
    }
    expect(a.logs.join('\n')).not.toMatch(/Socket timeout/);
    onA.close();
    onB.close();
  }, 120_000);
});
