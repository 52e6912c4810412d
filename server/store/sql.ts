// The SQL seam under everything the database holds besides documents (accounts, sessions,
// invitations, audit, library): one small async interface with a SQLite (better-sqlite3) and a
// PostgreSQL (pg.Pool) implementation (pg-sql.ts, loaded only for a database URL). SQL is written once with `?` placeholders (translated to
// $1, $2 ... for PostgreSQL); where the dialects differ callers branch on `dialect`.
import type Database from 'better-sqlite3';

export type Dialect = 'sqlite' | 'postgres';
export type SqlValue = string | number | null | Uint8Array | boolean;

export interface Sql {
  readonly dialect: Dialect;
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Runs a statement; `changes` is the number of rows it touched. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /** Runs `fn` in one transaction on one connection (committed when it resolves, rolled back when it throws). */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

/** `?` placeholders to PostgreSQL's `$n` (our SQL never has a `?` inside a string literal). */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Unique-constraint failures of both dialects. */
export const isUniqueViolation = (err: unknown): boolean => {
  const code = (err as { code?: string }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
};

// ---- SQLite --------------------------------------------------------------------------------

/**
 * better-sqlite3 is synchronous and has one connection: a transaction spanning awaits must not
 * see statements of other requests in between, so while one is open everything else waits for it.
 */
export class SqliteSql implements Sql {
  readonly dialect = 'sqlite';
  /**
   * Set while a transaction of this seam is open. Whoever runs a statement outside it waits with
   * `while (sql.busy) await sql.busy;` and then runs it synchronously, in the same turn as the check
   * (an await between them would let another transaction begin first).
   */
  busy: Promise<void> | null = null;

  constructor(
    readonly db: Database.Database,
    private readonly inTransaction = false,
    /** Prepared statements by text (shared with the transactions' instances). */
    private readonly prepared = new Map<string, Database.Statement>(),
  ) {}

  private prepare(sql: string): Database.Statement {
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.prepared.size >= MAX_PREPARED) this.prepared.delete(this.prepared.keys().next().value!);
      this.prepared.set(sql, statement);
    }
    return statement;
  }

  private async statement<T>(fn: () => T): Promise<T> {
    if (!this.inTransaction) while (this.busy) await this.busy;
    return fn();
  }

  all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.statement(() => this.prepare(sql).all(...sqliteParams(params)) as T[]);
  }

  get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.statement(() => this.prepare(sql).get(...sqliteParams(params)) as T | undefined);
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return this.statement(() => ({ changes: this.prepare(sql).run(...sqliteParams(params)).changes }));
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    while (this.busy) await this.busy;
    let release!: () => void;
    this.busy = new Promise<void>((done) => { release = done; });
    try {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(new SqliteSql(this.db, true, this.prepared));
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    } finally {
      this.busy = null;
      release();
    }
  }
}

/** Statements kept prepared (the library's search makes a few shapes per number of words). */
const MAX_PREPARED = 200;

const sqliteParams = (params: readonly SqlValue[]) => params.map((p) => (typeof p === 'boolean' ? Number(p) : p));

/** Thrown by queries while the database cannot be reached; the cause is the driver's error. */
export class DatabaseUnavailableError extends Error {
  constructor(cause: Error) {
    super(`the database is unavailable: ${cause.message}`, { cause });
  }
}
