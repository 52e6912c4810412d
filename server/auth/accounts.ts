// Users, groups and memberships in the store's database (SQLite or PostgreSQL, through the SQL
// seam; documents reference groups). Names are unique case-insensitively; a membership gives a
// user one role in one group.
import { isUniqueViolation, type Sql } from '../store/sql';
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

/** What this server changed, for the connections' cached roles (collab-access.ts). */
class Changes {
  count = 0;
  readonly roles = new Map<string, Role>();
}

export class Accounts {
  constructor(private readonly sql: Sql, private readonly changes = new Changes()) {}

  /** The same accounts inside a transaction of the seam. */
  in(tx: Sql): Accounts {
    return new Accounts(tx, this.changes);
  }

  /** Runs `fn` in one transaction. */
  transaction<T>(fn: (accounts: Accounts, tx: Sql) => Promise<T>): Promise<T> {
    return this.sql.transaction((tx) => fn(this.in(tx), tx));
  }

  async user(id: string): Promise<User | undefined> {
    const row = await this.sql.get<UserRow>('SELECT * FROM users WHERE id = ?', [id]);
    return row && toUser(row);
  }

  /** The user and their password hash, by name (case-insensitive). */
  async credentials(name: string): Promise<{ user: User; passwordHash: string } | undefined> {
    const row = await this.sql.get<UserRow>('SELECT * FROM users WHERE lower(name) = lower(?)', [name]);
    return row && { user: toUser(row), passwordHash: row.password_hash };
  }

  async users(): Promise<User[]> {
    return (await this.sql.all<UserRow>('SELECT * FROM users ORDER BY lower(name), name')).map(toUser);
  }

  /** Creates a user from an already hashed password (see password.ts). */
  async createUser(name: string, passwordHash: string): Promise<User> {
    checkUserName(name);
    const taken = () => new AccountError(`the name '${name}' is taken`, 409);
    if (await this.credentials(name)) throw taken();
    const user = { id: randomUUID(), name, createdAt: Date.now() };
    try {
      await this.sql.run('INSERT INTO users (id, name, password_hash, created_at) VALUES (?, ?, ?, ?)', [user.id, name, passwordHash, user.createdAt]);
    } catch (err) {
      if (isUniqueViolation(err)) throw taken(); // taken meanwhile, on another server
      throw err;
    }
    return user;
  }

  async group(code: string): Promise<Group | undefined> {
    return this.sql.get<Group>('SELECT code, name FROM groups WHERE code = ?', [code]);
  }

  async groups(): Promise<Group[]> {
    return this.sql.all<Group>('SELECT code, name FROM groups ORDER BY code');
  }

  /** Creates the group, or returns it when it exists (its name is then left as it is). */
  async ensureGroup(code: string, name: string): Promise<Group> {
    checkGroupCode(code);
    const existing = await this.group(code);
    if (existing) return existing;
    if (typeof name !== 'string' || !name.trim() || name.length > 200) throw new AccountError('a group name is 1 to 200 characters');
    await this.sql.run('INSERT INTO groups (code, name, created_at) VALUES (?, ?, ?) ON CONFLICT (code) DO NOTHING', [code, name.trim(), Date.now()]);
    return (await this.group(code))!;
  }

  /** The user's role in the group, or null when they are not a member. */
  async role(userId: string, group: string): Promise<Role | null> {
    const role = (await this.sql.get<{ role: string }>('SELECT role FROM memberships WHERE user_id = ? AND grp = ?', [userId, group]))?.role;
    return isRole(role) ? role : null;
  }

  async memberships(userId: string): Promise<Membership[]> {
    const rows = await this.sql.all<{ grp: string; name: string; role: string }>(
      'SELECT m.grp, g.name, m.role FROM memberships m JOIN groups g ON g.code = m.grp WHERE m.user_id = ? ORDER BY m.grp', [userId]);
    return rows.map((m) => ({ group: m.grp, groupName: m.name, role: m.role as Role }));
  }

  async members(group: string): Promise<Member[]> {
    const rows = await this.sql.all<{ id: string; name: string; role: string }>(
      'SELECT u.id, u.name, m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.grp = ? ORDER BY lower(u.name), u.name', [group]);
    return rows.map((m) => ({ userId: m.id, name: m.name, role: m.role as Role }));
  }

  /** Counts role changes made through this server, so holders of a cached role know when to look again. */
  get roleChanges(): number {
    return this.changes.count;
  }

  /** The role last given to the user in the group through this server, if any. */
  changedRole(userId: string, group: string): Role | undefined {
    return this.changes.roles.get(`${userId} ${group}`);
  }

  /**
   * Gives the user `role` in the group (adding the membership if needed). The last coordinator
   * of a group cannot be demoted: someone must be able to manage it (on PostgreSQL the group's
   * row is locked meanwhile, so two servers cannot each demote one of its last two coordinators).
   */
  async setRole(userId: string, group: string, role: Role): Promise<void> {
    await this.sql.transaction(async (tx) => {
      const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
      if (!(await tx.get('SELECT code FROM groups WHERE code = ?' + lock, [group]))) throw new AccountError(`no such group '${group}'`, 404);
      const accounts = this.in(tx);
      if (!(await accounts.user(userId))) throw new AccountError('no such user', 404);
      const current = await accounts.role(userId, group);
      if (current === 'coordinator' && role !== 'coordinator'
        && (await tx.get<{ n: number }>("SELECT COUNT(*) AS n FROM memberships WHERE grp = ? AND role = 'coordinator'", [group]))!.n <= 1) {
        throw new AccountError(`the last coordinator of ${group} cannot be given another role`, 409);
      }
      await tx.run('INSERT INTO memberships (user_id, grp, role) VALUES (?, ?, ?) ON CONFLICT (user_id, grp) DO UPDATE SET role = excluded.role', [userId, group, role]);
    });
    this.changes.roles.set(`${userId} ${group}`, role);
    this.changes.count++;
  }
}
