// The PostgreSQL implementation of the SQL seam (sql.ts): a pg.Pool, `?` placeholders numbered,
// BIGINT read as numbers, connection errors turned into DatabaseUnavailableError. In a file of its
// own so that a server on SQLite never loads the pg package.
import pg from 'pg';
import { DatabaseUnavailableError, numbered, type Sql, type SqlValue } from './sql';

const INT8 = 20;
/** BIGINT (times, counts) as numbers: our values stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8 && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
};

// 57014: a statement cancelled by the server's statement_timeout (PgSql: the database is too slow to serve)
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', '57014', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);
function describe(err: unknown): Error {
  const e = err as Error & { code?: string };
  if (CONNECTION_CODES.has(e.code ?? '') || /Connection terminated|connect ECONN|timeout exceeded when trying to connect|Query read timeout/i.test(e.message ?? '')) {
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
 * How long a query may wait for PostgreSQL's answer (default of `queryTimeoutMs`). A database that
 * stops answering without closing the connection (a failover behind a virtual address, a network
 * black hole) would otherwise hold the query, and a room's chain behind it, until TCP gives up
 * (minutes); the query fails instead, its connection is dropped from the pool, and the room closes
 * with 1013 so that its clients reconnect and resend.
 */
export const QUERY_TIMEOUT_MS = 30_000;

/**
 * The client waits this much longer than the statement timeout, so that a database that answers,
 * only slowly (a statement waiting on a lock), cancels the statement itself first: a query the
 * client only stopped waiting for would go on in the database and could commit after its update
 * was refused (and then be stored a second time when the client resends it).
 */
const CLIENT_MARGIN_MS = 1000;

/**
 * A pooled PostgreSQL connection. A connection the server drops (a restart) is logged and
 * replaced: queries fail with DatabaseUnavailableError while it is down and work when it is back.
 * So is one that does not answer within `queryTimeoutMs` (TCP keepalive finds dead ones when idle).
 */
export class PgSql extends PgQueries implements Sql {
  readonly pool: pg.Pool;
  private down = false;

  /** `queryTimeoutMs` 0: queries wait as long as they take (the schema's migration: migratePostgres). */
  constructor(url: string, private readonly log: (line: string) => void, max = 10, queryTimeoutMs = QUERY_TIMEOUT_MS) {
    const timeouts = queryTimeoutMs > 0 ? { statement_timeout: queryTimeoutMs, query_timeout: queryTimeoutMs + CLIENT_MARGIN_MS } : {};
    const pool = new pg.Pool({
      connectionString: url, max, types, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000, ...timeouts, keepAlive: true, keepAliveInitialDelayMillis: 10_000,
    });
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
      // a query left unanswered is still the connection's: a ROLLBACK would queue behind it and
      // wait a whole timeout more; dropping the connection rolls the transaction back
      if (/Query read timeout/.test((err as Error).message ?? '')) broken = true;
      else {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
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
