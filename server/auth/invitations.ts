// Invitations by link: a coordinator creates one for a group and a role with an expiry; whoever
// holds the link can see the group and role and accept it once (as a new or a signed-in user).
// Only the token's SHA-256 is stored.
import type { Sql } from '../store/sql';
import { createHash, randomBytes } from 'node:crypto';
import { AccountError, type Accounts } from './accounts';
import type { Role } from './roles';

/** Bounds of `expiresIn` (seconds): one minute to thirty days; a week by default. */
export const INVITATION_TTL = { min: 60, max: 30 * 24 * 3600, default: 7 * 24 * 3600 };


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
  constructor(private readonly sql: Sql, private accounts: Accounts, private now: () => number = Date.now) {}

  /** Creates an invitation; returns its token (shown once, in the link). */
  async create(group: string, role: Role, expiresInSeconds: number, createdBy: string): Promise<{ token: string; invitation: Invitation }> {
    const groupRow = await this.accounts.group(group);
    if (!groupRow) throw new AccountError(`no such group '${group}'`, 404);
    const token = randomBytes(24).toString('base64url');
    const expiresAt = this.now() + expiresInSeconds * 1000;
    await this.sql.run('INSERT INTO invitations (token_hash, grp, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      [hashToken(token), group, role, createdBy, this.now(), expiresAt]);
    return { token, invitation: { group, groupName: groupRow.name, role, expiresAt } };
  }

  /** The invitation of a token; 404 when unknown, 410 when used or expired. */
  async get(token: string, sql: Sql = this.sql): Promise<Invitation> {
    const row = TOKEN.test(token)
      ? await sql.get<InvitationRow>('SELECT i.grp, g.name, i.role, i.expires_at, i.used_at FROM invitations i JOIN groups g ON g.code = i.grp WHERE token_hash = ?', [hashToken(token)])
      : undefined;
    if (!row) throw new AccountError('no such invitation', 404);
    if (row.used_at !== null) throw new AccountError('this invitation has already been used', 410);
    if (row.expires_at <= this.now()) throw new AccountError('this invitation has expired', 410);
    return { group: row.grp, groupName: row.name, role: row.role, expiresAt: row.expires_at };
  }

  /**
   * Accepts the invitation for `userId` (created by `createUser` inside the same transaction when
   * given, so a refused invitation leaves no account behind): marks it used and adds the membership.
   * Two servers accepting one invitation at once: the second finds it used (410).
   */
  async accept(token: string, user: string | ((accounts: Accounts) => Promise<string>)): Promise<{ userId: string; invitation: Invitation }> {
    return this.accounts.transaction(async (accounts, tx) => {
      const invitation = await this.get(token, tx);
      const userId = typeof user === 'string' ? user : await user(accounts);
      if (await accounts.role(userId, invitation.group)) throw new AccountError(`you are already a member of ${invitation.group}`, 409);
      const used = await tx.run('UPDATE invitations SET used_by = ?, used_at = ? WHERE token_hash = ? AND used_at IS NULL', [userId, this.now(), hashToken(token)]);
      if (used.changes === 0) throw new AccountError('this invitation has already been used', 410);
      await accounts.setRole(userId, invitation.group, invitation.role);
      return { userId, invitation };
    });
  }
}
