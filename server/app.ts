// The Express 5 app: security headers, GET /healthz (no session), JSON body limits, the session and CSRF checks, the REST API
// under /api (accounts and documents), the built client from dist/client with index.html for
// client routes (SPA fallback), and errors answered as {error}.
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { apiRouter } from './api';
import type { Auth } from './auth/auth';
import { csrfProtection, loadSession, securityHeaders } from './auth/middleware';
import { authRouter, type AuthRoutesOptions } from './auth/routes';
import { CLIENT_DIST } from './build';
import type { Rooms } from './collab/rooms';
import { SMALL_JSON_LIMIT } from './body-limits';
import { HttpError } from './http-error';
import { healthz, type HealthSources } from './healthz';
import { DatabaseUnavailableError } from './store/sql';
import { Importer } from './import/importer';
import type { Library } from './library/library';
import { libraryRouter } from './library/routes';
import { proposalsRouter } from './proposals-api';
import { WriteLimits } from './write-limits';
import type { Store } from './store/store';

export interface AppOptions extends AuthRoutesOptions {
  store: Store;
  rooms: Rooms;
  auth: Auth;
  /** The base-text library (GET /api/library ...); left out, the routes are not mounted. */
  library?: Library;
  log: (line: string) => void;
  /** Largest accepted JSON body of the one route that takes a whole document (POST /api/documents), e.g. '16mb'. */
  jsonLimit?: string;
  /** Runs the imports (library import, a new document's content) in worker threads with their limits. */
  importer?: Importer;
  clientDir?: string;
  /** Per-user limits on versions and new proposals (a fresh WriteLimits when left out). */
  writeLimits?: WriteLimits;
  /** Express's `trust proxy` setting (see ServerOptions.trustProxy). */
  trustProxy?: boolean | number | string;
  /** What GET /healthz checks besides the store (left out: the route is not mounted). */
  health?: Omit<HealthSources, 'store' | 'log'>;
  /** The servers a client may fail over to (GET /api/collab/servers; see client/editor/failover.ts). */
  collabUrls?: string[];
}

/** Sends index.html for GET requests that want HTML: the client routes (/, /d/<id>). */
function spaFallback(clientDir: string): RequestHandler {
  const index = join(clientDir, 'index.html');
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.accepts('html')) return next();
    if (!existsSync(index)) throw new HttpError(404, 'the client is not built (run `npm run build`)');
    res.sendFile(index);
  };
}

function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let message = 'internal server error';
    if (err instanceof HttpError) {
      status = err.status;
      message = err.message;
    } else if (err?.type === 'entity.too.large') {
      status = 413;
      message = 'request body too large';
    } else if (err?.type === 'entity.parse.failed') {
      status = 400;
      message = 'request body is not valid JSON';
    } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      status = err.status;
      message = err.message;
    } else if (err instanceof DatabaseUnavailableError) {
      // PostgreSQL down or restarting (logged once by the pool): the client may retry.
      status = 503;
      message = 'the database is unavailable, try again shortly';
      res.set('Retry-After', '5');
    } else {
      log(`http ${req.method} ${req.originalUrl}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    }
    if (res.headersSent) return res.end();
    res.status(status).json({ error: message });
  };
}

/**
 * The JSON body parser of /api: 64 kB, except for creating a document with its content, whose
 * body (up to `jsonLimit`) is left as bytes for document-body.ts to read, off the event loop when
 * large. A body past its limit is refused from its Content-Length before it is read (413).
 */
function jsonBodies(jsonLimit: string): RequestHandler {
  const small = express.json({ limit: SMALL_JSON_LIMIT });
  const content = express.raw({ type: 'application/json', limit: jsonLimit });
  return (req, res, next) => (req.method === 'POST' && req.path === '/documents' ? content : small)(req, res, next);
}

export function createApp(opts: AppOptions): express.Express {
  const { store, rooms, auth, log, jsonLimit = '16mb', clientDir = CLIENT_DIST } = opts;
  const importer = opts.importer ?? new Importer();
  const writeLimits = opts.writeLimits ?? new WriteLimits();
  const app = express();
  app.disable('x-powered-by');
  if (opts.trustProxy !== undefined) app.set('trust proxy', opts.trustProxy);
  app.use(securityHeaders(opts.collabUrls));
  if (opts.health) app.get('/healthz', healthz({ ...opts.health, store, log }));
  app.get('/api/collab/servers', (_req, res) => { res.json({ urls: opts.collabUrls ?? [] }); });
  app.use('/api', jsonBodies(jsonLimit), loadSession(auth), csrfProtection, authRouter(auth, opts),
    ...(opts.library ? [libraryRouter(opts.library, auth, importer), proposalsRouter(store, rooms, auth, opts.library, writeLimits)] : []),
    apiRouter(store, rooms, auth, importer, writeLimits));
  app.use(express.static(clientDir, { index: false }));
  app.use(spaFallback(clientDir));
  app.use((req) => {
    throw new HttpError(404, `not found: ${req.path}`);
  });
  app.use(errorHandler(log));
  return app;
}
