// The audit log: sign-ins (ok and failed), sign-outs, exports, role changes and invitations,
// one row each, in the store's database (SQLite or PostgreSQL). Coordinators read their group's entries.
import type { Sql } from '../store/sql';

export type AuditAction =
  | 'sign-in' | 'sign-in-failed' | 'sign-out' | 'export' | 'role-change'
  | 'invitation-created' | 'invitation-accepted' | 'user-created';

export interface AuditEntry {
  id: number;
  time: number;
  action: AuditAction;
  /** The acting user's id, when known. */
  userId: string | null;
  /** The name given or the acting user's name. */
  name: string | null;
  group: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
}


interface AuditRow { id: number; time: number; action: string; user_id: string | null; name: string | null; grp: string | null; ip: string | null; detail: string | null }

export class AuditLog {
  constructor(private readonly sql: Sql) {}

  async record(action: AuditAction, entry: { userId?: string | null; name?: string | null; group?: string | null; ip?: string | null; detail?: Record<string, unknown> }): Promise<void> {
    await this.sql.run('INSERT INTO audit (time, action, user_id, name, grp, ip, detail) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      Date.now(), action, entry.userId ?? null, entry.name ?? null, entry.group ?? null, entry.ip ?? null,
      entry.detail ? JSON.stringify(entry.detail) : null,
    ]);
  }

  /** The newest entries concerning a group, newest first: its own, and the sign-ins and sign-outs of its members (which belong to no group). */
  async forGroup(group: string, limit = 500): Promise<AuditEntry[]> {
    const rows = await this.sql.all<AuditRow>(`SELECT * FROM audit
      WHERE grp = ? OR (grp IS NULL AND user_id IN (SELECT user_id FROM memberships WHERE grp = ?))
      ORDER BY id DESC LIMIT ?`, [group, group, limit]);
    return rows.map((row) => ({
      id: row.id, time: row.time, action: row.action as AuditAction, userId: row.user_id, name: row.name,
      group: row.grp, ip: row.ip, detail: row.detail ? JSON.parse(row.detail) : null,
    }));
  }
}
