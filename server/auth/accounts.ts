// Users, groups and memberships in SQLite (the store's database: documents reference groups).
// Names are unique case-insensitively; a membership gives a user one role in one group.
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { isRole, type Role } from './roles';

export interface User {
  id: string;
  name: string;
  createdAt: number;
}

export interface Group {
  code: string;
  name: string;
}

export interface Membership {
  group: string;
  groupName: string;
  role: Role;
}

export interface Member {
  userId: string;
  name: string;
  role: Role;
}

/** Bad input to the accounts (a taken name, an unknown group, ...): a 400/409 for the API, one line for the CLI. */
export class AccountError extends Error {
  constructor(message: string, readonly status = 400) {
    super(message);
  }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS memberships (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  grp TEXT NOT NULL REFERENCES groups(code) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('coordinator', 'drafter', 'observer')),
  PRIMARY KEY (user_id, grp)
);
CREATE INDEX IF NOT EXISTS memberships_by_group ON memberships(grp);
`;

export const GROUP_CODE = /^[A-Z]{2,8}$/;
export const USER_NAME = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u;

export function checkGroupCode(code: unknown): string {
  if (typeof code !== 'string' || !GROUP_CODE.test(code)) throw new AccountError('a group code is 2 to 8 capital letters, such as EUR');
  return code;
}

export function checkUserName(name: unknown): string {
  if (typeof name !== 'string' || !USER_NAME.test(name)) {
    throw new AccountError('a user name is 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit');
  }
  return name;
}

export function checkPassword(password: unknown): string {
  if (typeof password !== 'string' || password.length < 8 || password.length > 200) {
    throw new AccountError('a password is 8 to 200 characters long');
  }
  return password;
}

interface UserRow { id: string; name: string; created_at: number; password_hash: string }
const toUser = (row: UserRow): User => ({ id: row.id, name: row.name, createdAt: row.created_at });

export class Accounts {
  private stmt;

  constructor(private db: Database.Database) {
    db.exec(SCHEMA);
    this.stmt = {
      userById: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      userByName: db.prepare<[string], UserRow>('SELECT * FROM users WHERE name = ?'),
      users: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY name'),
      addUser: db.prepare('INSERT INTO users (id, name, password_hash, created_at) VALUES (?, ?, ?, ?)'),
      group: db.prepare<[string], Group>('SELECT code, name FROM groups WHERE code = ?'),
      groups: db.prepare<[], Group>('SELECT code, name FROM groups ORDER BY code'),
      addGroup: db.prepare('INSERT INTO groups (code, name, created_at) VALUES (?, ?, ?)'),
      role: db.prepare<[string, string], { role: string }>('SELECT role FROM memberships WHERE user_id = ? AND grp = ?'),
      memberships: db.prepare<[string], { grp: string; name: string; role: string }>(
        'SELECT m.grp, g.name, m.role FROM memberships m JOIN groups g ON g.code = m.grp WHERE m.user_id = ? ORDER BY m.grp'),
      members: db.prepare<[string], { id: string; name: string; role: string }>(
        'SELECT u.id, u.name, m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.grp = ? ORDER BY u.name'),
      setRole: db.prepare('INSERT INTO memberships (user_id, grp, role) VALUES (?, ?, ?) ON CONFLICT (user_id, grp) DO UPDATE SET role = excluded.role'),
      coordinators: db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM memberships WHERE grp = ? AND role = 'coordinator'"),
    };
  }

  /** Runs `fn` in one transaction. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  user(id: string): User | undefined {
    const row = this.stmt.userById.get(id);
    return row && toUser(row);
  }

  /** The user and their password hash, by name (case-insensitive). */
  credentials(name: string): { user: User; passwordHash: string } | undefined {
    const row = this.stmt.userByName.get(name);
    return row && { user: toUser(row), passwordHash: row.password_hash };
  }

  users(): User[] {
    return this.stmt.users.all().map(toUser);
  }

  /** Creates a user from an already hashed password (see password.ts). */
  createUser(name: string, passwordHash: string): User {
    checkUserName(name);
    if (this.stmt.userByName.get(name)) throw new AccountError(`the name '${name}' is taken`, 409);
    const user = { id: randomUUID(), name, createdAt: Date.now() };
    this.stmt.addUser.run(user.id, name, passwordHash, user.createdAt);
    return user;
  }

  group(code: string): Group | undefined {
    return this.stmt.group.get(code);
  }

  groups(): Group[] {
    return this.stmt.groups.all();
  }

  /** Creates the group, or returns it when it exists (its name is then left as it is). */
  ensureGroup(code: string, name: string): Group {
    checkGroupCode(code);
    const existing = this.group(code);
    if (existing) return existing;
    if (typeof name !== 'string' || !name.trim() || name.length > 200) throw new AccountError('a group name is 1 to 200 characters');
    this.stmt.addGroup.run(code, name.trim(), Date.now());
    return { code, name: name.trim() };
  }

  /** The user's role in the group, or null when they are not a member. */
  role(userId: string, group: string): Role | null {
    const role = this.stmt.role.get(userId, group)?.role;
    return isRole(role) ? role : null;
  }

  memberships(userId: string): Membership[] {
    return this.stmt.memberships.all(userId).map((m) => ({ group: m.grp, groupName: m.name, role: m.role as Role }));
  }

  members(group: string): Member[] {
    return this.stmt.members.all(group).map((m) => ({ userId: m.id, name: m.name, role: m.role as Role }));
  }

  /** Counts role changes, so holders of a cached role know when to look again. */
  roleChanges = 0;

  /**
   * Gives the user `role` in the group (adding the membership if needed). The last coordinator
   * of a group cannot be demoted: someone must be able to manage it.
   */
  setRole(userId: string, group: string, role: Role): void {
    this.roleChanges++;
    this.transaction(() => {
      if (!this.group(group)) throw new AccountError(`no such group '${group}'`, 404);
      if (!this.user(userId)) throw new AccountError('no such user', 404);
      const current = this.role(userId, group);
      if (current === 'coordinator' && role !== 'coordinator' && this.stmt.coordinators.get(group)!.n <= 1) {
        throw new AccountError(`the last coordinator of ${group} cannot be given another role`, 409);
      }
      this.stmt.setRole.run(userId, group, role);
    });
  }
}
