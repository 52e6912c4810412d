// The accounts side of the server in one object: users, groups and memberships, sessions,
// invitations and the audit log on the store's database (through the SQL seam: SQLite or
// PostgreSQL, shared by every server), and the checks built on them.
import type { Sql } from '../store/sql';
import type { IncomingMessage } from 'node:http';
import { Accounts, checkPassword, type User } from './accounts';
import { AuditLog } from './audit';
import { Invitations } from './invitations';
import { decoyHash, hashPassword, verifyPassword } from './password';
import type { Role } from './roles';
import { sessionToken, Sessions, type Session } from './sessions';

export interface AuthOptions {
  /** The clock of sessions and invitations (tests move it on). */
  now?: () => number;
}

/** A signed-in request: its user and session. */
export interface SignedIn {
  user: User;
  session: Session;
}

export class Auth {
  readonly accounts: Accounts;
  readonly sessions: Sessions;
  readonly invitations: Invitations;
  readonly audit: AuditLog;

  constructor(sql: Sql, opts: AuthOptions = {}) {
    const now = opts.now ?? Date.now;
    this.accounts = new Accounts(sql);
    this.sessions = new Sessions(sql, now);
    this.invitations = new Invitations(sql, this.accounts, now);
    this.audit = new AuditLog(sql);
  }

  /** Creates a user, optionally with a first membership, in one transaction. */
  async createUser(name: string, password: string, membership?: { group: string; role: Role }): Promise<User> {
    const hash = await hashPassword(checkPassword(password));
    return this.accounts.transaction(async (accounts) => {
      const user = await accounts.createUser(name, hash);
      if (membership) await accounts.setRole(user.id, membership.group, membership.role);
      return user;
    });
  }

  /**
   * The user with this name and password, or null. An unknown name costs a hash check too, so
   * that the answer and its time do not tell which names exist.
   */
  async verifyCredentials(name: string, password: string): Promise<User | null> {
    const found = await this.accounts.credentials(name);
    const ok = await verifyPassword(password, found?.passwordHash ?? (await decoyHash()));
    return ok && found ? found.user : null;
  }

  /** The session and user of a request's cookie, if it has a live one. */
  async signedIn(req: IncomingMessage): Promise<SignedIn | undefined> {
    const session = await this.sessions.find(sessionToken(req));
    const user = session && (await this.accounts.user(session.userId));
    return session && user ? { user, session } : undefined;
  }

  /** What GET /api/session answers. */
  async describe({ user, session }: SignedIn) {
    return { user, memberships: await this.accounts.memberships(user.id), csrfToken: session.csrfToken };
  }
}
