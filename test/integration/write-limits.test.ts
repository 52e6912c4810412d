// Store filling through REST: a drafter saving versions (each a full copy of the document's
// state) or adding MOD proposals (each a whole provision) in a loop is stopped per user and
// document (server/write-limits.ts): 429 with Retry-After, nothing more stored; other users and
// other documents are not affected. So is a member asking for comparisons in a loop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signIn, tempDataDir, testServer, type Session } from './helpers';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session, drafter: Session;

beforeAll(async () => {
  server = await testServer(data.dir, { writeLimits: { versions: 5, proposals: 3, compares: 2 }, autoVersions: false });
  [coordinator, drafter] = await Promise.all([signIn(server, 'coordinator'), signIn(server, 'drafter')]);
});

afterAll(async () => {
  await server.close();
  data.remove();
});

describe('writes that copy a lot, per user and document', () => {
  it('a drafter saving versions in a loop gets 429 past the limit; the coordinator and another document are not affected', async () => {
    const other = (await api(coordinator, 'POST', '/api/documents', { title: 'Other', group: 'EUR', content: { type: 'doc', content: [{ type: 'paragraph' }] } })).body.document.id as string;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await api(drafter, 'POST', '/api/documents/demo/versions', { name: `spam ${i}` })).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
    const refused = await api(drafter, 'POST', '/api/documents/demo/versions', { name: 'one more' });
    expect(refused.body.error).toMatch(/at most 5 an hour/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const versions = (await api(drafter, 'GET', '/api/documents/demo/versions')).body.versions as { name: string }[];
    expect(versions.filter((v) => v.name.startsWith('spam'))).toHaveLength(5);
    expect((await api(coordinator, 'POST', '/api/documents/demo/versions', { name: 'the chair saves' })).status).toBe(201);
    expect((await api(drafter, 'POST', `/api/documents/${other}/versions`, { name: 'elsewhere' })).status).toBe(201);
  });

  it('a drafter adding MOD proposals in a loop gets 429 past the limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await api(drafter, 'POST', '/api/documents/demo/proposals', { action: 'MOD', ref: '', index: 99 })).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
  });

  it('an observer comparing in a loop (each comparison holds the server\'s thread) gets 429 past the limit', async () => {
    const observer = await signIn(server, 'observer');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await api(observer, 'GET', '/api/documents/demo/compare?from=now&to=now')).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
    expect((await api(coordinator, 'GET', '/api/documents/demo/compare?from=now&to=now')).status).toBe(200);
  });
});
