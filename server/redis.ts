// The Redis connection of a server (ioredis), shared by what runs through Redis when
// `redisUrl` is configured (the limits, the broker). It connects at once, reconnects forever
// with a backoff of up to two seconds, and fails commands fast while Redis is down (one retry,
// then the command rejects) so that callers can fall back; an outage is logged once when it
// begins and once when it ends, and its errors are never thrown unhandled.
import { Redis } from 'ioredis';

/** Every key Draftroom writes starts with this. */
export const REDIS_PREFIX = 'draftroom:';

/**
 * A connection that sent a command and got no byte back for this long is dead (ioredis
 * `socketTimeout`): it is dropped and made again, its commands rejected. Without it, a Redis
 * that stops answering with the connection left open (a failover behind a virtual address, a
 * network fault) would hold the stream reader's blocking read (at most 2 s when Redis answers:
 * stream-reader.ts BLOCK_MS) and every pending command until TCP gives up, many minutes later:
 * this server would silently stop seeing the other servers' updates.
 */
export const REDIS_SOCKET_TIMEOUT_MS = 5000;

/** Delay before reconnect attempt `times` (1, 2, ...): 100 ms more each time, at most 2 s. */
export const reconnectDelay = (times: number): number => Math.min(times * 100, 2000);

/** Throws a clear error unless `url` is a redis:// or rediss:// URL (its password left out of the message). */
export function checkRedisUrl(url: string): void {
  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {
    // not a URL at all
  }
  if (protocol === 'redis:' || protocol === 'rediss:') return;
  throw new Error(`the Redis URL must be redis://[:PASSWORD@]HOST[:PORT][/DB] or rediss://...; ${protocol ? `this one starts with ${protocol}//` : 'this is not a URL'}`);
}

export function openRedis(url: string, log: (line: string) => void): Redis {
  checkRedisUrl(url);
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    retryStrategy: reconnectDelay,
    socketTimeout: REDIS_SOCKET_TIMEOUT_MS,
    // an idle connection (pub/sub) whose peer is gone is found by TCP keepalive probes
    keepAlive: 10_000,
    // a restarted Redis may be read-only for a moment (replica promotion): reconnect then too
    reconnectOnError: (err) => err.message.startsWith('READONLY'),
  });
  disarmOnClose(redis);
  const where = redactedUrl(url);
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    log(`redis ${where}: ${err.message}; retrying in the background`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log(`redis ${where}: connected again`);
  });
  // A connection that drops without an error event (Redis shut down cleanly) is an outage too.
  redis.on('reconnecting', () => {
    if (down) return;
    down = true;
    log(`redis ${where}: connection lost; retrying in the background`);
  });
  return redis;
}

/**
 * ioredis arms its socket timeout when it writes a command and does not disarm it when the
 * connection closes otherwise (Redis restarted, a reset): the old timer would fire on the next
 * connection, healthy, and drop it as dead. Every connection of ours (duplicates too) is made so.
 */
export function disarmOnClose(redis: Redis): Redis {
  const internals = redis as unknown as { socketTimeoutTimer?: NodeJS.Timeout };
  redis.on('close', () => {
    clearTimeout(internals.socketTimeoutTimer);
    internals.socketTimeoutTimer = undefined;
  });
  return redis;
}

/** The URL without its password (for logs). */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis';
  }
}

/** Follows a connection's outages: false from a connection error or loss until it is ready again (true while first connecting). */
export function trackReachable(redis: Redis): () => boolean {
  let reachable = true;
  const lost = () => { reachable = false; };
  redis.on('ready', () => { reachable = true; });
  redis.on('error', lost);
  redis.on('close', lost);
  return () => reachable;
}
