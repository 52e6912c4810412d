// Sessions: a random token in an httpOnly SameSite=Lax cookie; SQLite keeps only its SHA-256,
// the user, the expiry and the session's CSRF token (sent back in X-CSRF-Token, see csrf.ts).
import type Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { CookieOptions } from 'express';

export const SESSION_COOKIE = 'draftroom_session';
/** Sessions last 14 days from sign-in. */
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_expiry ON sessions(expires_at);
`;

export interface Session {
  userId: string;
  csrfToken: string;
  expiresAt: number;
  tokenHash: string;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export class Sessions {
  private stmt;

  constructor(db: Database.Database, private now: () => number = Date.now, private ttlMs = SESSION_TTL_MS) {
    db.exec(SCHEMA);
    this.stmt = {
      insert: db.prepare('INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)'),
      get: db.prepare<[string], { user_id: string; csrf_token: string; expires_at: number }>(
        'SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = ?'),
      remove: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
      expire: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    };
  }

  /** Starts a session; the token goes to the cookie and is never stored. */
  create(userId: string): { token: string; session: Session } {
    this.stmt.expire.run(this.now());
    const token = randomBytes(32).toString('base64url');
    const session = { userId, csrfToken: randomBytes(24).toString('base64url'), expiresAt: this.now() + this.ttlMs, tokenHash: hashToken(token) };
    this.stmt.insert.run(session.tokenHash, userId, session.csrfToken, this.now(), session.expiresAt);
    return { token, session };
  }

  /** The live session of a token, or undefined (an expired one is deleted). */
  find(token: string | undefined): Session | undefined {
    if (!token) return undefined;
    const tokenHash = hashToken(token);
    const row = this.stmt.get.get(tokenHash);
    if (!row) return undefined;
    if (row.expires_at <= this.now()) {
      this.stmt.remove.run(tokenHash);
      return undefined;
    }
    return { userId: row.user_id, csrfToken: row.csrf_token, expiresAt: row.expires_at, tokenHash };
  }

  /** Whether the session still exists (not signed out, not expired). */
  alive(session: Session): boolean {
    const row = this.stmt.get.get(session.tokenHash);
    return !!row && row.expires_at > this.now();
  }

  /** Counts revocations, so holders of a cached check know when to look again. */
  revocations = 0;

  revoke(session: Session): void {
    this.stmt.remove.run(session.tokenHash);
    this.revocations++;
  }
}

/** The session token of a request's Cookie header, if any. */
export function sessionToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** Cookie options: httpOnly, SameSite=Lax, Secure when the request came over https. */
export function sessionCookieOptions(secure: boolean, expiresAt?: number): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', ...(expiresAt ? { expires: new Date(expiresAt) } : {}) };
}
