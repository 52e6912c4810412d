// The throwaway engines the scale-out tests run on: each starts, answers, stops and comes back.
import Redis from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresEngine } from '../engines/postgres';
import { startRedis, type RedisEngine } from '../engines/redis';

describe('test engines', () => {
  let postgres: PostgresEngine | undefined;
  let redis: RedisEngine | undefined;
  afterAll(async () => {
    await postgres?.destroy();
    await redis?.destroy();
  });

  it('PostgreSQL 15 starts, keeps its data over a stop and start, and makes fresh databases', async () => {
    postgres = await startPostgres();
    const url = await postgres.newDatabase();
    const query = async (sql: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    };
    expect((await query('SHOW server_version'))[0].server_version).toMatch(/^15\./);
    await query('CREATE TABLE t (x int); INSERT INTO t VALUES (42)');
    await postgres.stop();
    await expect(query('SELECT 1')).rejects.toThrow();
    await postgres.start();
    expect(await query('SELECT x FROM t')).toEqual([{ x: 42 }]);
  });

  it('Redis 7 starts, stops and comes back empty', async () => {
    redis = await startRedis();
    const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    await client.connect();
    expect((await client.info('server')).match(/redis_version:(\d+)/)?.[1]).toBe('7');
    await client.set('k', 'v');
    client.disconnect();
    await redis.stop();
    await redis.start();
    const again = new Redis(redis.url);
    expect(await again.get('k')).toBeNull();
    again.disconnect();
  });
});
