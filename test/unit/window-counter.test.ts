// The window counters of the limits (server/limits) against a real Redis 7: the Redis counter
// counts exactly as the in-process one (a property over random sequences of peeks, adds and
// takes), counters on two connections share their counts, windows end, `take` never overshoots
// when two servers race, and during an outage each counts in its process, with its own earlier
// counts, then in Redis again.
import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisCounters } from '../../server/limits/redis-counter';
import { MemoryCounter, type WindowCounter } from '../../server/limits/window-counter';
import { openRedis } from '../../server/redis';
import { startRedis, type RedisEngine } from '../engines/redis';
import { waitFor } from '../integration/helpers';

let engine: RedisEngine;
let a: Redis;
let b: Redis;
const lines: string[] = [];
const logged = new EventEmitter();
const log = (line: string) => {
  lines.push(line);
  logged.emit('line');
};

beforeAll(async () => {
  engine = await startRedis();
  a = openRedis(engine.url, log);
  b = openRedis(engine.url, log);
  await Promise.all([a, b].map((r) => waitFor(() => r.status === 'ready', [[r, 'ready']], 'redis ready')));
});

afterAll(async () => {
  a.disconnect();
  b.disconnect();
  await engine.destroy();
});

type Op = { op: 'peek' | 'add' } | { op: 'take'; max: number };
const run = (counter: WindowCounter, key: string, op: Op) =>
  op.op === 'take' ? counter.take(key, op.max) : counter[op.op](key);

let runs = 0;

describe('window counters', () => {
  it('the Redis counter counts as the in-process one', async () => {
    const ops = fc.array(fc.tuple(fc.constantFrom('k1', 'k2', 'k3'), fc.oneof(
      fc.constant<Op>({ op: 'peek' }), fc.constant<Op>({ op: 'add' }), fc.integer({ min: 0, max: 4 }).map((max): Op => ({ op: 'take', max })),
    )), { maxLength: 30 });
    await fc.assert(fc.asyncProperty(ops, async (steps) => {
      const name = `prop${runs++}`;
      const shared = redisCounters(a, log)(name, 60_000);
      const local = new MemoryCounter(60_000);
      for (const [key, op] of steps) {
        const [got, want] = await Promise.all([run(shared, key, op), run(local, key, op)]);
        expect({ ...got, retryAfter: got.retryAfter > 0 }).toEqual({ ...want, retryAfter: want.retryAfter > 0 });
        if (got.count > 0) expect(got.retryAfter).toBeLessThanOrEqual(60);
      }
    }), { numRuns: 40 });
    expect(lines).toEqual([]);
  });

  it('two servers share the counts, a race never takes past the maximum, and the window ends', async () => {
    const onA = redisCounters(a, log)('shared', 400);
    const onB = redisCounters(b, log)('shared', 400);
    await onA.add('x');
    expect((await onB.add('x')).count).toBe(2);
    expect((await onA.peek('x')).count).toBe(2);
    const takes = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? onA : onB).take('y', 7)));
    expect(takes.filter((t) => t.taken)).toHaveLength(7);
    expect((await onB.peek('y')).count).toBe(7);
    const ttl = await a.pttl('draftroom:limits:shared:y');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(400);
    // the window is timed by Redis: waiting it out is the only way to see it end
    await new Promise((resolve) => setTimeout(resolve, ttl + 20));
    expect(await onA.peek('y')).toEqual({ count: 0, retryAfter: 0 });
    expect((await onB.take('y', 7)).taken).toBe(true);
  });

  it('while Redis is down each counts in its process (with its own earlier counts), then in Redis again', async () => {
    const onA = redisCounters(a, log)('outage', 60_000);
    const onB = redisCounters(b, log)('outage', 60_000);
    await onA.add('k');
    await onA.add('k');
    await onB.add('k');
    await engine.stop();
    await waitFor(() => a.status !== 'ready' && b.status !== 'ready', [[a, 'end'], [a, 'close'], [b, 'close'], [b, 'reconnecting'], [a, 'reconnecting']], 'both connections lost');
    const before = lines.length;
    expect(await onA.peek('k')).toMatchObject({ count: 2 });
    expect(await onB.peek('k')).toMatchObject({ count: 1 });
    expect((await onA.take('k', 3)).taken).toBe(true);
    expect((await onA.take('k', 3)).taken).toBe(false);
    expect((await onB.take('k', 3)).taken).toBe(true);
    expect(lines.slice(before).filter((l) => l.startsWith('limits:'))).toHaveLength(2); // once per server, not per count
    expect(lines.slice(before).find((l) => l.startsWith('limits:'))).toMatch(/^limits: Redis unavailable .*counting in this process/);
    await engine.start(); // comes back empty (no persistence)
    await Promise.all([a, b].map((r) => waitFor(() => r.status === 'ready', [[r, 'ready']], 'redis back')));
    expect((await onA.add('k')).count).toBe(1);
    expect((await onB.add('k')).count).toBe(2);
    expect(lines.filter((l) => l === 'limits: counting in Redis again')).toHaveLength(2);
  });
});
