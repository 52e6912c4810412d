// The SQLite implementation of the Store (better-sqlite3, WAL): one file under the data dir,
// a state row per document plus an append-only update log, compacted inside a transaction.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { SavedVectors } from './auto-version';
import { schema } from './schema';
import { bringUpToDate, outdatedLayout, OutdatedDataError } from './sqlite-layout';
import { SqliteSql } from './sql';
import { IdleCheckpoints } from './sqlite-checkpoints';
import { compactedState, toMeta, toVersion, type DocumentRow, type VersionRow } from './rows';
import { UnknownGroupError, type DocumentMeta, type NewDocument, type StateFrom, type Store, type StoredState, type VersionMeta } from './store';

/**
 * Durability. In WAL mode a commit has written its frames to the WAL file with write(2) before
 * it returns, so once `appendUpdates` resolves the update sits in the kernel's page cache: a
 * SIGKILL of the process (or any crash of Node) cannot lose it, and the next open replays the WAL.
 * `NORMAL` (the default here) skips the fsync per commit, so only a power loss or an OS crash
 * could lose the last commits; pass `synchronous: 'FULL'` to fsync every update as well.
 */
export type Synchronous = 'NORMAL' | 'FULL';

export interface SqliteStoreOptions {
  synchronous?: Synchronous;
  /**
   * Rebuild a file an older Draftroom wrote in this version's layout (sqlite-layout.ts; default
   * true). False refuses such a file with OutdatedDataError: a CLI command beside a running server.
   */
  migrate?: boolean;
  /** Where the migration says what it did. */
  log?: (line: string) => void;
}


/**
 * While a document is edited, its edit time (`updated_at`) is written with an update at most this
 * often: writing it with every keystroke doubled an append's cost (an UPDATE and a transaction).
 * A later edit's time waits in memory and is written before anything reads it (the list, a
 * document's metadata), and on compaction and close, so what is read is always exact.
 */
export const TOUCH_EVERY_MS = 1000;

const bytes = (buf: Uint8Array): Uint8Array => new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);

