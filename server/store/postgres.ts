// The PostgreSQL implementation of the Store (pg, pooled): the same tables as SQLite (BYTEA for
// Yjs bytes, BIGINT times, a BIGSERIAL update log), for several servers on one database. Loads
// read the state row and the log in one statement (one snapshot); compaction deletes exactly the
// log rows it read, under a per-document advisory lock that other servers skip rather than wait on.
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { SavedVectors } from './auto-version';
import { LOCK, migratePostgres } from './schema';
import { PgSql } from './pg-sql';
import type { Sql, SqlValue } from './sql';
import { compactedState, toMeta, toVersion, type DocumentRow, type VersionRow } from './rows';
import { UnknownGroupError, type DocumentMeta, type NewDocument, type StateFrom, type Store, type StoredState, type VersionMeta } from './store';

const COLUMNS = 'id, title, grp, created_at, updated_at';
const bytes = (buf: Uint8Array): Uint8Array => new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
/** pg sends arrays as PostgreSQL arrays; our Sql type only names scalars. */
const array = (values: readonly unknown[]): SqlValue => values as unknown as SqlValue;

export interface PgStoreOptions {
  log?: (line: string) => void;
  /** Pool size (default 10). */
  max?: number;
  /** How long a query may wait for an answer (pg-sql.ts QUERY_TIMEOUT_MS). */
  queryTimeoutMs?: number;
}

/** Connects to `url` and brings its schema up to date (see schema.ts). */
export async function openPgStore(url: string, opts: PgStoreOptions = {}): Promise<PgStore> {
  const log = opts.log ?? (() => {});
  // The migration on a connection of its own without the query timeout: a statement of a
  // migration may take long on a large database, and a server starting meanwhile waits for its lock.
  const migration = new PgSql(url, log, 1, 0);
  try {
    await migratePostgres(migration);
  } finally {
    await migration.end();
  }
  return new PgStore(new PgSql(url, log, opts.max, opts.queryTimeoutMs));
}

export class PgStore implements Store {
  readonly kind = 'postgres';
  /** State vectors of the automatic versions saved here (auto-version.ts). */
  private vectors = new SavedVectors();
  private closed = false;

  /** The pooled connection, shared with the accounts and the library. */
  constructor(readonly sql: PgSql) {}

  async ping(): Promise<void> {
    await this.sql.get('SELECT 1 AS ok');
  }

  async listDocuments(groups?: string[]): Promise<DocumentMeta[]> {
    const rows = groups
      ? await this.sql.all<DocumentRow>(`SELECT ${COLUMNS} FROM documents WHERE grp = ANY(?) ORDER BY updated_at DESC, id`, [array(groups)])
      : await this.sql.all<DocumentRow>(`SELECT ${COLUMNS} FROM documents ORDER BY updated_at DESC, id`);
    return rows.map(toMeta);
  }

  async getDocument(id: string): Promise<DocumentMeta | undefined> {
    const row = await this.sql.get<DocumentRow>(`SELECT ${COLUMNS} FROM documents WHERE id = ?`, [id]);
    return row && toMeta(row);
  }

  async createDocument(doc: NewDocument): Promise<DocumentMeta> {
    const id = doc.id ?? randomUUID();
    const now = Date.now();
    try {
      await this.sql.run('INSERT INTO documents (id, title, grp, created_at, updated_at, state) VALUES (?, ?, ?, ?, ?, ?)',
        [id, doc.title, doc.group, now, now, doc.state ?? null]);
    } catch (err) {
      if ((err as { code?: string }).code === '23503') throw new UnknownGroupError(doc.group);
      throw err;
    }
    return { id, title: doc.title, group: doc.group, createdAt: now, updatedAt: now };
  }

  async renameDocument(id: string, title: string): Promise<DocumentMeta | undefined> {
    const row = await this.sql.get<DocumentRow>(`UPDATE documents SET title = ?, updated_at = ? WHERE id = ? RETURNING ${COLUMNS}`, [title, Date.now(), id]);
    return row && toMeta(row);
  }

  async deleteDocument(id: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM documents WHERE id = ?', [id])).changes > 0;
  }

