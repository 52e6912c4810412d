// The Redis connection of a server (ioredis): reconnects with backoff forever, fails commands fast
// while Redis is down (`maxRetriesPerRequest: 1`), and logs an outage once, never throwing it.
import { Redis } from 'ioredis';

/** Every key and channel Draftroom uses starts with this. */
export const REDIS_PREFIX = 'draftroom:';

export function openRedis(url: string, log: (line: string) => void): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
  });
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    log(`redis: ${err.message} (retrying until it answers)`);
  });
  redis.on('ready', () => {
    if (down) log('redis: connected again');
    down = false;
  });
  return redis;
}