/** Opens (creating if needed) `draftroom.sqlite` in `dataDir`. */
export function openSqliteStore(dataDir: string, opts: SqliteStoreOptions = {}): SqliteStore {
  mkdirSync(dataDir, { recursive: true });
  return new SqliteStore(join(dataDir, 'draftroom.sqlite'), opts);
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  /** State vectors of the automatic versions saved here (auto-version.ts). */
  private vectors = new SavedVectors();
  /** The connection, shared with the accounts (server/auth) and the library, whose tables live in the same file. */
  readonly db: Database.Database;
  /** The same connection behind the async SQL seam (server/store/sql.ts). */
  readonly sql: SqliteSql;
  private pending = new Map<string, number>();
  /** Per document: when its edit time was last written, and a later edit's time not yet written. */
  private touched = new Map<string, { at: number; late: number | null }>();
  private stmt;
  /** Checkpoints of the write-ahead log, in quiet times (sqlite-checkpoints.ts). */
  private checkpoints: IdleCheckpoints;

  constructor(file: string, opts: SqliteStoreOptions = {}) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${opts.synchronous ?? 'NORMAL'}`);
    this.db.pragma('foreign_keys = ON');
    if (outdatedLayout(this.db).length > 0) {
      if (opts.migrate === false) {
        this.db.close();
        throw new OutdatedDataError(file);
      }
      bringUpToDate(this.db, opts.log ?? ((line) => console.log(`draftroom: ${line}`)));
    }
    this.db.exec(schema('sqlite'));
    this.sql = new SqliteSql(this.db);
    this.checkpoints = new IdleCheckpoints(this.db, () => !this.db.inTransaction && !this.sql.busy);
    const db = this.db;
    this.stmt = {
      list: db.prepare<[], DocumentRow>('SELECT id, title, grp, created_at, updated_at FROM documents ORDER BY updated_at DESC, id'),
      listIn: db.prepare<[string], DocumentRow>(`SELECT id, title, grp, created_at, updated_at FROM documents
        WHERE grp IN (SELECT value FROM json_each(?)) ORDER BY updated_at DESC, id`),
      get: db.prepare<[string], DocumentRow>('SELECT id, title, grp, created_at, updated_at FROM documents WHERE id = ?'),
      insert: db.prepare('INSERT INTO documents (id, title, grp, created_at, updated_at) VALUES (?, ?, ?, ?, ?)'),
      rename: db.prepare('UPDATE documents SET title = ?, updated_at = ? WHERE id = ?'),
      remove: db.prepare('DELETE FROM documents WHERE id = ?'),
      touch: db.prepare('UPDATE documents SET updated_at = ? WHERE id = ?'),
      // the next number of the document's log: its last row, found at the end of its range of the key
      append: db.prepare<[string, string, Uint8Array]>('INSERT INTO updates (doc_id, seq, data) VALUES (?, COALESCE((SELECT MAX(seq) FROM updates WHERE doc_id = ?), 0) + 1, ?)'),
      count: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM updates WHERE doc_id = ?'),
      // a row for every document (its state null until it has one), none for an unknown id
      state: db.prepare<[string], { state: Buffer | null }>('SELECT s.state FROM documents d LEFT JOIN document_states s ON s.doc_id = d.id WHERE d.id = ?'),
      updates: db.prepare<[string], { seq: number; data: Buffer }>('SELECT seq, data FROM updates WHERE doc_id = ? ORDER BY seq'),
      setState: db.prepare<[string, Uint8Array]>('INSERT INTO document_states (doc_id, state) VALUES (?, ?) ON CONFLICT (doc_id) DO UPDATE SET state = excluded.state'),
      dropRows: db.prepare('DELETE FROM updates WHERE doc_id = ? AND seq <= ?'),
      recentAuto: db.prepare<[string, number], { id: string; state: Buffer }>(`SELECT id, state FROM versions WHERE doc_id = ? AND name LIKE 'Auto:%' AND created_at >= ?
        ORDER BY created_at DESC, rowid DESC LIMIT 1`),
      versions: db.prepare<[string], VersionRow>('SELECT id, name, created_at FROM versions WHERE doc_id = ? ORDER BY created_at, rowid'),
      version: db.prepare<[string, string], VersionRow & { state: Buffer }>('SELECT id, name, created_at, state FROM versions WHERE doc_id = ? AND id = ?'),
      addVersion: db.prepare('INSERT INTO versions (id, doc_id, name, created_at, state) VALUES (?, ?, ?, ?, ?)'),
    };
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async listDocuments(groups?: string[]): Promise<DocumentMeta[]> {
    this.writeLateTouches();
    const rows = groups ? this.stmt.listIn.all(JSON.stringify(groups)) : this.stmt.list.all();
    return rows.map(toMeta);
  }

  async getDocument(id: string): Promise<DocumentMeta | undefined> {
    this.writeLateTouches(id);
    const row = this.stmt.get.get(id);
    return row && toMeta(row);
  }

  async createDocument(doc: NewDocument): Promise<DocumentMeta> {
    while (this.sql.busy) await this.sql.busy; // never inside another request's open transaction
    const id = doc.id ?? randomUUID();
    const now = Date.now();
    try {
      this.db.transaction(() => {
        this.stmt.insert.run(id, doc.title, doc.group, now, now);
        if (doc.state) this.stmt.setState.run(id, doc.state);
      })();
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new UnknownGroupError(doc.group);
      throw err;
    }
    return { id, title: doc.title, group: doc.group, createdAt: now, updatedAt: now };
  }

  async renameDocument(id: string, title: string): Promise<DocumentMeta | undefined> {
    while (this.sql.busy) await this.sql.busy; // never inside another request's open transaction
    this.stmt.rename.run(title, Date.now(), id);
    return this.getDocument(id);
  }

  async deleteDocument(id: string): Promise<boolean> {
    while (this.sql.busy) await this.sql.busy; // never inside another request's open transaction
    this.pending.delete(id);
    this.touched.delete(id);
    return this.stmt.remove.run(id).changes > 0;
  }

  async appendUpdates(id: string, updates: Uint8Array[]): Promise<number> {
    while (this.sql.busy) await this.sql.busy; // never inside another request's open transaction
    return this.append(id, updates);
  }

  /** store.ts `appendNow`: null while another request holds a transaction open on the connection. */
  appendNow(id: string, update: Uint8Array): number | null {
    return this.sql.busy ? null : this.append(id, [update]);
  }

  private append(id: string, updates: Uint8Array[]): number {
    const now = Date.now();
    const last = this.touched.get(id);
    const touch = !last || now - last.at >= TOUCH_EVERY_MS;
    const write = () => {
      for (const update of updates) this.stmt.append.run(id, id, update);
      if (touch) this.stmt.touch.run(now, id);
    };
    // one statement is a transaction of its own
    if (updates.length === 1 && !touch) write();
    else this.db.transaction(write)();
    if (touch) this.touched.set(id, { at: now, late: null });
    else last!.late = now;
    this.checkpoints.wrote();
    const count = (this.pending.get(id) ?? this.stmt.count.get(id)!.n - updates.length) + updates.length;
    this.pending.set(id, count);
    return count;
  }

  async load(id: string): Promise<StoredState | undefined> {
    // one read transaction: the state and the log of one moment (another process's compaction
    // between two statements would give the old state and the log without what it merged)
    const stored = this.db.transaction(() => {
      const row = this.stmt.state.get(id);
      return row && { state: row.state && bytes(row.state), updates: this.stmt.updates.all(id).map((u) => bytes(u.data)) };
    })();
    if (stored) this.pending.set(id, stored.updates.length);
    return stored;
  }

  async compact(id: string, state?: Uint8Array | StateFrom): Promise<void> {
    while (this.sql.busy) await this.sql.busy; // never inside another request's open transaction
    // Merges and deletes exactly the rows read: the transaction is IMMEDIATE (it holds the file's
    // write lock from its start), so no process on the same file appends between read and delete.
    let left = 0;
    this.db.transaction(() => {
      const row = this.stmt.state.get(id);
      if (!row) return;
      const log = this.stmt.updates.all(id);
      if (log.length === 0 && !state) return;
      this.stmt.setState.run(id, compactedState(row.state && bytes(row.state), log.map((u) => bytes(u.data)), state));
      if (log.length) this.stmt.dropRows.run(id, log[log.length - 1].seq);
      left = this.stmt.count.get(id)!.n;
      this.writeLateTouches(id);
    }).immediate();
    this.checkpoints.wrote();
    this.pending.set(id, left);
  }

  async listVersions(id: string): Promise<VersionMeta[]> {
    return this.stmt.versions.all(id).map(toVersion);
  }

  async getVersion(id: string, versionId: string): Promise<{ version: VersionMeta; state: Uint8Array } | undefined> {
    const row = this.stmt.version.get(id, versionId);
    return row && { version: toVersion(row), state: bytes(row.state) };
  }

  async createVersion(id: string, name: string, state: Uint8Array): Promise<VersionMeta> {
    while (this.sql.busy) await this.sql.busy; // never inside another request's open transaction
    const version = { id: randomUUID(), name, createdAt: Date.now() };
    this.stmt.addVersion.run(version.id, id, name, version.createdAt, state);
    return version;
  }

  async createAutoVersion(id: string, name: string, state: Uint8Array, since: number, vector = Y.encodeStateVectorFromUpdate(state)): Promise<VersionMeta | undefined> {
    while (this.sql.busy) await this.sql.busy;
    return this.db.transaction(() => {
      const recent = this.stmt.recentAuto.get(id, since);
      if (recent && this.vectors.holds(recent.id, bytes(recent.state), vector)) return undefined;
      const version = { id: randomUUID(), name, createdAt: Math.max(Date.now(), since) };
      this.stmt.addVersion.run(version.id, id, name, version.createdAt, state);
      this.vectors.remember(version.id, vector);
      return version;
    }).immediate();
  }

  /** Writes the edit times held back (TOUCH_EVERY_MS): of document `only`, or of all. */
  private writeLateTouches(only?: string): void {
    for (const id of only === undefined ? this.touched.keys() : [only]) {
      const touched = this.touched.get(id);
      if (touched?.late == null) continue;
      this.stmt.touch.run(touched.late, id);
      touched.at = touched.late;
      touched.late = null;
    }
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.checkpoints.close();
    try {
      this.writeLateTouches();
    } finally {
      this.db.close();
    }
  }
}
