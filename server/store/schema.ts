// Every table the database holds, for both dialects (documents and their updates and versions,
// groups, users, memberships, sessions, invitations, the audit log, the base-text library and the
// related-resolution index), and the PostgreSQL migrations: run on start in one transaction under
// an advisory lock, so two servers starting at once on one empty database do it once.
import type { Dialect, Sql } from './sql';

/** The schema version this code writes; recorded in `schema_version` (PostgreSQL). */
export const SCHEMA_VERSION = 1;

/**
 * SQLite's update log: one B-tree ordered by document and sequence (a table WITHOUT ROWID), so an
 * append writes one page where a rowid table with an index on (doc_id, seq) wrote two (a keystroke
 * is stored before anyone receives it: this is on every key's path). `seq` counts per document
 * (the store gives it: `sqlite.ts`). PostgreSQL keeps a global BIGSERIAL: its servers append
 * concurrently, and its compaction deletes the rows it read by their ids.
 */
export const UPDATES_SQLITE = `CREATE TABLE IF NOT EXISTS updates (
  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (doc_id, seq)
) WITHOUT ROWID;`;

/**
 * SQLite's compacted states, out of the documents rows. SQLite reads a whole row to update any
 * column of it, so with the state in the documents row, writing a document's edit time (once a
 * second while it is edited: sqlite.ts `TOUCH_EVERY_MS`) read its whole state too: the append
 * that wrote it took 0.52 ms for a 600 kB state and 0.82 ms for 2 MB, now 0.10 and 0.14 ms.
 * PostgreSQL keeps the state in the documents row: an UPDATE there leaves a large (TOASTed) value
 * where it is.
 */
export const STATES_SQLITE = `CREATE TABLE IF NOT EXISTS document_states (
  doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  state BLOB NOT NULL
);`;

/** The CREATE statements (all IF NOT EXISTS) in the given dialect. */
export function schema(d: Dialect): string {
  const pg = d === 'postgres';
  const time = pg ? 'BIGINT' : 'INTEGER';
  const blob = pg ? 'BYTEA' : 'BLOB';
  const serial = pg ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY';
  const rowRef = pg ? 'BIGINT' : 'INTEGER';
  return `
CREATE TABLE IF NOT EXISTS groups (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at ${time} NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  grp TEXT NOT NULL REFERENCES groups(code),
  created_at ${time} NOT NULL,
  updated_at ${time} NOT NULL${pg ? `,
  state ${blob}` : ''}
);
${pg ? `CREATE TABLE IF NOT EXISTS updates (
  seq ${serial},
  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  data ${blob} NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_by_doc ON updates(doc_id, seq);` : `${UPDATES_SQLITE}
${STATES_SQLITE}`}
CREATE TABLE IF NOT EXISTS versions (
  id TEXT PRIMARY KEY,
  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at ${time} NOT NULL,
  state ${blob} NOT NULL${pg ? ', seq BIGSERIAL' : ''}
);
CREATE INDEX IF NOT EXISTS versions_by_doc ON versions(doc_id, created_at);
CREATE INDEX IF NOT EXISTS documents_by_group ON documents(grp);

CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL${pg ? '' : ' UNIQUE COLLATE NOCASE'},
  password_hash TEXT NOT NULL,
  created_at ${time} NOT NULL
);
${pg ? 'CREATE UNIQUE INDEX IF NOT EXISTS users_by_name ON users (lower(name));' : ''}
CREATE TABLE IF NOT EXISTS memberships (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  grp TEXT NOT NULL REFERENCES groups(code) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('coordinator', 'drafter', 'observer')),
  PRIMARY KEY (user_id, grp)
);
CREATE INDEX IF NOT EXISTS memberships_by_group ON memberships(grp);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at ${time} NOT NULL,
  expires_at ${time} NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_expiry ON sessions(expires_at);
CREATE TABLE IF NOT EXISTS invitations (
  token_hash TEXT PRIMARY KEY,
  grp TEXT NOT NULL REFERENCES groups(code) ON DELETE CASCADE,
  role TEXT NOT NULL,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at ${time} NOT NULL,
  expires_at ${time} NOT NULL,
  used_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  used_at ${time}
);
CREATE TABLE IF NOT EXISTS audit (
  id ${serial},
  time ${time} NOT NULL,
  action TEXT NOT NULL,
  user_id TEXT,
  name TEXT,
  grp TEXT,
  ip TEXT,
  detail TEXT
);
CREATE INDEX IF NOT EXISTS audit_by_group ON audit(grp, id);
CREATE INDEX IF NOT EXISTS audit_by_user ON audit(user_id, id);

CREATE TABLE IF NOT EXISTS library_entries (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  number TEXT NOT NULL,
  title TEXT NOT NULL,
  number_line TEXT NOT NULL,
  place TEXT,
  year INTEGER,
  source TEXT NOT NULL,
  content TEXT NOT NULL,
  superseded_by TEXT REFERENCES library_entries(id) ON DELETE SET NULL,
  added_at ${time} NOT NULL
);
CREATE INDEX IF NOT EXISTS library_by_number ON library_entries(kind, number);
CREATE TABLE IF NOT EXISTS related_rows (
  id ${serial},
  source TEXT NOT NULL,
  tbl INTEGER NOT NULL,
  row INTEGER NOT NULL,
  subject TEXT,
  resolutions TEXT NOT NULL,
  added_at ${time} NOT NULL
);
CREATE TABLE IF NOT EXISTS related_refs (
  row_id ${rowRef} NOT NULL,
  sector TEXT NOT NULL,
  number TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS related_by_ref ON related_refs(sector, number);
CREATE INDEX IF NOT EXISTS related_refs_by_row ON related_refs(row_id);
CREATE TABLE IF NOT EXISTS related_unparsed (
  source TEXT NOT NULL,
  tbl INTEGER NOT NULL,
  row INTEGER NOT NULL,
  sector TEXT NOT NULL,
  text TEXT NOT NULL,
  reason TEXT NOT NULL
);
`;
}

/** Advisory lock keys (pg_advisory_xact_lock(class, key)): one class per purpose. */
export const LOCK = { migrations: 1, compaction: 2, autoVersion: 3, seed: 4 } as const;

/**
 * Brings a PostgreSQL database to SCHEMA_VERSION: in one transaction holding an advisory lock, so
 * a second server starting at once waits and then finds the work done. A database written by a
 * newer Draftroom is refused rather than misread.
 */
export async function migratePostgres(sql: Sql): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.run('SELECT pg_advisory_xact_lock(?, 0)', [LOCK.migrations]);
    await tx.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at BIGINT NOT NULL)');
    const current = (await tx.get<{ v: number | null }>('SELECT max(version) AS v FROM schema_version'))?.v ?? 0;
    if (current > SCHEMA_VERSION) throw new Error(`the database has schema version ${current}, newer than this Draftroom (${SCHEMA_VERSION})`);
    if (current === SCHEMA_VERSION) return;
    for (const statement of schema('postgres').split(';').map((s) => s.trim()).filter(Boolean)) await tx.run(statement);
    await tx.run('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)', [SCHEMA_VERSION, Date.now()]);
  });
}
