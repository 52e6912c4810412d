// Password hashing (scrypt with a random salt and its parameters stored) and the accounts on a
// real SQLite store and a real PostgreSQL: names, groups, roles (the last coordinator stays), sessions and invitations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Auth } from '../../server/auth/auth';
import { AccountError } from '../../server/auth/accounts';
import { generatePassword, hashPassword, SCRYPT_PARAMS, verifyPassword } from '../../server/auth/password';
import { can } from '../../server/auth/roles';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite';
import { openPgStore, type PgStore } from '../../server/store/postgres';
import { startPostgres, type PostgresEngine } from '../engines/postgres';

describe('passwords', () => {
  it('hash with scrypt, a random salt and the parameters, and verify', async () => {
    const [a, b] = await Promise.all([hashPassword('correct horse'), hashPassword('correct horse')]);
    expect(a).toMatch(new RegExp(`^scrypt\\$${SCRYPT_PARAMS.N}\\$8\\$1\\$[\\w-]{22}\\$[\\w-]{43}$`));
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horse', b)).toBe(true);
    expect(await verifyPassword('correct hors', a)).toBe(false);
    expect(await verifyPassword('Correct horse', a)).toBe(false);
  });

  it('refuse malformed or tampered hashes without throwing', async () => {
    const good = await hashPassword('pw-123456');
    const parts = good.split('$');
    for (const bad of ['', 'plain', 'md5$x$y', good.replace('scrypt', 'bcrypt'), [...parts.slice(0, 5), 'short'].join('$'),
      [parts[0], String(1 << 30), ...parts.slice(2)].join('$'), [parts[0], 'NaN', ...parts.slice(2)].join('$')]) {
      expect(await verifyPassword('pw-123456', bad)).toBe(false);
    }
  });

  it('generate 24-character random passwords', () => {
    const passwords = new Set(Array.from({ length: 20 }, generatePassword));
    expect(passwords.size).toBe(20);
    for (const p of passwords) expect(p).toMatch(/^[\w-]{24}$/);
  });
});

let engine: PostgresEngine | undefined;
afterAll(async () => { await engine?.destroy(); });

const stores: [string, () => Promise<{ store: SqliteStore | PgStore; remove(): void }>][] = [
  ['SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'draftroom-auth-'));
    return { store: openSqliteStore(dir), remove: () => rmSync(dir, { recursive: true, force: true }) };
  }],
  ['PostgreSQL', async () => {
    engine ??= await startPostgres();
    return { store: await openPgStore(await engine.newDatabase()), remove: () => {} };
  }],
];

