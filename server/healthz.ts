// GET /healthz for load balancers and monitoring, without authentication: 200 `{ok: true, store,
// broker}` while this server can serve (its store answers a ping within PING_TIMEOUT_MS), 503
// `{ok: false, store, broker, error}` when it cannot. A Redis outage alone is not a 503 (the
// server still serves its own clients and stores their updates): the body lists what is degraded
// instead, under `degraded` (absent when nothing is). Nothing secret is said: no URLs, no error
// details (those go to the log, once per outage).
import type { RequestHandler } from 'express';
import type { Broker } from './collab/broker';
import type { Store } from './store/store';
import { within } from './within';

/** How long the store may take to answer the ping before the server counts as unable to serve. */
export const PING_TIMEOUT_MS = 2000;

export interface HealthSources {
  store: Pick<Store, 'kind' | 'ping'>;
  broker: Pick<Broker, 'kind' | 'healthy'>;
  /** Whether the Redis of the shared limits answers, when one is configured (server/redis.ts trackReachable). */
  limitsRedis?: () => boolean;
  log: (line: string) => void;
}

export interface Health {
  ok: boolean;
  store: Store['kind'];
  broker: Broker['kind'];
  degraded?: string[];
  error?: string;
}

/** This server's health now. */
export async function checkHealth(sources: HealthSources, pingTimeoutMs = PING_TIMEOUT_MS): Promise<{ health: Health; storeError: Error | null }> {
  const { store, broker, limitsRedis } = sources;
  const degraded: string[] = [];
  if (!broker.healthy()) degraded.push('broker: Redis unreachable; this server serves and stores its own clients\' updates, other servers get them when it returns');
  if (limitsRedis && !limitsRedis()) degraded.push('limits: Redis unreachable; limits count in this process until it returns');
  const storeError = await within(store.ping(), pingTimeoutMs).then(() => null, (err: unknown) => (err instanceof Error ? err : new Error(String(err))));
  const health: Health = { ok: !storeError, store: store.kind, broker: broker.kind };
  if (degraded.length) health.degraded = degraded;
  if (storeError) health.error = 'the store does not answer: updates are refused';
  return { health, storeError };
}

export function healthz(sources: HealthSources, pingTimeoutMs = PING_TIMEOUT_MS): RequestHandler {
  let failing = false;
  return async (_req, res) => {
    const { health, storeError } = await checkHealth(sources, pingTimeoutMs);
    if (storeError && !failing) sources.log(`healthz: the ${health.store} store does not answer (${storeError.message}); answering 503`);
    if (!storeError && failing) sources.log(`healthz: the ${health.store} store answers again`);
    failing = !!storeError;
    res.set('Cache-Control', 'no-store');
    res.status(health.ok ? 200 : 503).json(health);
  };
}
