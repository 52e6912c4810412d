// The SQL seam under everything the database holds besides documents (accounts, sessions,
// invitations, audit, library): one small async interface with a SQLite (better-sqlite3) and a
// PostgreSQL (pg.Pool) implementation. SQL is written once with `?` placeholders (translated to
// $1, $2 ... for PostgreSQL); where the dialects differ callers branch on `dialect`.
import type Database from 'better-sqlite3';
import pg from 'pg';

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

  constructor(readonly db: Database.Database, private readonly inTransaction = false) {}

  private async statement<T>(fn: () => T): Promise<T> {
    if (!this.inTransaction) while (this.busy) await this.busy;
    return fn();
  }

  all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.statement(() => this.db.prepare(sql).all(...sqliteParams(params)) as T[]);
  }

  get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.statement(() => this.db.prepare(sql).get(...sqliteParams(params)) as T | undefined);
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return this.statement(() => ({ changes: this.db.prepare(sql).run(...sqliteParams(params)).changes }));
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    while (this.busy) await this.busy;
    let release!: () => void;
    this.busy = new Promise<void>((done) => { release = done; });
    try {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(new SqliteSql(this.db, true));
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

const sqliteParams = (params: readonly SqlValue[]) => params.map((p) => (typeof p === 'boolean' ? Number(p) : p));

// ---- PostgreSQL ----------------------------------------------------------------------------

const INT8 = 20;
/** BIGINT (times, counts) as numbers: our values stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8 && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
};

/** Thrown by queries while the database cannot be reached; the cause is the driver's error. */
export class DatabaseUnavailableError extends Error {
  constructor(cause: Error) {
    super(`the database is unavailable: ${cause.message}`, { cause });
  }
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);
function describe(err: unknown): Error {
  const e = err as Error & { code?: string };
  if (CONNECTION_CODES.has(e.code ?? '') || /Connection terminated|connect ECONN|timeout exceeded when trying to connect/i.test(e.message ?? '')) {
    return new DatabaseUnavailableError(e);
  }
  return e;
}

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

class PgQueries {
  constructor(protected readonly q: Queryable) {}
  readonly dialect = 'postgres';

  protected async query<T>(sql: string, params: readonly SqlValue[]): Promise<pg.QueryResult<T & pg.QueryResultRow>> {
    try {
      return await this.q.query<T & pg.QueryResultRow>(numbered(sql), params as unknown[]);
    } catch (err) {
      throw describe(err);
    }
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.query<T>(sql, params)).rows;
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.query<T>(sql, params)).rows[0];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return { changes: (await this.query(sql, params)).rowCount ?? 0 };
  }
}

class PgTransaction extends PgQueries implements Sql {
  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return fn(this);
  }
}

/**
 * A pooled PostgreSQL connection. A connection the server drops (a restart) is logged and
 * replaced: queries fail with DatabaseUnavailableError while it is down and work when it is back.
 */
export class PgSql extends PgQueries implements Sql {
  readonly pool: pg.Pool;
  private down = false;

  constructor(url: string, private readonly log: (line: string) => void, max = 10) {
    const pool = new pg.Pool({ connectionString: url, max, types, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
    super(pool);
    this.pool = pool;
    // An idle client's error (the server restarted) would otherwise be an unhandled 'error' event.
    pool.on('error', (err) => this.outage(err));
  }

  private outage(err: Error): void {
    if (this.down) return;
    this.down = true;
    this.log(`database: connection lost (${err.message}); queries fail until it is back`);
  }

  protected override async query<T>(sql: string, params: readonly SqlValue[]): Promise<pg.QueryResult<T & pg.QueryResultRow>> {
    try {
      const result = await super.query<T>(sql, params);
      if (this.down) {
        this.down = false;
        this.log('database: connection restored');
      }
      return result;
    } catch (err) {
      if (err instanceof DatabaseUnavailableError) this.outage(err.cause as Error);
      throw err;
    }
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      const e = describe(err);
      if (e instanceof DatabaseUnavailableError) this.outage(err as Error);
      throw e;
    }
    // Errors of a checked-out client arrive here, not on the pool: log them, never crash.
    const onError = (err: Error) => this.outage(err);
    client.on('error', onError);
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await fn(new PgTransaction(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      throw describe(err);
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  async end(): Promise<void> {
    await this.pool.end();
  }
}