describe.each(stores)('accounts on %s', (_kind, open) => {
  let opened: { store: SqliteStore | PgStore; remove(): void };
  let store: SqliteStore | PgStore;
  let clock = 1_000_000;
  let auth: Auth;
  beforeAll(async () => {
    opened = await open();
    store = opened.store;
    auth = new Auth(store.sql, { now: () => clock });
  });
  afterAll(async () => {
    await store?.close();
    opened?.remove();
  });

  it('creates users with unique names (case-insensitive) and checks names and passwords', async () => {
    await auth.accounts.ensureGroup('EUR', 'CEPT');
    const user = await auth.createUser('Ada', 'long-password', { group: 'EUR', role: 'coordinator' });
    expect(await auth.verifyCredentials('ada', 'long-password')).toEqual(user);
    expect(await auth.verifyCredentials('ada', 'wrong-password')).toBeNull();
    expect(await auth.verifyCredentials('nobody', 'long-password')).toBeNull();
    await expect(auth.createUser('ADA', 'long-password')).rejects.toThrow(/taken/);
    await expect(auth.createUser('bad name', 'long-password')).rejects.toThrow(AccountError);
    await expect(auth.createUser('short', 'pw')).rejects.toThrow(/8 to 200/);
    await expect(auth.createUser('lost', 'long-password', { group: 'XYZ', role: 'drafter' })).rejects.toThrow(/no such group/);
    expect(await auth.accounts.credentials('lost')).toBeUndefined(); // the transaction left nothing behind
  });

  it('refuses bad group codes and keeps documents tied to existing groups', async () => {
    await expect(auth.accounts.ensureGroup('eur', 'x')).rejects.toThrow(/capital letters/);
    await expect(store.createDocument({ title: 'x', group: 'NOPE' })).rejects.toThrow("no such group 'NOPE'");
    expect((await store.createDocument({ title: 'x', group: 'EUR' })).group).toBe('EUR');
  });

  it('keeps at least one coordinator per group', async () => {
    await auth.accounts.ensureGroup('ACP', 'APT');
    const a = await auth.createUser('chair', 'long-password', { group: 'ACP', role: 'coordinator' });
    const b = await auth.createUser('deputy', 'long-password', { group: 'ACP', role: 'drafter' });
    await expect(auth.accounts.setRole(a.id, 'ACP', 'observer')).rejects.toThrow(/last coordinator/);
    await auth.accounts.setRole(b.id, 'ACP', 'coordinator');
    await auth.accounts.setRole(a.id, 'ACP', 'observer');
    expect((await auth.accounts.members('ACP')).map((m) => `${m.name}:${m.role}`)).toEqual(['chair:observer', 'deputy:coordinator']);
  });

  it('expires sessions and keeps only the token\'s hash', async () => {
    const user = (await auth.accounts.credentials('ada'))!.user;
    const { token, session } = await auth.sessions.create(user.id);
    expect(await store.sql.get('SELECT COUNT(*) AS n FROM sessions WHERE token_hash = ?', [token])).toEqual({ n: 0 });
    expect(await auth.sessions.find(token)).toEqual(session);
    clock = session.expiresAt;
    expect(await auth.sessions.find(token)).toBeUndefined();
    expect(await auth.sessions.find('not-a-token')).toBeUndefined();
  });

  it('accepts an invitation once and not after it expires', async () => {
    const chair = (await auth.accounts.credentials('ada'))!.user;
    const guest = (await auth.accounts.credentials('deputy'))!.user;
    const { token } = await auth.invitations.create('EUR', 'observer', 60, chair.id);
    await auth.invitations.accept(token, guest.id);
    expect(await auth.accounts.role(guest.id, 'EUR')).toBe('observer');
    await expect(auth.invitations.accept(token, chair.id)).rejects.toThrow(/already been used/);
    const late = (await auth.invitations.create('EUR', 'drafter', 60, chair.id)).token;
    clock += 60_000;
    await expect(auth.invitations.get(late)).rejects.toThrow(/expired/);
  });

  it('grants each role what the issue says', () => {
    expect(can('observer', 'read') && can('observer', 'comment')).toBe(true);
    expect(can('observer', 'editTracked')).toBe(false);
    expect(can('drafter', 'editTracked') && !can('drafter', 'edit') && !can('drafter', 'review')).toBe(true);
    expect(['edit', 'review', 'export', 'invite', 'createDocument', 'manageMembers'].every((p) => can('coordinator', p as never))).toBe(true);
    expect(can(null, 'read')).toBe(false);
  });
});

describe('a data dir from before accounts', () => {
  it('gets groups for its documents and the reference from documents to groups', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'draftroom-old-'));
    try {
      const old = new Database(join(dir, 'draftroom.sqlite'));
      old.exec(`CREATE TABLE documents (id TEXT PRIMARY KEY, title TEXT NOT NULL, grp TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, state BLOB);
        CREATE TABLE updates (seq INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, data BLOB NOT NULL);
        INSERT INTO documents VALUES ('a', 'Old CEPT', 'CEPT', 1, 1, NULL), ('b', 'No group', '', 2, 2, NULL);
        INSERT INTO updates (doc_id, data) VALUES ('a', x'00');`);
      old.close();
      const store = openSqliteStore(dir);
      try {
        expect((await store.listDocuments()).map((d) => [d.id, d.group])).toEqual([['b', 'EUR'], ['a', 'CEPT']]);
        expect((await new Auth(store.sql).accounts.groups()).map((g) => g.code)).toEqual(['CEPT', 'EUR']);
        expect((await store.load('a'))!.updates).toHaveLength(1);
        await expect(store.createDocument({ title: 'x', group: 'NONE' })).rejects.toThrow(/no such group/);
        expect(await store.deleteDocument('a')).toBe(true);
        expect(store.db.prepare('SELECT COUNT(*) AS n FROM updates').get()).toEqual({ n: 0 }); // the cascade still holds
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
