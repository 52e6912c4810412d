// A PostgreSQL that stops answering without closing its connections (a failover behind a virtual
// address, a network black hole; here its processes frozen with SIGSTOP) must not hold a room for
// as long as TCP takes to give up: a query fails after the server's query timeout, the room closes
// with 1013 (try again later) and the clients, reconnecting once the database answers, resend what
// they typed meanwhile. Nothing is lost, and nothing was broadcast unstored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_TRY_AGAIN } from '../../server/collab/persistence';
import { within } from '../../server/within';
import { startPostgres, type PostgresEngine } from '../engines/postgres';
import { signIn, tempDataDir, testServer, type Session } from './helpers';
import { firstText, RawClient, startDocument, storedText, textAtEnd, typeAtEnd } from './raw-client';

const QUERY_TIMEOUT_MS = 1000;
const data = tempDataDir();
let postgres: PostgresEngine;
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session;

beforeAll(async () => {
  postgres = await startPostgres();
  const databaseUrl = await postgres.newDatabase();
  server = await testServer(data.dir, { databaseUrl, queryTimeoutMs: QUERY_TIMEOUT_MS, directEdits: false, autoVersions: false });
  coordinator = await signIn(server, 'coordinator');
}, 120_000);

afterAll(async () => {
  await postgres?.thaw();
  await server?.close();
  await postgres?.destroy();
  data.remove();
});

describe('a room while PostgreSQL hangs', () => {
  it('closes with 1013 after the query timeout, and what was typed meanwhile is stored once the client resends it', async () => {
    const id = await startDocument(coordinator, 'database hangs');
    const writer = await RawClient.open(coordinator, id);
    await typeAtEnd(writer, 2);

    await postgres.freeze();
    const frozenAt = performance.now();
    const key = textAtEnd(writer, '!');
    void writer.sendUpdate(key);
    const closed = await within(writer.closed, 10 * QUERY_TIMEOUT_MS).catch(() => null);
    expect(closed?.code).toBe(CLOSE_TRY_AGAIN);
    expect(performance.now() - frozenAt).toBeLessThan(5 * QUERY_TIMEOUT_MS);
    Y.applyUpdate(writer.doc, key); // the client keeps its keystroke

    await postgres.thaw();
    // the provider reconnects and sends what the server lacks
    const again = await RawClient.open(coordinator, id);
    expect(await again.sendUpdate(Y.encodeStateAsUpdate(writer.doc))).toEqual([]);
    await server.rooms.with(id, (room) => room.flush());
    expect(storedText((await server.store.load(id))!)).toBe('Start01!');
    expect(firstText(again.doc)).toBe('Start01!');
    expect(server.logs.join('\n')).toMatch(/Query read timeout/);
    again.close();
  }, 60_000);
});
