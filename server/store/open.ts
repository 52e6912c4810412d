// Opens the store a server or a CLI command uses: PostgreSQL when a database URL is given
// (option or DATABASE_URL), else SQLite under the data dir.
import type { PgStore } from './postgres';
import { openSqliteStore, type SqliteStore, type Synchronous } from './sqlite';

export interface OpenStoreOptions {
  dataDir: string;
  /** postgres://... ; undefined means SQLite in `dataDir`. */
  databaseUrl?: string;
  synchronous?: Synchronous;
  /** PostgreSQL only: how long a query may wait for an answer (pg-sql.ts QUERY_TIMEOUT_MS). */
  queryTimeoutMs?: number;
  log?: (line: string) => void;
  /**
   * SQLite: bring a file an older version wrote up to date (true: the server), or refuse it
   * (false, the default: a CLI command, which may run beside a server of that older version).
   */
  migrate?: boolean;
}

/** Either store, with the SQL seam (`sql`) its accounts and library share. */
export type OpenedStore = SqliteStore | PgStore;

export async function openStore(opts: OpenStoreOptions): Promise<OpenedStore> {
  // loaded only for a database URL: a server on SQLite never loads the pg package
  if (opts.databaseUrl) return (await import('./postgres')).openPgStore(opts.databaseUrl, { log: opts.log, queryTimeoutMs: opts.queryTimeoutMs });
  return openSqliteStore(opts.dataDir, { synchronous: opts.synchronous, migrate: opts.migrate ?? false, log: opts.log });
}

/** The database URL of the environment (DATABASE_URL), if set. */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.DATABASE_URL || undefined;
}
