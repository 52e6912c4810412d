// Window counters in Redis, shared by every server on it: each count is one small Lua script
// (GET, INCR, PEXPIRE at a window's first count, PTTL), atomic, so two servers never double an
// allowance and `take` never overshoots its maximum. Keys: draftroom:limits:<name>:<key>;
// windows are fixed and timed by Redis (PEXPIRE), so the servers' clocks do not matter.
//
// While Redis cannot answer (not connected, or a command fails or takes longer than
// COMMAND_TIMEOUT_MS) the counter counts in this process instead, so a Redis outage neither locks
// everyone out nor lifts the limits: every count is also kept in the process (a mirror of this
// server's own share), and the limits hold per process until Redis answers again. Counts made
// during an outage stay in this process; a Redis that restarts empty starts every window afresh.
import type { Redis } from 'ioredis';
import { REDIS_PREFIX } from '../redis';
import { MemoryCounter, type CounterFactory, type Tally, type WindowCounter } from './window-counter';

/** How long a limit waits for Redis before it counts in the process. */
export const COMMAND_TIMEOUT_MS = 500;

// ARGV[2]: -1 counts unconditionally (add), 0 counts nothing (peek), n > 0 counts below n (take).
const SCRIPT = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local max = tonumber(ARGV[2])
local taken = 0
if max < 0 or count < max then
  count = redis.call('INCR', KEYS[1])
  if count == 1 or redis.call('PTTL', KEYS[1]) == -1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
  taken = 1
end
return {count, redis.call('PTTL', KEYS[1]), taken}
`;

/** ioredis's states in which it is not connected and not trying to connect at the moment. */
const DOWN = new Set(['reconnecting', 'close', 'end']);

/** Whether the limits are counting in Redis or, during an outage, in the process; logs each change once. */
export class RedisLimitState {
  private fallback = false;

  constructor(readonly redis: Redis, private log: (line: string) => void) {}

  /** Runs `command` on Redis, or answers null when Redis cannot (then the caller counts locally). */
  async run<T>(command: (redis: Redis) => Promise<T>): Promise<T | null> {
    // Between reconnect attempts commands are not even sent; while connecting (at start) they wait.
    if (DOWN.has(this.redis.status)) return this.failed('not connected');
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        command(this.redis),
        new Promise<never>((_, reject) => {
          // The timeout rejects after the poll phase (setImmediate), so an answer that came while
          // this thread was busy (a long request) is taken before it, not mistaken for an outage.
          timer = setTimeout(() => setImmediate(() => reject(new Error(`no answer in ${COMMAND_TIMEOUT_MS} ms`))), COMMAND_TIMEOUT_MS);
        }),
      ]);
      if (this.fallback) {
        this.fallback = false;
        this.log('limits: counting in Redis again');
      }
      return result;
    } catch (err) {
      return this.failed(err instanceof Error ? err.message : String(err));
    } finally {
      clearTimeout(timer);
    }
  }

  private failed(why: string): null {
    if (!this.fallback) {
      this.fallback = true;
      this.log(`limits: Redis unavailable (${why}); counting in this process until it answers again`);
    }
    return null;
  }
}

export class RedisCounter implements WindowCounter {
  /** This server's own counts: what the limits use while Redis is down. */
  private local: MemoryCounter;

  private windowMs: string;

  constructor(private state: RedisLimitState, private prefix: string, windowMs: number, now?: () => number) {
    this.local = new MemoryCounter(windowMs, now);
    this.windowMs = String(Math.max(1, Math.round(windowMs)));
  }

  private async count(key: string, max: number): Promise<(Tally & { taken: boolean }) | null> {
    const answer = await this.state.run((redis) => redis.eval(SCRIPT, 1, this.prefix + key, this.windowMs, String(max)) as Promise<[number, number, number]>);
    if (!answer) return null;
    const [count, ttl, taken] = answer;
    return { count, retryAfter: count > 0 && ttl > 0 ? Math.max(1, Math.ceil(ttl / 1000)) : 0, taken: taken === 1 };
  }

  async peek(key: string): Promise<Tally> {
    const shared = await this.count(key, 0);
    if (!shared) return this.local.tally(key);
    return { count: shared.count, retryAfter: shared.retryAfter };
  }

  async add(key: string): Promise<Tally> {
    const shared = await this.count(key, -1);
    const local = this.local.increment(key);
    if (!shared) return local;
    return { count: shared.count, retryAfter: shared.retryAfter };
  }

  async take(key: string, max: number): Promise<Tally & { taken: boolean }> {
    const shared = await this.count(key, max);
    if (!shared) return this.local.take(key, max);
    if (shared.taken) this.local.increment(key);
    return shared;
  }
}

/** Counters in Redis under draftroom:limits:<name>:, sharing one outage state (and its log lines). */
export function redisCounters(redis: Redis, log: (line: string) => void): CounterFactory {
  const state = new RedisLimitState(redis, log);
  return (name, windowMs, now) => new RedisCounter(state, `${REDIS_PREFIX}limits:${name}:`, windowMs, now);
}
