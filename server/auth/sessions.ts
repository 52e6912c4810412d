// Sessions: a random token in an httpOnly SameSite=Lax cookie; the database (shared by every
// server) keeps only its SHA-256, the user, the expiry and the session's CSRF token (sent back in
// X-CSRF-Token, see csrf.ts).
import type { Sql } from '../store/sql';
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { CookieOptions } from 'express';

export const SESSION_COOKIE = 'draftroom_session';
/** Sessions last 14 days from sign-in. */
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;


export interface Session {
  userId: string;
  csrfToken: string;
  expiresAt: number;
  tokenHash: string;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** How many sessions revoked through this server are remembered for the open connections' checks. */
const REVOKED_KEPT = 10_000;

export class Sessions {
  /** Token hashes of sessions revoked through this server (newest last), checked without a query. */
  private revokedHere = new Set<string>();

  constructor(private readonly sql: Sql, private now: () => number = Date.now, private ttlMs = SESSION_TTL_MS) {}

  /** Starts a session; the token goes to the cookie and is never stored. */
  async create(userId: string): Promise<{ token: string; session: Session }> {
    await this.sql.run('DELETE FROM sessions WHERE expires_at <= ?', [this.now()]);
    const token = randomBytes(32).toString('base64url');
    const session = { userId, csrfToken: randomBytes(24).toString('base64url'), expiresAt: this.now() + this.ttlMs, tokenHash: hashToken(token) };
    await this.sql.run('INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      [session.tokenHash, userId, session.csrfToken, this.now(), session.expiresAt]);
    return { token, session };
  }

  private row(tokenHash: string) {
    return this.sql.get<{ user_id: string; csrf_token: string; expires_at: number }>(
      'SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = ?', [tokenHash]);
  }

  /** The live session of a token, or undefined (an expired one is deleted). */
  async find(token: string | undefined): Promise<Session | undefined> {
    if (!token) return undefined;
    const tokenHash = hashToken(token);
    const row = await this.row(tokenHash);
    if (!row) return undefined;
    if (row.expires_at <= this.now()) {
      await this.sql.run('DELETE FROM sessions WHERE token_hash = ?', [tokenHash]);
      return undefined;
    }
    return { userId: row.user_id, csrfToken: row.csrf_token, expiresAt: row.expires_at, tokenHash };
  }

  /** Whether the session still exists (not signed out, not expired). */
  async alive(session: Session): Promise<boolean> {
    if (this.revokedHere.has(session.tokenHash)) return false;
    const row = await this.row(session.tokenHash);
    return !!row && row.expires_at > this.now();
  }

  /** Whether the session was revoked through this server (no query: for checks on every message). */
  wasRevokedHere(session: Session): boolean {
    return this.revokedHere.has(session.tokenHash);
  }

  /** Counts revocations through this server, so holders of a cached check know when to look again. */
  revocations = 0;

  async revoke(session: Session): Promise<void> {
    this.revokedHere.add(session.tokenHash);
    if (this.revokedHere.size > REVOKED_KEPT) this.revokedHere.delete(this.revokedHere.values().next().value!);
    this.revocations++;
    await this.sql.run('DELETE FROM sessions WHERE token_hash = ?', [session.tokenHash]);
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
