// The async SQL seam on both engines: `?` placeholders, changes counted, transactions committed or
// rolled back whole, and a statement issued while another request's transaction is open never
// joins it (SQLite has one connection: the seam makes it wait).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresEngine } from '../engines/postgres';
import { openPgStore } from '../../server/store/postgres';
import { openSqliteStore } from '../../server/store/sqlite';
import { numbered, type Sql } from '../../server/store/sql';
import { SCHEMA_VERSION } from '../../server/store/schema';
import { tempDataDir } from '../integration/helpers';

let engine: PostgresEngine;
const closers: (() => Promise<void> | void)[] = [];
beforeAll(async () => { engine = await startPostgres(); });
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await engine?.destroy();
});

const engines: [string, () => Promise<Sql>][] = [
  ['sqlite', async () => {
    const data = tempDataDir();
    const store = openSqliteStore(data.dir);
    closers.push(() => data.remove(), () => store.close());
    return store.sql;
  }],
  ['postgres', async () => {
    const store = await openPgStore(await engine.newDatabase());
    closers.push(() => store.close());
    return store.sql;
  }],
];

it('numbers placeholders for PostgreSQL', () => {
  expect(numbered('SELECT a FROM t WHERE b = ? AND c IN (?, ?)')).toBe('SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)');
});

describe.each(engines)('%s seam', (_kind, open) => {
  it('runs statements with parameters and counts the rows they touched', async () => {
    const sql = await open();
    expect((await sql.run('INSERT INTO groups (code, name, created_at) VALUES (?, ?, ?)', ['EUR', 'CEPT', 1_700_000_000_000])).changes).toBe(1);
    expect(await sql.get('SELECT code, name, created_at FROM groups WHERE code = ?', ['EUR'])).toEqual({ code: 'EUR', name: 'CEPT', created_at: 1_700_000_000_000 });
    expect(await sql.get('SELECT code FROM groups WHERE code = ?', ['NONE'])).toBeUndefined();
    expect((await sql.run("UPDATE groups SET name = 'x' WHERE code = ?", ['NONE'])).changes).toBe(0);
    expect(await sql.all<{ n: number }>('SELECT count(*) AS n FROM groups')).toEqual([{ n: 1 }]);
  });

  it('rolls a failed transaction back whole, and keeps statements of other requests out of it', async () => {
    const sql = await open();
    let inside!: () => void;
    const begun = new Promise<void>((resolve) => { inside = resolve; });
    const failing = sql.transaction(async (tx) => {
      await tx.run('INSERT INTO groups (code, name, created_at) VALUES (?, ?, ?)', ['AAA', 'in the transaction', 1]);
      inside();
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('changed my mind');
    });
    await begun;
    // Issued while the transaction is open: it must survive the rollback.
    const outside = sql.run('INSERT INTO groups (code, name, created_at) VALUES (?, ?, ?)', ['BBB', 'outside', 2]);
    await expect(failing).rejects.toThrow('changed my mind');
    await outside;
    expect((await sql.all<{ code: string }>('SELECT code FROM groups ORDER BY code')).map((r) => r.code)).toEqual(['BBB']);
    const committed = await sql.transaction(async (tx) => {
      await tx.run('INSERT INTO groups (code, name, created_at) VALUES (?, ?, ?)', ['CCC', 'kept', 3]);
      return (await tx.get<{ n: number }>('SELECT count(*) AS n FROM groups'))!.n;
    });
    expect(committed).toBe(2);
  });

  it('runs concurrent transactions one after another on SQLite and side by side on PostgreSQL, losing none', async () => {
    const sql = await open();
    await sql.run('INSERT INTO groups (code, name, created_at) VALUES (?, ?, ?)', ['EUR', 'CEPT', 0]);
    await Promise.all(Array.from({ length: 20 }, () => sql.transaction(async (tx) => {
      await tx.run('UPDATE groups SET created_at = created_at + 1 WHERE code = ?', ['EUR']);
    })));
    expect(await sql.get('SELECT created_at FROM groups WHERE code = ?', ['EUR'])).toEqual({ created_at: 20 });
  });
});

describe('PostgreSQL migrations', () => {
  it('run once when three servers open an empty database at the same moment, and refuse a newer schema', async () => {
    const url = await engine.newDatabase();
    const stores = await Promise.all([0, 1, 2].map(() => openPgStore(url)));
    try {
      expect(await stores[0].sql.all('SELECT version FROM schema_version')).toEqual([{ version: SCHEMA_VERSION }]);
      await stores[1].sql.run('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)', [SCHEMA_VERSION + 1, Date.now()]);
      await expect(openPgStore(url)).rejects.toThrow(/newer than this Draftroom/);
    } finally {
      for (const store of stores) await store.close();
    }
  });
});
