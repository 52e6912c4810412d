// Express middleware of the accounts: the request's session (req.signedIn), the CSRF check of
// state-changing requests (Origin, and the session's token in X-CSRF-Token), security headers
// (helmet with a CSP for the built client and its WebSocket) and the sign-in rate limit.
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
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
  return (req, _res, next) => {
    req.signedIn = auth.signedIn(req);
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

/** helmet's headers; the CSP allows the Vite-built client (own scripts, inline styles) and its WebSocket. */
export function securityHeaders(): RequestHandler {
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
          (req) => `wss://${(req as IncomingMessage).headers.host ?? 'localhost'}`],
        'upgrade-insecure-requests': null,
      },
    },
  });
}

export interface SignInLimits {
  /** Failed sign-ins allowed per IP and name in `windowMs` (default 5). */
  perName?: number;
  /** Failed sign-ins allowed per IP whatever the names, against trying many names (default 50). */
  perIp?: number;
  /** Default 15 minutes. */
  windowMs?: number;
}

/**
 * Sign-in attempts: at most `perName` failures per IP and name and `perIp` per IP in `windowMs`,
 * then 429 with Retry-After. Successful sign-ins do not count.
 */
export function signInRateLimit({ perName = 5, perIp = 50, windowMs = 15 * 60 * 1000 }: SignInLimits = {}): RequestHandler[] {
  const limiter = (limit: number, key: (req: Request) => string): RequestHandler => rateLimit({
    windowMs,
    limit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: key,
    handler: (_req, res) => {
      res.status(429).json({ error: 'too many failed sign-ins: try again later' });
    },
  });
  const ip = (req: Request) => ipKeyGenerator(req.ip ?? '');
  return [
    limiter(perIp, ip),
    limiter(perName, (req) => {
      const name = (req.body as { name?: unknown } | undefined)?.name;
      return `${ip(req)}|${typeof name === 'string' ? name.toLowerCase() : ''}`;
    }),
  ];
}
