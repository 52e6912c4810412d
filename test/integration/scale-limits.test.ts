// Limits shared through Redis by two servers (one PostgreSQL database, so one set of accounts and
// sessions, and one real Redis 7): failed sign-ins on A count on B, an account locked on A is locked on B, a user's
// allowance of comparisons is one allowance whatever server answers, and windows end. With Redis
// stopped every limit still holds, per process, and the servers say so in their logs; when Redis
// returns the limits are shared again.
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresEngine } from '../engines/postgres';
import { startRedis, type RedisEngine } from '../engines/redis';
import { api, DEMO_PASSWORDS, signIn, tempDataDir, testServer, waitFor, onServer } from './helpers';

const dirs: { remove(): void }[] = [];
let redis: RedisEngine;
let postgres: PostgresEngine;
let databaseUrl: string;
type Server = Awaited<ReturnType<typeof testServer>>;
let a: Server, b: Server;
const logged = new EventEmitter();

/** A server on the shared database and Redis (its own data dir); its log lines also fire `logged`. */
async function server(opts: Parameters<typeof testServer>[1] = {}): Promise<Server> {
  const lines: string[] = [];
  const own = tempDataDir();
  dirs.push(own);
  const started = await testServer(own.dir, {
    databaseUrl, redisUrl: redis.url, trustProxy: true, signInMax: 3, signInMaxPerAccount: 4, writeLimits: { compares: 3 }, autoVersions: false,
    log: (line) => {
      lines.push(line);
      logged.emit('line');
    },
    ...opts,
  });
  started.logs = lines;
  return started;
}

// Every Redis connection of a server logs one line when an outage begins and one when it ends.
const outages = (s: Server) => s.logs.filter((l) => /^redis\b.*retrying/.test(l)).length;
const recoveries = (s: Server) => s.logs.filter((l) => /^redis\b.*connected again$/.test(l)).length;

const signInFrom = (target: { url: string }, ip: string, name: string, password: string) =>
  api(target, 'POST', '/api/session', { name, password }, { 'x-forwarded-for': ip });

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  databaseUrl = await postgres.newDatabase();
  a = await server();
  b = await server();
});

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await redis?.destroy();
  await postgres?.destroy();
  for (const d of dirs) d.remove();
});

describe('limits shared through Redis', () => {
  it('failures on A count on B: the third wrong password from an address, spread over both, blocks the name on both', async () => {
    const ip = '203.0.113.10';
    expect((await signInFrom(a, ip, 'drafter', 'guess-1')).status).toBe(401);
    expect((await signInFrom(b, ip, 'drafter', 'guess-2')).status).toBe(401);
    expect((await signInFrom(a, ip, 'drafter', 'guess-3')).status).toBe(401);
    const refused = await signInFrom(b, ip, 'drafter', DEMO_PASSWORDS.drafter);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: 'too many failed sign-ins: try again later' });
    expect((await signInFrom(a, ip, 'drafter', DEMO_PASSWORDS.drafter)).status).toBe(429);
    // another address still signs the drafter in, on either server
    expect((await signInFrom(b, '203.0.113.11', 'drafter', DEMO_PASSWORDS.drafter)).status).toBe(200);
  });

  it('an account locked by failures on A is locked on B', async () => {
    for (const [i, target] of [a, a, a, a].entries()) expect((await signInFrom(target, `192.0.2.${i + 1}`, 'observer', 'guess')).status).toBe(401);
    const locked = await signInFrom(b, '192.0.2.99', 'observer', DEMO_PASSWORDS.observer);
    expect(locked.status).toBe(429);
    expect(locked.body).toEqual({ error: 'too many failed sign-ins for this account: try again later' });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(15 * 60 - 60);
  });

  it('a user\'s comparisons of a document are one allowance over both servers', async () => {
    const onA = await signIn(a, 'coordinator');
    const onB = onServer(onA, b); // one database: the session is valid on both
    const statuses: number[] = [];
    for (const session of [onA, onB, onA, onB, onA]) statuses.push((await api(session, 'GET', '/api/documents/demo/compare?from=now&to=now')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('a window ends on every server at once', async () => {
    const short = await server({ signInWindowMs: 1500 });
    try {
      const ip = '198.51.100.20';
      for (const target of [short, a, short]) await signInFrom(target, ip, 'apt-drafter', 'guess');
      expect((await signInFrom(b, ip, 'apt-drafter', DEMO_PASSWORDS['apt-drafter'])).status).toBe(429);
      // the servers share one window per key: A and B see the one `short` opened (1.5 s)
      const key = `draftroom:limits:sign-in:pair|${ip}|apt-drafter`;
      const { Redis } = await import('ioredis');
      const client = new Redis(redis.url);
      const ttl = await client.pttl(key);
      client.disconnect();
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(1500);
      await new Promise((resolve) => setTimeout(resolve, ttl + 50)); // a window is timed by Redis: nothing to await but its end
      expect((await signInFrom(b, ip, 'apt-drafter', DEMO_PASSWORDS['apt-drafter'])).status).toBe(200);
    } finally {
      await short.close();
    }
  });

  it('a Redis URL that is not one is refused before anything opens', async () => {
    const other = tempDataDir();
    try {
      await expect(testServer(other.dir, { redisUrl: 'localhost:6379' })).rejects.toThrow(/^the Redis URL must be redis:\/\//);
    } finally {
      other.remove();
    }
  });

  it('with Redis stopped the limits still hold, per process; once it is back they are shared again', async () => {
    for (const s of [a, b]) expect(s.logs.filter((l) => l.startsWith('limits:'))).toEqual([]); // no false alarm so far
    await redis.stop();
    await waitFor(() => [a, b].every((s) => outages(s) > 0), [[logged, 'line']], 'both servers to see Redis gone');
    const ip = '203.0.113.50';
    // each server counts its own failures: three on A block the name on A only
    for (let i = 0; i < 3; i++) expect((await signInFrom(a, ip, 'coordinator', 'guess')).status).toBe(401);
    expect((await signInFrom(a, ip, 'coordinator', DEMO_PASSWORDS.coordinator)).status).toBe(429);
    expect((await signInFrom(b, ip, 'coordinator', DEMO_PASSWORDS.coordinator)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await signInFrom(b, ip, 'coordinator', 'guess')).status).toBe(401);
    expect((await signInFrom(b, ip, 'coordinator', 'guess')).status).toBe(429);
    for (const s of [a, b]) expect(s.logs.filter((l) => l.startsWith('limits: Redis unavailable')), s.logs.join('\n')).toHaveLength(1);

    await redis.start(); // empty: no persistence in the test engine
    await waitFor(() => [a, b].every((s) => recoveries(s) >= outages(s)), [[logged, 'line']], 'every connection of both servers back on Redis');
    const ip2 = '203.0.113.51';
    for (const target of [a, b, a]) expect((await signInFrom(target, ip2, 'coordinator', 'guess')).status).toBe(401);
    expect((await signInFrom(b, ip2, 'coordinator', DEMO_PASSWORDS.coordinator)).status).toBe(429);
    expect(a.logs).toContain('limits: counting in Redis again');
  });
});
