// Invitations by link: a coordinator creates one for a group and a role with an expiry; whoever
// holds the link can see the group and role and accept it once (as a new or a signed-in user).
// Only the token's SHA-256 is stored.
import type Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { AccountError, type Accounts } from './accounts';
import type { Role } from './roles';

/** Bounds of `expiresIn` (seconds): one minute to thirty days; a week by default. */
export const INVITATION_TTL = { min: 60, max: 30 * 24 * 3600, default: 7 * 24 * 3600 };

const SCHEMA = `
CREATE TABLE IF NOT EXISTS invitations (
  token_hash TEXT PRIMARY KEY,
  grp TEXT NOT NULL REFERENCES groups(code) ON DELETE CASCADE,
  role TEXT NOT NULL,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  used_at INTEGER
);
`;

export interface Invitation {
  group: string;
  groupName: string;
  role: Role;
  expiresAt: number;
}

interface InvitationRow { grp: string; name: string; role: Role; expires_at: number; used_at: number | null }

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

export class Invitations {
  private stmt;

  constructor(db: Database.Database, private accounts: Accounts, private now: () => number = Date.now) {
    db.exec(SCHEMA);
    this.stmt = {
      insert: db.prepare('INSERT INTO invitations (token_hash, grp, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)'),
      get: db.prepare<[string], InvitationRow>(
        'SELECT i.grp, g.name, i.role, i.expires_at, i.used_at FROM invitations i JOIN groups g ON g.code = i.grp WHERE token_hash = ?'),
      use: db.prepare('UPDATE invitations SET used_by = ?, used_at = ? WHERE token_hash = ? AND used_at IS NULL'),
    };
  }

  /** Creates an invitation; returns its token (shown once, in the link). */
  create(group: string, role: Role, expiresInSeconds: number, createdBy: string): { token: string; invitation: Invitation } {
    const groupRow = this.accounts.group(group);
    if (!groupRow) throw new AccountError(`no such group '${group}'`, 404);
    const token = randomBytes(24).toString('base64url');
    const expiresAt = this.now() + expiresInSeconds * 1000;
    this.stmt.insert.run(hashToken(token), group, role, createdBy, this.now(), expiresAt);
    return { token, invitation: { group, groupName: groupRow.name, role, expiresAt } };
  }

  /** The invitation of a token; 404 when unknown, 410 when used or expired. */
  get(token: string): Invitation {
    const row = TOKEN.test(token) ? this.stmt.get.get(hashToken(token)) : undefined;
    if (!row) throw new AccountError('no such invitation', 404);
    if (row.used_at !== null) throw new AccountError('this invitation has already been used', 410);
    if (row.expires_at <= this.now()) throw new AccountError('this invitation has expired', 410);
    return { group: row.grp, groupName: row.name, role: row.role, expiresAt: row.expires_at };
  }

  /**
   * Accepts the invitation for `userId` (created by `createUser` inside the same transaction when
   * given, so a refused invitation leaves no account behind): marks it used and adds the membership.
   */
  accept(token: string, user: string | (() => string)): { userId: string; invitation: Invitation } {
    return this.accounts.transaction(() => {
      const invitation = this.get(token);
      const userId = typeof user === 'string' ? user : user();
      if (this.accounts.role(userId, invitation.group)) throw new AccountError(`you are already a member of ${invitation.group}`, 409);
      this.stmt.use.run(userId, this.now(), hashToken(token));
      this.accounts.setRole(userId, invitation.group, invitation.role);
      return { userId, invitation };
    });
  }
}
