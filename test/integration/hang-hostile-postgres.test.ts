// Hostile second look at the PostgreSQL query timeout (pg-sql.ts queryTimeoutMs): a query that
// times out is only abandoned by the client unless the database itself gives the statement up, so
// an update refused with 1013 may still be committed afterwards (and then stored twice when the
// client resends it); and a server must close in bounded time while the database hangs.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_TRY_AGAIN } from '../../server/collab/persistence';
import { openPgStore } from '../../server/store/postgres';
import { LOCK } from '../../server/store/schema';
import { DatabaseUnavailableError } from '../../server/store/sql';
import { within } from '../../server/within';
import { startPostgres, type PostgresEngine } from '../engines/postgres';
import { signIn, tempDataDir, testServer, type Session } from './helpers';
import { RawClient, startDocument, storedText, textAtEnd, typeAtEnd } from './raw-client';

const QUERY_TIMEOUT_MS = 1000;
const data = tempDataDir();
let postgres: PostgresEngine;
let databaseUrl: string;

beforeAll(async () => {
  postgres = await startPostgres();
  databaseUrl = await postgres.newDatabase();
}, 120_000);

afterAll(async () => {
  await postgres?.thaw();
  await postgres?.destroy();
  data.remove();
});

describe('an update whose query times out while PostgreSQL is slow (a row lock held by another transaction)', () => {
  it('is refused with 1013 and not committed later behind the client\'s back', async () => {
    const server = await testServer(data.dir, { databaseUrl, queryTimeoutMs: QUERY_TIMEOUT_MS, directEdits: false, autoVersions: false });
    const locker = new pg.Client({ connectionString: databaseUrl });
    try {
      const coordinator: Session = await signIn(server, 'coordinator');
      const id = await startDocument(coordinator, 'slow database');
      const writer = await RawClient.open(coordinator, id);
      await typeAtEnd(writer, 2);
      await server.rooms.with(id, (room) => room.flush());
      const rowsBefore = (await server.store.load(id))!.updates.length;

      // another transaction (a long compaction elsewhere, say) holds the document's row
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM documents WHERE id = $1 FOR UPDATE', [id]);
      const key = textAtEnd(writer, '!');
      void writer.sendUpdate(key);
      const closed = await within(writer.closed, 10 * QUERY_TIMEOUT_MS).catch(() => null);
      expect(closed?.code).toBe(CLOSE_TRY_AGAIN);
      await locker.query('COMMIT');
      // the refused statement, if still waiting on the database, would now go through
      await new Promise((resolve) => setTimeout(resolve, 500));
      const after = (await server.store.load(id))!;
      expect(after.updates.length).toBe(rowsBefore);
      expect(storedText(after)).toBe('Start01');
    } finally {
      await locker.end().catch(() => {});
      await server.close();
    }
  }, 60_000);
});

describe('a server closing while PostgreSQL hangs', () => {
  it('closes in bounded time with a room holding unstored keys and a compaction due', async () => {
    const server = await testServer(data.dir, { databaseUrl, queryTimeoutMs: QUERY_TIMEOUT_MS, directEdits: false, autoVersions: false, compactEvery: 1, compactIdleMs: 60_000 });
    const coordinator: Session = await signIn(server, 'coordinator');
    const id = await startDocument(coordinator, 'closing on a frozen database');
    const writer = await RawClient.open(coordinator, id);
    await typeAtEnd(writer, 3);
    await postgres.freeze();
    try {
      void writer.sendUpdate(textAtEnd(writer, '?'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const at = performance.now();
      const done = await Promise.race([server.close().then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 30 * QUERY_TIMEOUT_MS))]);
      expect(done).toBe(true);
      // the refused update's query (the client's timeout, a second past the statement timeout), then nothing that waits on the database again
      expect(performance.now() - at).toBeLessThan(3 * (QUERY_TIMEOUT_MS + 1000));
    } finally {
      await postgres.thaw();
    }
  }, 60_000);
});

describe('a transaction whose query gets no answer (the database frozen)', () => {
  it('fails after one query timeout, not a second one for a ROLLBACK sent down the same dead connection, and leaves the pool usable', async () => {
    const timeoutMs = 2000;
    const store = await openPgStore(databaseUrl, { queryTimeoutMs: timeoutMs, max: 2 });
    try {
      await store.sql.transaction(async (tx) => { await tx.get('SELECT 1'); }); // a pooled connection, idle
      await postgres.freeze();
      const at = performance.now();
      let failure: unknown;
      try {
        await store.sql.transaction(async (tx) => { await tx.get('SELECT 1'); });
      } catch (err) {
        failure = err;
      }
      const took = performance.now() - at;
      await postgres.thaw();
      expect(failure).toBeInstanceOf(DatabaseUnavailableError);
      // the client gives up a second after the statement timeout; a ROLLBACK queued behind the dead query would double it
      expect(took).toBeLessThan(1.5 * (timeoutMs + 1000));
      // every connection given up is out of the pool: more transactions than connections go through
      await Promise.all(Array.from({ length: 5 }, () => store.sql.transaction(async (tx) => { await tx.get('SELECT 1'); })));
    } finally {
      await postgres.thaw();
      await store.close();
    }
  }, 60_000);
});

describe('a room closing (shutdown, unload) while the store refuses its last update', () => {
  it('does not compact the refused update into the state row once the database answers again', async () => {
    const server = await testServer(data.dir, { databaseUrl, queryTimeoutMs: QUERY_TIMEOUT_MS, directEdits: false, autoVersions: false });
    const locker = new pg.Client({ connectionString: databaseUrl });
    try {
      const coordinator: Session = await signIn(server, 'coordinator');
      const id = await startDocument(coordinator, 'refused while closing');
      const writer = await RawClient.open(coordinator, id);
      await typeAtEnd(writer, 2);
      await server.rooms.with(id, (room) => room.flush());

      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM documents WHERE id = $1 FOR UPDATE', [id]);
      void writer.sendUpdate(textAtEnd(writer, '!'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const closing = server.rooms.closeAll();
      // the update's statement is cancelled at the timeout (refused); the database answers again before the room's last compaction gives up
      await new Promise((resolve) => setTimeout(resolve, 1.5 * QUERY_TIMEOUT_MS));
      await locker.query('COMMIT');
      await closing;
      // the update, and the record of who owns its new Yjs client id (written at once)
      expect(server.logs.join('\n')).toMatch(/refused [12] update/);
      expect(storedText((await server.store.load(id))!)).toBe('Start01');
    } finally {
      await locker.end().catch(() => {});
      await server.close();
    }
  }, 60_000);
});

describe('a server starting while another one migrates the schema for longer than the query timeout', () => {
  it('waits for the migration instead of failing to start (nor is a long migration statement cut off)', async () => {
    const url = await postgres.newDatabase();
    const migrating = new pg.Client({ connectionString: url });
    await migrating.connect();
    // the other server's migration transaction (its lock), taking 2.5 timeouts
    await migrating.query('SELECT pg_advisory_lock($1, 0)', [LOCK.migrations]);
    const release = setTimeout(() => void migrating.query('SELECT pg_advisory_unlock($1, 0)', [LOCK.migrations]), 2.5 * QUERY_TIMEOUT_MS);
    let store: Awaited<ReturnType<typeof openPgStore>> | undefined;
    try {
      store = await openPgStore(url, { queryTimeoutMs: QUERY_TIMEOUT_MS });
      expect(await store.listDocuments()).toEqual([]);
    } finally {
      clearTimeout(release);
      await store?.close();
      await migrating.end();
    }
  }, 60_000);
});
