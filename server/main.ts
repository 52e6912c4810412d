// Starts the Draftroom server: the store (SQLite, or PostgreSQL with databaseUrl), rooms, the Express app and the `/collab/<id>`
// WebSocket upgrade on one HTTP server; close() flushes and compacts every room.
import type { CheckBudgetOptions } from './collab/check-budget';
import { WriteLimits, type WriteLimitOptions } from './write-limits';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalBroker, type Broker } from './collab/broker';
import { Rooms, type RoomStats, type RoomWatcher } from './collab/rooms';
import { collabUpgrade } from './collab/upgrade';
import { createApp } from './app';
import { Auth } from './auth/auth';
import { collabAuthorizer } from './auth/collab-access';
import { seedDemoAccounts } from './auth/demo';
import { seedDemo } from './demo';
import { Importer, type ImportLimits } from './import/importer';
import { Library } from './library/library';
import { seedLibrary } from './library/seed';
import type { Synchronous } from './store/sqlite';
import { openStore } from './store/open';
import { DEFAULT_DIRECT_EDITS, watchDirectEdits, type DirectEditOptions } from './direct-edits';
import { autoVersionsFromEnv, watchAutoVersions, type AutoVersionOptions } from './versions-auto';
import type { Store } from './store/store';
import { memoryCounters } from './limits/window-counter';

export interface ServerOptions {
  /** 0 picks a free port; default 4400. */
  port?: number;
  host?: string;
  dataDir: string;
  /**
   * A PostgreSQL URL (postgres://user@host:port/db): documents, accounts and the library live
   * there, shared by every server given the same URL. Without it: SQLite under `dataDir`.
   */
  databaseUrl?: string;
  /** With `databaseUrl`: how long a query may wait for PostgreSQL's answer (default 30 s: store/pg-sql.ts). */
  queryTimeoutMs?: number;
  /**
   * Redis (redis://...) linking several servers on one store: updates through a stream per
   * document, awareness through pub/sub (collab/redis-broker.ts), and the limits (sign-ins,
   * versions, proposals, comparisons) count there (server/limits), so spreading requests over
   * servers gains nothing. Default: env REDIS_URL, else the in-process broker (one server).
   */
  redisUrl?: string;
  /**
   * The servers browsers fail over to when their connection closes (base URLs, http(s) or ws(s)),
   * served as GET /api/collab/servers. Default: env DRAFTROOM_COLLAB_URLS (comma-separated), else
   * none (the page's host only, as behind a load balancer).
   */
  collabUrls?: string[];
  /** Create the demo document on first start (default true). */
  seedDemo?: boolean;
  /** Largest WebSocket message; larger ones close the connection with 1009 (default 16 MiB). */
  maxMessageBytes?: number;
  /** Bytes sent to a connection and left unread by its client past which it is dropped (default 64 MiB: collab/connection.ts). */
  maxUnreadBytes?: number;
  /** How long a document without connections stays in memory (default 30 s). */
  idleUnloadMs?: number;
  /** Compact a document's update log every this many updates (default 500)... */
  compactEvery?: number;
  /** ...once it has had no update for this long (ms, default 1,000; 0: at once). */
  compactIdleMs?: number;
  /** Compact at once, quiet or not, when this server appended this many bytes to a document's log since its last compaction (default 16 MiB). */
  compactBytes?: number;
  /** Interval of the liveness pings; a connection silent (no pong, no message) for a whole interval is dropped (default 30 s). */
  heartbeatMs?: number;
  synchronous?: Synchronous;
  log?: (line: string) => void;
  /** The clock of sessions and invitations (default Date.now; tests move it on). */
  now?: () => number;
  /** Failed sign-ins allowed per IP and name in `signInWindowMs` (default 5 in 15 minutes). */
  signInMax?: number;
  /** Failed sign-ins per IP whatever the names in `signInWindowMs` before its wrong passwords get 429 (default 50; correct ones still pass). */
  signInMaxPerIp?: number;
  /** Failed sign-ins per account from all IPs in `signInWindowMs` before it is locked (default 20). */
  signInMaxPerAccount?: number;
  signInWindowMs?: number;
  /** Checking time each user's updates may take in a room (collab/check-budget.ts; default 5 s at once, 250 ms a second; env DRAFTROOM_CHECK_BUDGET). */
  checkBudget?: CheckBudgetOptions;
  /** Benchmarks only (bench/update-path.ts): false runs the bare update path, without the integrity checks of collab/guard.ts. */
  checkUpdates?: boolean;
  /** Versions and new proposals one user may add to one document per hour (server/write-limits.ts). */
  writeLimits?: WriteLimitOptions;
  /**
   * Express's `trust proxy` behind a TLS-terminating proxy (then cookies get Secure and the
   * sign-in limit sees client IPs): true, a hop count, or addresses. Default: the environment
   * variable DRAFTROOM_TRUST_PROXY ('true', a number or addresses), else off.
   */
  trustProxy?: boolean | number | string;
  /**
   * Automatic versions ("Auto: <date>") after `quietMs` without edits or every `everyUpdates` edits;
   * false turns them off. Default: DRAFTROOM_AUTO_VERSION_MINUTES / _UPDATES, else 10 minutes / 500 edits.
   */
  autoVersions?: AutoVersionOptions | false;
  /** Limits of imports (time, memory, size, how many at once); defaults in server/import/importer.ts. */
  importLimits?: Partial<ImportLimits>;
  /** Coordinators' direct (untracked) editing: announced, with a version when it begins and ends (server/direct-edits.ts); false turns it off. */
  directEdits?: DirectEditOptions | false;
}

