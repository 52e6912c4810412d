// Several servers on one PostgreSQL database (a throwaway PostgreSQL 15): two starting at once on
// an empty database seed it once; a user signed in on one is signed in on the other (REST and
// WebSocket), an invitation made on one is accepted on the other, a library text imported on one
// is listed on the other; two servers compacting their own rooms of one document keep both's
// edits; a server outlives a restart of PostgreSQL.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresEngine } from '../engines/postgres';
import { api, appendParagraph, connectClient, contentOf, onServer, signIn, synced, tempDataDir, testServer, waitFor, type Session } from './helpers';

const fixture = (name: string) => readFileSync(new URL(`../../../shared/fixtures/${name}`, import.meta.url));

let engine: PostgresEngine;
const data = tempDataDir();
type Server = Awaited<ReturnType<typeof testServer>>;
let a: Server, b: Server;
let databaseUrl: string;
const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => unhandled.push(err);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  engine = await startPostgres();
  databaseUrl = await engine.newDatabase();
  // Both at once on the empty database: migrations, demo accounts, library and demo document race.
  [a, b] = await Promise.all([
    testServer(data.dir, { databaseUrl, autoVersions: false }),
    testServer(data.dir, { databaseUrl, autoVersions: false }),
  ]);
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await engine?.destroy();
  data.remove();
  process.off('unhandledRejection', onUnhandled);
});

describe('two servers on one PostgreSQL database', () => {
  it('seed an empty database once when they start at the same moment', async () => {
    expect(a.store.kind).toBe('postgres');
    const logs = [...a.logs, ...b.logs];
    expect(logs.filter((l) => l === 'Created the demo document.')).toHaveLength(1);
    expect((await a.store.listDocuments()).map((d) => d.id)).toEqual(['demo']);
    expect((await b.auth.accounts.users()).map((u) => u.name)).toEqual(['apt-drafter', 'coordinator', 'drafter', 'observer']);
    expect((await a.auth.accounts.groups()).map((g) => g.code)).toEqual(['ACP', 'EUR']);
    // The base texts once: one entry in force per kind and number.
    const coordinator = await signIn(a, 'coordinator');
    const entries = (await api(coordinator, 'GET', '/api/library')).body.entries as { kind: string; number: string }[];
    expect(entries.length).toBeGreaterThan(10);
    expect(new Set(entries.map((e) => `${e.kind} ${e.number}`)).size).toBe(entries.length);
  });

  it('share sessions: signed in on A is signed in on B, over REST and WebSocket, and signed out on both', async () => {
    const onA = await signIn(a, 'drafter');
    const onB = onServer(onA, b);
    const session = await api(onB, 'GET', '/api/session');
    expect(session.status).toBe(200);
    expect(session.body.user.name).toBe('drafter');
    const client = connectClient(onB, 'demo');
    await synced(client);
    expect(contentOf(client.doc)).toContain('Resolution 30');
    client.destroy();
    expect((await api(onA, 'DELETE', '/api/session')).status).toBe(204);
    expect((await api(onB, 'GET', '/api/session')).status).toBe(401);
  });

  it('accept on B an invitation made on A, and sign the new member in on either', async () => {
    const chair = await signIn(a, 'coordinator');
    const created = await api(chair, 'POST', '/api/groups/EUR/invitations', { role: 'observer', expiresIn: 3600 });
    expect(created.status).toBe(201);
    const token = created.body.url.split('/').pop();
    expect((await api(b, 'GET', `/api/invitations/${token}`)).body.invitation).toMatchObject({ group: 'EUR', role: 'observer' });
    const accepted = await api(b, 'POST', `/api/invitations/${token}/accept`, { name: 'visitor', password: 'long-enough-1' });
    expect(accepted.status).toBe(200);
    expect((await api(a, 'POST', `/api/invitations/${token}/accept`, { name: 'visitor2', password: 'long-enough-2' })).status).toBe(410);
    const visitor: Session = await signIn(a, 'visitor', 'long-enough-1');
    expect(visitor.memberships).toEqual([expect.objectContaining({ group: 'EUR', role: 'observer' })]);
    const members = (await api(onServer(chair, b), 'GET', '/api/groups/EUR/members')).body.members as { name: string }[];
    expect(members.map((m) => m.name)).toContain('visitor');
  });

  it('list on B a library text imported on A', async () => {
    const chair = await signIn(a, 'coordinator');
    const res = await fetch(`${a.url}/api/library/import?format=text&name=pp18-ecp1.txt`, {
      method: 'POST',
      headers: { cookie: chair.cookie, 'x-csrf-token': chair.csrfToken, 'content-type': 'application/octet-stream' },
      body: fixture('pp18-ecp1-res133-mod.txt'),
    });
    expect(res.status).toBe(201);
    const listed = await api(onServer(chair, b), 'GET', '/api/library?q=133');
    expect(listed.body.entries).toEqual([expect.objectContaining({ kind: 'RESOLUTION', number: '133', source: 'pp18-ecp1.txt' })]);
  });

  it('keep what both stored when each compacts its own room of one document (no fan-out between them here)', async () => {
    const [c, d] = await Promise.all([0, 1].map(() => testServer(data.dir, { databaseUrl, autoVersions: false, directEdits: false })));
    const chair = await signIn(c, 'coordinator');
    const id = (await api(chair, 'POST', '/api/documents', { title: 'Two rooms' })).body.document.id;
    const targets = [chair, onServer(chair, d)];
    const writers = targets.map((t) => connectClient(t, id));
    await Promise.all(writers.map((w) => synced(w)));
    for (let i = 0; i < 10; i++) writers.forEach((w, n) => appendParagraph(w.doc, `from ${n ? 'D' : 'C'} ${i}`));
    // A second client on each server sees the writer's text once that server has stored it.
    const watchers = targets.map((t) => connectClient(t, id));
    await Promise.all(watchers.map((w, n) => synced(w).then(() => waitFor(() => contentOf(w.doc) === contentOf(writers[n].doc), [[w.doc, 'update']], 'the edits to reach the server'))));
    for (const client of [...writers, ...watchers]) client.destroy();
    await c.close(); // each compacts its room's state into the same row: merged, not replaced
    await d.close();
    const content = JSON.stringify((await api(onServer(chair, a), 'GET', `/api/documents/${id}/content`)).body);
    for (let i = 0; i < 10; i++) {
      expect(content).toContain(`from C ${i}`);
      expect(content).toContain(`from D ${i}`);
    }
  });

  it('keep serving after PostgreSQL stops and starts again: clear errors meanwhile, no crash', async () => {
    const reader = await signIn(a, 'observer');
    await engine.stop();
    try {
      const down = await api(reader, 'GET', '/api/documents');
      expect(down.status).toBe(503);
      expect(down.body.error).toMatch(/database is unavailable/);
      await expect(a.store.ping()).rejects.toThrow(/database is unavailable/);
    } finally {
      await engine.start();
    }
    await a.store.ping();
    const up = await api(reader, 'GET', '/api/documents');
    expect(up.status).toBe(200);
    expect(up.body.documents.map((d: { id: string }) => d.id)).toContain('demo');
    expect((await api(onServer(reader, b), 'GET', '/api/session')).status).toBe(200);
    expect(a.logs.some((l) => /database: connection lost/.test(l))).toBe(true);
    expect(unhandled).toEqual([]);
  });
});
