// The audit log: sign-ins (ok and failed), sign-outs, exports, role changes and invitations,
// one row each, in the store's SQLite database. Coordinators read their group's entries.
import type Database from 'better-sqlite3';

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

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  action TEXT NOT NULL,
  user_id TEXT,
  name TEXT,
  grp TEXT,
  ip TEXT,
  detail TEXT
);
CREATE INDEX IF NOT EXISTS audit_by_group ON audit(grp, id);
CREATE INDEX IF NOT EXISTS audit_by_user ON audit(user_id, id);
`;

interface AuditRow { id: number; time: number; action: string; user_id: string | null; name: string | null; grp: string | null; ip: string | null; detail: string | null }

export class AuditLog {
  private stmt;

  constructor(db: Database.Database) {
    db.exec(SCHEMA);
    this.stmt = {
      insert: db.prepare('INSERT INTO audit (time, action, user_id, name, grp, ip, detail) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      // A group's entries, and the sign-ins and sign-outs of its members (which belong to no group).
      ofGroup: db.prepare<[string, string, number], AuditRow>(`SELECT * FROM audit
        WHERE grp = ? OR (grp IS NULL AND user_id IN (SELECT user_id FROM memberships WHERE grp = ?))
        ORDER BY id DESC LIMIT ?`),
    };
  }

  record(action: AuditAction, entry: { userId?: string | null; name?: string | null; group?: string | null; ip?: string | null; detail?: Record<string, unknown> }): void {
    this.stmt.insert.run(
      Date.now(), action, entry.userId ?? null, entry.name ?? null, entry.group ?? null, entry.ip ?? null,
      entry.detail ? JSON.stringify(entry.detail) : null,
    );
  }

  /** The newest entries concerning a group, newest first. */
  forGroup(group: string, limit = 500): AuditEntry[] {
    return this.stmt.ofGroup.all(group, group, limit).map((row) => ({
      id: row.id, time: row.time, action: row.action as AuditAction, userId: row.user_id, name: row.name,
      group: row.grp, ip: row.ip, detail: row.detail ? JSON.parse(row.detail) : null,
    }));
  }
}
