// Bringing an SQLite file written by an older Draftroom up to this version's layout (schema.ts).
// Only a server migrates (`draftroom serve`: SqliteStoreOptions.migrate): a CLI command run beside
// a server of the older version must not rebuild the tables under it, so it refuses instead
// (OutdatedDataError). The steps run in one IMMEDIATE transaction that looks at the layout again
// once it holds the write lock, so two processes opening an old file at once migrate it once, and
// a crash in the middle leaves the old layout whole.
import type Database from 'better-sqlite3';
import { STATES_SQLITE, UPDATES_SQLITE } from './schema';

/** A data dir in an older layout, opened by something that does not migrate (a CLI command). */
export class OutdatedDataError extends Error {
  constructor(file: string) {
    super(`${file} was written by an older Draftroom: stop its server, start it once with this version (draftroom serve) to bring the data up to date, then run this again`);
  }
}

type Step = 'groups' | 'log' | 'states';

const tableSql = (db: Database.Database, name: string): string | undefined =>
  db.prepare<[string], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(name)?.sql;

/** The steps an older file needs (none for a new file, or one of this version). */
export function outdatedLayout(db: Database.Database): Step[] {
  const steps: Step[] = [];
  const documents = tableSql(db, 'documents');
  // before accounts: a free-text group column
  if (documents && !documents.includes('REFERENCES groups')) steps.push('groups');
  // before the update log was clustered by document: a rowid table and an index
  const updates = tableSql(db, 'updates');
  if (updates && !/WITHOUT ROWID/i.test(updates)) steps.push('log');
  // before the states left the documents rows
  if (documents && db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('documents')").all().some((c) => c.name === 'state')) steps.push('states');
  return steps;
}

/**
 * Rebuilds a file that outdatedLayout found older in this version's layout; says what it did
 * through `log` (nothing when another process did it first).
 */
export function bringUpToDate(db: Database.Database, log: (line: string) => void): void {
  const started = performance.now();
  let steps: Step[] = [];
  // The rebuilt tables are copied row for row; references are not checked on the way (a row an
  // older version left behind stays as it was, as it would have without the migration).
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      steps = outdatedLayout(db); // again, holding the write lock: another process may have done it
      if (steps.includes('groups')) documentGroups(db);
      if (steps.includes('log')) clusteredLog(db);
      if (steps.includes('states')) statesApart(db);
    }).immediate();
  } finally {
    db.pragma('foreign_keys = ON');
  }
  if (steps.length === 0) return;
  // the copies went through the write-ahead log: fold it into the file now, not at the first quiet time
  db.pragma('wal_checkpoint(TRUNCATE)');
  const rows = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM updates').get()!.n;
  const states = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM document_states').get()!.n;
  log(`brought the data (${db.name}) up to date (${steps.join(', ')}): ${rows} update log rows, ${states} document states, ${Math.round(performance.now() - started)} ms`);
}

/**
 * Before accounts, a document's group was free text: the documents table is rebuilt with the
 * reference to groups, a group made for each code in use (documents without one go to EUR).
 */
function documentGroups(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS groups (code TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL)`);
  db.exec(`UPDATE documents SET grp = 'EUR' WHERE grp = ''`);
  db.prepare(`INSERT OR IGNORE INTO groups (code, name, created_at) SELECT DISTINCT grp, grp, ? FROM documents`).run(Date.now());
  db.exec(`CREATE TABLE documents_new (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, grp TEXT NOT NULL REFERENCES groups(code),
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, state BLOB)`);
  db.exec('INSERT INTO documents_new SELECT id, title, grp, created_at, updated_at, state FROM documents');
  db.exec('DROP TABLE documents');
  db.exec('ALTER TABLE documents_new RENAME TO documents');
}

/**
 * The update log as one table WITHOUT ROWID (schema.ts `UPDATES_SQLITE`), every row and its order
 * kept: the old global sequence numbers are unique, so they serve as the per-document ones.
 */
function clusteredLog(db: Database.Database): void {
  db.exec('ALTER TABLE updates RENAME TO updates_rowid');
  db.exec(UPDATES_SQLITE);
  db.exec('INSERT INTO updates (doc_id, seq, data) SELECT doc_id, seq, data FROM updates_rowid ORDER BY doc_id, seq');
  db.exec('DROP TABLE updates_rowid'); // and its index
}

/** Each document's state in a row of its own (schema.ts `STATES_SQLITE`); the documents table loses the column. */
function statesApart(db: Database.Database): void {
  db.exec(STATES_SQLITE);
  db.exec('INSERT INTO document_states (doc_id, state) SELECT id, state FROM documents WHERE state IS NOT NULL');
  db.exec('ALTER TABLE documents DROP COLUMN state');
}
