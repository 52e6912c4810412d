// GET /healthz, for load balancers: no session needed, nothing secret said. 200 with the store and
// broker kinds while the server can serve; 503 when its store does not answer (a closed SQLite
// database, PostgreSQL stopped); a Redis
// outage alone is still 200, with what is degraded named in the body.
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerOptions } from '../../server/main';
import { startPostgres, type PostgresEngine } from '../engines/postgres';
import { startRedis, type RedisEngine } from '../engines/redis';
import { tempDataDir, testServer, waitFor } from './helpers';

type Server = Awaited<ReturnType<typeof testServer>>;
const dirs: { remove(): void }[] = [];
const servers: Server[] = [];
let redis: RedisEngine | undefined;
let postgres: PostgresEngine | undefined;

async function server(opts: Partial<ServerOptions> = {}): Promise<Server> {
  const data = tempDataDir();
  dirs.push(data);
  const started = await testServer(data.dir, { seedDemo: false, autoVersions: false, ...opts });
  servers.push(started);
  return started;
}

const health = async (target: { url: string }) => {
  const res = await fetch(`${target.url}/healthz`);
  return { status: res.status, body: await res.json(), headers: res.headers };
};

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await redis?.destroy();
  await postgres?.destroy();
  for (const d of dirs) d.remove();
});

describe('GET /healthz', () => {
  let sqlite: Server;
  beforeAll(async () => {
    sqlite = await server();
  });

  it('answers 200 {ok, store: sqlite, broker: local} without a session, uncached', async () => {
    const { status, body, headers } = await health(sqlite);
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, store: 'sqlite', broker: 'local' });
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('set-cookie')).toBeNull();
    expect((await fetch(`${sqlite.url}/healthz`, { method: 'HEAD' })).status).toBe(200);
  });

  it('answers 503 when the store does not answer, and says so once in the log', async () => {
    const broken = await server();
    await broken.store.close();
    for (let i = 0; i < 2; i++) {
      const { status, body } = await health(broken);
      expect(status).toBe(503);
      expect(body).toEqual({ ok: false, store: 'sqlite', broker: 'local', error: 'the store does not answer: updates are refused' });
    }
    expect(broken.logs.filter((l) => l.startsWith('healthz:'))).toEqual([
      'healthz: the sqlite store does not answer (The database connection is not open); answering 503',
    ]);
  });

  it('with Redis stopped: still 200, the body names what is degraded; back to plain once Redis returns', async () => {
    redis = await startRedis();
    const logged = new EventEmitter();
    const lines: string[] = [];
    const withRedis = await server({ redisUrl: redis.url, log: (line) => { lines.push(line); logged.emit('line'); } });
    // the broker's connections come up after the server listens: asked until they are
    let up = await health(withRedis);
    for (const deadline = Date.now() + 10_000; up.body.degraded && Date.now() < deadline;) {
      await new Promise((done) => setTimeout(done, 50));
      up = await health(withRedis);
    }
    expect(up.status).toBe(200);
    expect(up.body.ok).toBe(true);
    expect(up.body.degraded).toBeUndefined();
    const brokerKind = up.body.broker as string;

    await redis.stop();
    // every Redis connection of the server logs one line when an outage begins and one when it ends
    const outages = () => lines.filter((l) => /^redis\b.*retrying/.test(l)).length;
    await waitFor(() => outages() > 0, [[logged, 'line']], 'the outage seen');
    const down = await health(withRedis);
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({ ok: true, store: 'sqlite', broker: brokerKind });
    expect(down.body.degraded).toContain('limits: Redis unreachable; limits count in this process until it returns');
    // the Redis broker (issue #13, REDIS's branch) reports itself unhealthy as well
    if (brokerKind === 'redis') expect(down.body.degraded.some((d: string) => d.startsWith('broker: Redis unreachable'))).toBe(true);
    expect(JSON.stringify(down.body)).not.toContain(String(redis.port));

    await redis.start();
    await waitFor(() => lines.filter((l) => /^redis\b.*connected again$/.test(l)).length >= outages(), [[logged, 'line']], 'every connection back');
    const back = await health(withRedis);
    expect(back.status).toBe(200);
    expect(back.body.degraded).toBeUndefined();
  });

  it('with PostgreSQL stopped: 503; 200 again once it is back', async () => {
    postgres = await startPostgres();
    const onPostgres = await server({ databaseUrl: await postgres.newDatabase() });
    expect(await health(onPostgres)).toMatchObject({ status: 200, body: { ok: true, store: 'postgres' } });
    await postgres.stop();
    const down = await health(onPostgres);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ ok: false, store: 'postgres', error: 'the store does not answer: updates are refused' });
    expect(JSON.stringify(down.body)).not.toContain(String(postgres.port));
    await postgres.start();
    expect(await health(onPostgres)).toMatchObject({ status: 200, body: { ok: true, store: 'postgres' } });
  }, 60_000);
});
