// Express middleware of the accounts: the request's session (req.signedIn), the CSRF check of
// state-changing requests (Origin, and the session's token in X-CSRF-Token), security headers
// (helmet with a CSP for the built client and its WebSocket). The sign-in limits are in sign-in-limits.ts.
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import helmet from 'helmet';
import { HttpError } from '../http-error';
import type { Auth, SignedIn } from './auth';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by `loadSession` when the request carries a live session cookie. */
      signedIn?: SignedIn;
    }
  }
}

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function loadSession(auth: Auth): RequestHandler {
  return async (req, _res, next) => {
    req.signedIn = await auth.signedIn(req);
    next();
  };
}

/** The signed-in user of the request; 401 otherwise. */
export function requireSignedIn(req: Request): SignedIn {
  if (!req.signedIn) throw new HttpError(401, 'sign in first');
  return req.signedIn;
}

/**
 * Whether a request comes from this site: no Origin header (not a browser's cross-site request),
 * or one naming this host. Browsers send Origin on every POST, PUT, PATCH, DELETE and WebSocket.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return req.headers['sec-fetch-site'] !== 'cross-site';
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given), b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * CSRF protection of every state-changing request: a foreign Origin is refused, and a request
 * with a session must carry the session's token in X-CSRF-Token (double submit: the page reads
 * it from GET /api/session). Requests without a session (sign-in, accepting an invitation as a
 * new user) can do nothing in anyone's name, and the cookie is SameSite=Lax besides.
 */
export const csrfProtection: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  if (!sameOrigin(req)) throw new HttpError(403, 'cross-origin request refused');
  if (req.signedIn) {
    const given = req.get(CSRF_HEADER);
    if (!given || !tokensEqual(given, req.signedIn.session.csrfToken)) throw new HttpError(403, 'missing or wrong CSRF token');
  }
  next();
};

/**
 * helmet's headers; the CSP allows the Vite-built client (own scripts, inline styles) and its
 * WebSocket, and the sockets of `peers` (the servers it fails over to: ServerOptions.collabUrls).
 */
export function securityHeaders(peers: string[] = []): RequestHandler {
  const peerSockets = peers.flatMap((url) => {
    try {
      const { host } = new URL(url);
      return [`ws://${host}`, `wss://${host}`];
    } catch {
      return [];
    }
  });
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        // ProseMirror, React and y-prosemirror's cursors set style attributes.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'connect-src': ["'self'", (req) => `ws://${(req as IncomingMessage).headers.host ?? 'localhost'}`,
          (req) => `wss://${(req as IncomingMessage).headers.host ?? 'localhost'}`, ...peerSockets],
        'upgrade-insecure-requests': null,
      },
    },
  });
}