function trustProxyFromEnv(value = process.env.DRAFTROOM_TRUST_PROXY): boolean | number | string | undefined {
  if (!value) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** DRAFTROOM_CHECK_BUDGET: `off` (no limit: the benchmarks replay whole papers as one user), or `CAPACITY_MS,REFILL_MS_PER_S`. */
function checkBudgetFromEnv(value = process.env.DRAFTROOM_CHECK_BUDGET): CheckBudgetOptions | undefined {
  if (!value) return undefined;
  if (value === 'off') return { capacityMs: Infinity, refillMsPerSecond: Infinity };
  const [capacityMs, refillMsPerSecond] = value.split(',').map(Number);
  if (!(capacityMs > 0) || !(refillMsPerSecond >= 0)) throw new Error(`DRAFTROOM_CHECK_BUDGET must be "off" or "CAPACITY_MS,REFILL_MS_PER_S", not ${JSON.stringify(value)}`);
  return { capacityMs, refillMsPerSecond };
}

export interface RunningServer {
  url: string;
  port: number;
  /** Room loads and open rooms (for tests and monitoring). */
  stats: RoomStats;
  store: Store;
  /** The rooms' fan-out: in-process, or Redis between servers (`kind`, `healthy()` for /healthz). */
  broker: Broker;
  rooms: Rooms;
  /** Users, groups, sessions, invitations and the audit log. */
  auth: Auth;
  close(): Promise<void>;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const autoVersions = opts.autoVersions ?? autoVersionsFromEnv(); // a bad setting fails before anything opens
  const redisUrl = (opts.redisUrl ?? process.env.REDIS_URL) || undefined;
  // the Redis modules (and ioredis) load only when a Redis URL is given
  const withRedis = redisUrl ? await loadRedisModules() : null;
  if (redisUrl) withRedis!.checkRedisUrl(redisUrl);
  const store = await openStore({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl, synchronous: opts.synchronous, queryTimeoutMs: opts.queryTimeoutMs, log, migrate: true });
  const auth = new Auth(store.sql, { now: opts.now });
  const library = new Library(store.sql);
  try {
    await seedLibrary(library, log);
    if (opts.seedDemo ?? true) {
      const firstUsers = (await auth.accounts.users()).length === 0;
      if ((await store.listDocuments()).length === 0 || firstUsers) await seedDemoAccounts(auth, firstUsers);
      if (firstUsers) log('Created the demo accounts (see the README for their passwords).');
      if (await seedDemo(store, log)) log('Created the demo document.');
    }
  } catch (err) {
    await store.close();
    throw err;
  }
  // One connection for what this server counts in Redis (server/limits); closed last.
  const redis = redisUrl ? withRedis!.openRedis(redisUrl, log) : null;
  const counters = redis ? withRedis!.redisCounters(redis, log) : memoryCounters;
  let broker: Broker;
  try {
    broker = redisUrl ? new withRedis!.RedisBroker({ url: redisUrl, log }) : new LocalBroker(); // a bad URL throws
  } catch (err) {
    redis?.disconnect();
    await store.close();
    throw err;
  }
  const rooms = new Rooms({
    store, broker, log, idleUnloadMs: opts.idleUnloadMs, compactEvery: opts.compactEvery, compactIdleMs: opts.compactIdleMs, compactBytes: opts.compactBytes, heartbeatMs: opts.heartbeatMs, checkBudget: opts.checkBudget ?? checkBudgetFromEnv(),
    checkUpdates: opts.checkUpdates,
    watch: (room) => {
      const watchers: RoomWatcher[] = [];
      if (opts.directEdits !== false) watchers.push(watchDirectEdits(room, store, log, opts.directEdits ?? DEFAULT_DIRECT_EDITS));
      if (autoVersions) watchers.push(watchAutoVersions(room, store, autoVersions, log));
      return { close: async (reason) => { await Promise.all(watchers.map((w) => w.close(reason))); } };
    },
  });
  const maxMessageBytes = opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const collabUrls = opts.collabUrls ?? (process.env.DRAFTROOM_COLLAB_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  const app = createApp({
    store, rooms, auth, library, log, jsonLimit: `${maxMessageBytes}b`, signInMax: opts.signInMax, signInMaxPerIp: opts.signInMaxPerIp, signInMaxPerAccount: opts.signInMaxPerAccount, signInWindowMs: opts.signInWindowMs, now: opts.now, writeLimits: new WriteLimits(opts.writeLimits, counters), counters,
    trustProxy: opts.trustProxy ?? trustProxyFromEnv(), importer: new Importer(opts.importLimits), health: { broker, limitsRedis: redis ? withRedis!.trackReachable(redis) : undefined },
    collabUrls,
  });
  const server = createServer(app);
  // Idle keep-alive sockets are closed well after clients give them up (undici after 4 s, load
  // balancers after 60 s), so no client reuses a socket at the moment the server closes it (ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const { wss, onUpgrade } = collabUpgrade({ rooms, authorize: collabAuthorizer(auth, store, log, collabUrls), maxMessageBytes, maxUnreadBytes: opts.maxUnreadBytes, log });
  server.on('upgrade', onUpgrade);

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 4400, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  }).catch(async (err) => {
    await rooms.closeAll();
    await broker.close();
    redis?.disconnect();
    await store.close();
    throw err;
  });
  server.on('error', (err) => log(`http server error: ${err.message}`));
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | null = null;
  const close = () => (closing ??= (async () => {
    const stopped = new Promise<void>((done) => server.close(() => done()));
    await rooms.closeAll();
    for (const ws of wss.clients) ws.terminate();
    wss.close();
    server.closeAllConnections();
    await stopped;
    await broker.close();
    await store.close();
    redis?.disconnect();
  })());

  return { url: `http://${urlHost}:${port}`, port, stats: rooms.stats, store, broker, rooms, auth, close };
}

/** What a server linked to others through Redis needs (collab/redis-broker.ts, limits/redis-counter.ts, redis.ts). */
async function loadRedisModules() {
  const [{ RedisBroker }, { checkRedisUrl, openRedis, trackReachable }, { redisCounters }] = await Promise.all([
    import('./collab/redis-broker'), import('./redis'), import('./limits/redis-counter'),
  ]);
  return { RedisBroker, checkRedisUrl, openRedis, trackReachable, redisCounters };
}
