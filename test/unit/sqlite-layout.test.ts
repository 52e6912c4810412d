// SQLite's layout (server/store/schema.ts): the update log is one table WITHOUT ROWID keyed by
// (doc_id, seq), seq counted per document (UPDATES_SQLITE), and the compacted states have a table
// of their own (STATES_SQLITE), so writing a document's edit time does not rewrite its state. A
// data dir from before (a rowid log with global sequence numbers and an index; the states in the
// documents rows) is rebuilt on open without losing a row or its order.
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { execFile, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import * as Y from 'yjs';
import { openSqliteStore } from '../../server/store/sqlite';
import { OutdatedDataError } from '../../server/store/sqlite-layout';
import { builtCli } from '../../bin/build-node.mjs';
import { tempDataDir } from '../integration/helpers';

const dirs: { remove(): void }[] = [];
afterEach(() => { for (const d of dirs.splice(0)) d.remove(); });

/** Updates appending one word each to a Y.Text, in order. */
function words(list: string[]): Uint8Array[] {
  const doc = new Y.Doc();
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  for (const w of list) doc.getText('t').insert(doc.getText('t').length, w);
  return out;
}

function textOf(stored: { state: Uint8Array | null; updates: Uint8Array[] } | undefined): string {
  const doc = new Y.Doc();
  if (stored?.state) Y.applyUpdate(doc, stored.state);
  // applied one by one in the order read: a Y.Text built in order only reads right if the order held
  for (const u of stored?.updates ?? []) Y.applyUpdate(doc, u);
  return doc.getText('t').toString();
}

/**
 * An SQLite file in the layout of the version before (the log a rowid table with global sequence
 * numbers and an index, the states in the documents rows): document a (its state holds its first
 * word, its log the next three) and b (three words in its log), the log rows interleaved.
 */
function writeOldLayout(file: string): { a: Uint8Array[]; b: Uint8Array[] } {
  const a = words(['one ', 'two ', 'three ', 'four ']);
  const b = words(['alpha ', 'beta ', 'gamma ', 'delta ', 'x']);
  const old = new Database(file);
  old.pragma('journal_mode = WAL'); // as the older version kept it
  old.exec(`CREATE TABLE groups (code TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL);
    INSERT INTO groups VALUES ('EUR', 'EUR', 1);
    CREATE TABLE documents (id TEXT PRIMARY KEY, title TEXT NOT NULL, grp TEXT NOT NULL REFERENCES groups(code),
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, state BLOB);
    CREATE TABLE updates (seq INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, data BLOB NOT NULL);
    CREATE INDEX updates_by_doc ON updates(doc_id, seq);
    INSERT INTO documents VALUES ('b', 'B', 'EUR', 1, 1, NULL);`);
  old.prepare("INSERT INTO documents VALUES ('a', 'A', 'EUR', 1, 1, ?)").run(Y.mergeUpdates(a.slice(0, 1)));
  // the two documents' rows interleaved, as two rooms typing at once wrote them
  const insert = old.prepare('INSERT INTO updates (doc_id, data) VALUES (?, ?)');
  for (let i = 0; i < 4; i++) {
    if (i > 0) insert.run('a', a[i]);
    if (i < 3) insert.run('b', b[i]);
  }
  old.close();
  return { a, b };
}

const tableSql = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return {
      table: (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'updates'").get() as { sql: string }).sql,
      indexes: (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'updates' AND sql IS NOT NULL").all() as { name: string }[]).map((r) => r.name),
    };
  } finally {
    db.close();
  }
};

describe('the SQLite update log', () => {
  it('is rebuilt from the old rowid layout keeping every row of every document in order', async () => {
    const data = tempDataDir();
    dirs.push(data);
    const file = join(data.dir, 'draftroom.sqlite');
    const { b } = writeOldLayout(file);

    const store = openSqliteStore(data.dir);
    try {
      expect(tableSql(file).table).toMatch(/WITHOUT ROWID/);
      expect(tableSql(file).indexes).toEqual([]);
      expect((store.db.prepare("SELECT name FROM pragma_table_info('documents')").all() as { name: string }[]).map((c) => c.name)).not.toContain('state');
      expect((await store.load('a'))!.state).not.toBeNull();
      expect((await store.load('a'))!.updates).toHaveLength(3);
      expect((await store.load('b'))!.state).toBeNull();
      expect(await store.load('nope')).toBeUndefined();
      expect(textOf(await store.load('a'))).toBe('one two three four ');
      expect(textOf(await store.load('b'))).toBe('alpha beta gamma ');
      // appends go after the migrated rows, per document
      expect(await store.appendUpdates('b', [b[3]])).toBe(4);
      expect(store.appendNow('b', b[4])).toBe(5);
      expect(textOf(await store.load('b'))).toBe('alpha beta gamma delta x');
      await store.compact('a');
      expect((await store.load('a'))!.updates).toHaveLength(0);
      expect(textOf(await store.load('a'))).toBe('one two three four ');
      await store.compact('b');
      expect(await store.deleteDocument('b')).toBe(true);
      expect(await store.deleteDocument('a')).toBe(true);
      // the cascades hold
      expect(store.db.prepare('SELECT COUNT(*) AS n FROM updates').get()).toEqual({ n: 0 });
      expect(store.db.prepare('SELECT COUNT(*) AS n FROM document_states').get()).toEqual({ n: 0 });
    } finally {
      await store.close();
    }
  });

  it('numbers each document on from its last row, also after a compaction emptied it', async () => {
    const data = tempDataDir();
    dirs.push(data);
    const store = openSqliteStore(data.dir);
    try {
      await store.sql.run('INSERT OR IGNORE INTO groups (code, name, created_at) VALUES (?, ?, ?)', ['EUR', 'EUR', 1]);
      await store.createDocument({ id: 'a', title: 'A', group: 'EUR' });
      await store.createDocument({ id: 'b', title: 'B', group: 'EUR' });
      const a = words(['1 ', '2 ', '3 ', '4 ', '5 ', '6 ']);
      const b = words(['x ', 'y ']);
      await store.appendUpdates('a', a.slice(0, 2));
      await store.appendUpdates('b', b.slice(0, 1));
      store.appendNow('a', a[2]);
      await store.compact('a');
      store.appendNow('a', a[3]);
      await store.appendUpdates('a', a.slice(4));
      store.appendNow('b', b[1]);
      const seqs = (id: string) => (store.db.prepare('SELECT seq FROM updates WHERE doc_id = ? ORDER BY seq').all(id) as { seq: number }[]).map((r) => r.seq);
      expect(seqs('a')).toEqual([1, 2, 3]);
      expect(seqs('b')).toEqual([1, 2]);
      expect(textOf(await store.load('a'))).toBe('1 2 3 4 5 6 ');
      expect(textOf(await store.load('b'))).toBe('x y ');
    } finally {
      await store.close();
    }
  });

  it('is refused, untouched, by what does not migrate: a CLI command beside a server of the older version', async () => {
    const data = tempDataDir();
    dirs.push(data);
    const file = join(data.dir, 'draftroom.sqlite');
    writeOldLayout(file);
    expect(() => openSqliteStore(data.dir, { migrate: false })).toThrow(OutdatedDataError);
    await builtCli(() => {});
    const cli = promisify(execFile)(process.execPath, [resolve('bin/draftroom'), 'user', 'list', '--data', data.dir]);
    const failed = await cli.then(() => null, (err: { code: number; stderr: string }) => err);
    expect(failed?.code).toBe(1);
    expect(failed?.stderr.trim().split('\n')).toHaveLength(1);
    expect(failed?.stderr).toMatch(/older Draftroom: stop its server, start it once with this version/);
    expect(tableSql(file).table).not.toMatch(/WITHOUT ROWID/);
    expect(tableSql(file).indexes).toEqual(['updates_by_doc']);
  }, 120_000);

  it('is migrated once when several processes open the old file at once', async () => {
    const data = tempDataDir();
    dirs.push(data);
    const file = join(data.dir, 'draftroom.sqlite');
    writeOldLayout(file);
    // a writer holds the file while three processes start on it: each sees the old layout, then queues for the lock
    const lock = new Database(file);
    lock.prepare('BEGIN IMMEDIATE').run();
    const script = `import { openSqliteStore } from ${JSON.stringify(resolve('server/store/sqlite.ts'))};
      console.log('opening'); const store = openSqliteStore(process.argv[1], { log: (line) => console.log('migrated: ' + line) });
      await store.close(); console.log('opened');`;
    const children = Array.from({ length: 3 }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, data.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '', err = '';
      child.stdout.on('data', (c) => { out += c; });
      child.stderr.on('data', (c) => { err += c; });
      const opening = new Promise<void>((ok) => child.stdout.on('data', () => { if (out.includes('opening')) ok(); }));
      const exit = new Promise<{ code: number | null; out: string; err: string }>((ok) => child.once('exit', (code) => ok({ code, out, err })));
      return { opening, exit };
    });
    await Promise.all(children.map((c) => c.opening));
    lock.prepare('COMMIT').run();
    lock.close();
    const results = await Promise.all(children.map((c) => c.exit));
    for (const { code, out, err } of results) {
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(out).toContain('opened');
    }
    // one of them rebuilt it; the others found it done once they held the lock
    expect(results.map((r) => r.out.match(/migrated: /g)?.length ?? 0).sort()).toEqual([0, 0, 1]);
    expect(tableSql(file).table).toMatch(/WITHOUT ROWID/);
    const store = openSqliteStore(data.dir);
    try {
      expect(textOf(await store.load('a'))).toBe('one two three four ');
      expect(textOf(await store.load('b'))).toBe('alpha beta gamma ');
      expect(store.db.prepare('SELECT COUNT(*) AS n FROM updates').get()).toEqual({ n: 6 });
    } finally {
      await store.close();
    }
  }, 60_000);
});