  async appendUpdates(id: string, updates: Uint8Array[]): Promise<number> {
    // One statement (atomic on its own, one round trip): the rows, the document's time, and the
    // count (the main query sees the log as before the insert, so the inserted rows are added).
    const row = await this.sql.get<{ n: number }>(`WITH ins AS (INSERT INTO updates (doc_id, data) SELECT ?, unnest(?::bytea[]) RETURNING 1),
      touched AS (UPDATE documents SET updated_at = ? WHERE id = ? RETURNING 1)
      SELECT (SELECT count(*) FROM updates WHERE doc_id = ?) + (SELECT count(*) FROM ins) AS n`, [id, array(updates), Date.now(), id, id]);
    return row!.n;
  }

  async load(id: string): Promise<StoredState | undefined> {
    // One statement, one snapshot: a compaction committing meanwhile cannot hide updates.
    const row = await this.sql.get<{ state: Buffer | null; updates: Buffer[] | null }>(
      'SELECT state, (SELECT array_agg(data ORDER BY seq) FROM updates WHERE doc_id = d.id) AS updates FROM documents d WHERE id = ?', [id]);
    if (!row) return undefined;
    return { state: row.state && bytes(row.state), updates: (row.updates ?? []).map(bytes) };
  }

  async compact(id: string, state?: Uint8Array | StateFrom): Promise<void> {
    await this.sql.transaction(async (tx) => {
      const locked = await tx.get<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock(?, hashtext(?)) AS ok', [LOCK.compaction, id]);
      if (!locked?.ok) return; // another server is compacting this document
      await compactRows(tx, id, state);
    });
  }

  async listVersions(id: string): Promise<VersionMeta[]> {
    return (await this.sql.all<VersionRow>('SELECT id, name, created_at FROM versions WHERE doc_id = ? ORDER BY created_at, seq', [id])).map(toVersion);
  }

  async getVersion(id: string, versionId: string): Promise<{ version: VersionMeta; state: Uint8Array } | undefined> {
    const row = await this.sql.get<VersionRow & { state: Buffer }>('SELECT id, name, created_at, state FROM versions WHERE doc_id = ? AND id = ?', [id, versionId]);
    return row && { version: toVersion(row), state: bytes(row.state) };
  }

  async createVersion(id: string, name: string, state: Uint8Array): Promise<VersionMeta> {
    const version = { id: randomUUID(), name, createdAt: Date.now() };
    await this.sql.run('INSERT INTO versions (id, doc_id, name, created_at, state) VALUES (?, ?, ?, ?, ?)', [version.id, id, name, version.createdAt, state]);
    return version;
  }

  async createAutoVersion(id: string, name: string, state: Uint8Array, since: number, vector = Y.encodeStateVectorFromUpdate(state)): Promise<VersionMeta | undefined> {
    return this.sql.transaction(async (tx) => {
      await tx.run('SELECT pg_advisory_xact_lock(?, hashtext(?))', [LOCK.autoVersion, id]);
      const recent = await tx.get<{ id: string; state: Buffer }>(`SELECT id, state FROM versions WHERE doc_id = ? AND name LIKE 'Auto:%' AND created_at >= ?
        ORDER BY created_at DESC, seq DESC LIMIT 1`, [id, since]);
      if (recent && this.vectors.holds(recent.id, bytes(recent.state), vector)) return undefined;
      const version = { id: randomUUID(), name, createdAt: Math.max(Date.now(), since) };
      await tx.run('INSERT INTO versions (id, doc_id, name, created_at, state) VALUES (?, ?, ?, ?, ?)', [version.id, id, name, version.createdAt, state]);
      this.vectors.remember(version.id, vector);
      return version;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.sql.end();
  }
}

/**
 * The body of a compaction inside a transaction: merges the state row, the log rows read and
 * `state`, and deletes those rows by their ids (never `seq <= max`: sequence order is not commit
 * order, a row with a smaller seq may commit after this read).
 */
async function compactRows(tx: Sql, id: string, state?: Uint8Array | StateFrom): Promise<void> {
  const row = await tx.get<{ state: Buffer | null }>('SELECT state FROM documents WHERE id = ? FOR UPDATE', [id]);
  if (!row) return;
  const log = await tx.all<{ seq: number; data: Buffer }>('SELECT seq, data FROM updates WHERE doc_id = ? ORDER BY seq', [id]);
  if (log.length === 0 && !state) return;
  await tx.run('UPDATE documents SET state = ? WHERE id = ?', [compactedState(row.state && bytes(row.state), log.map((u) => bytes(u.data)), state), id]);
  if (log.length) await tx.run('DELETE FROM updates WHERE seq = ANY(?::bigint[])', [array(log.map((u) => u.seq))]);
}
