// The shared Redis connection (server/redis.ts) against a real Redis 7: it answers, an outage is
// logged once (not once per retry) and never thrown, commands fail fast while Redis is down, and
// the connection comes back by itself when Redis does.
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { checkRedisUrl, openRedis, reconnectDelay, redactedUrl } from '../../server/redis';
import { startRedis, type RedisEngine } from '../engines/redis';
import { waitFor } from '../integration/helpers';

let engine: RedisEngine;
let redis: Redis;
const lines: string[] = [];
const logged = new EventEmitter();

beforeAll(async () => {
  engine = await startRedis();
  redis = openRedis(engine.url, (line) => {
    lines.push(line);
    logged.emit('line');
  });
});

afterAll(async () => {
  redis.disconnect();
  await engine.destroy();
});

describe('openRedis', () => {
  it('connects and answers', async () => {
    expect(await redis.set('draftroom:test', 'v')).toBe('OK');
    expect(await redis.get('draftroom:test')).toBe('v');
    expect(lines).toEqual([]);
  });

  it('logs an outage once, fails commands fast while it lasts, and reconnects by itself', async () => {
    let attempts = 0;
    redis.on('reconnecting', () => attempts++);
    await engine.stop();
    await waitFor(() => lines.length > 0, [[logged, 'line']], 'the outage logged');
    const started = Date.now();
    await expect(redis.get('draftroom:test')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
    // several reconnect attempts later, still one line
    await waitFor(() => attempts >= 3, [[redis, 'reconnecting']], 'three reconnect attempts');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^redis redis:\/\/127\.0\.0\.1:\d+\/?: .*retrying in the background$/);
    await engine.start();
    await waitFor(() => redis.status === 'ready', [[redis, 'ready']], 'the connection back');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/connected again$/);
    expect(await redis.set('draftroom:test', 'again')).toBe('OK');
  });

  it('backs off up to two seconds and keeps passwords out of logs', () => {
    expect([1, 5, 20, 1000].map(reconnectDelay)).toEqual([100, 500, 2000, 2000]);
    expect(redactedUrl('redis://user:secret@redis.example:6380/2')).toBe('redis://user:***@redis.example:6380/2');
    expect(redactedUrl('not a url')).toBe('redis');
  });

  it('refuses a URL that is not redis:// or rediss:// with a clear error that leaves the password out', () => {
    expect(() => openRedis('http://127.0.0.1:6379', () => {})).toThrow('the Redis URL must be redis://[:PASSWORD@]HOST[:PORT][/DB] or rediss://...; this one starts with http://');
    expect(() => checkRedisUrl('user:secret@redis.example')).toThrow(/this one starts with user:\/\/$/);
    expect(() => checkRedisUrl('secret password')).toThrow(/this is not a URL$/);
    expect(() => checkRedisUrl('rediss://:secret@redis.example:6380')).not.toThrow();
  });
});
