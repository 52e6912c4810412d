// Another group's account against the REST routes added with compare, versions and proposals:
// everything about a document of another group is answered 404 like a missing one, a version id
// of one document cannot be read, compared or restored through another, and nothing is changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signIn, signUp, tempDataDir, testServer, type Session } from './helpers';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session, apt: Session;
let secret: string, secretVersion: string, aptDoc: string;

beforeAll(async () => {
  server = await testServer(data.dir, { autoVersions: false });
  [coordinator, apt] = await Promise.all([signIn(server, 'coordinator'), signIn(server, 'apt-drafter')]);
  secret = (await api(coordinator, 'POST', '/api/documents', { title: 'EUR secret', group: 'EUR', content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'SECRET position' }] }] } })).body.document.id;
  secretVersion = (await api(coordinator, 'POST', `/api/documents/${secret}/versions`, { name: 'v1' })).body.version.id;
  // a document of her own group, made by its coordinator
  const aptCoordinator = await signUp(server, 'acp-chair', 'ACP', 'coordinator');
  const made = await api(aptCoordinator, 'POST', '/api/documents', { title: 'ACP doc', group: 'ACP', content: { type: 'doc', content: [{ type: 'paragraph' }] } });
  expect(made.status).toBe(201);
  aptDoc = made.body.document.id;
});

afterAll(async () => {
  await server.close();
  data.remove();
});

describe('another group\'s account', () => {
  it('gets 404 for compare, versions, members and proposals of a document not of her group, and learns nothing', async () => {
    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/documents/${secret}/compare?from=${secretVersion}&to=now`],
      ['GET', `/api/documents/${secret}/compare?from=now&to=now`],
      ['GET', `/api/documents/${secret}/versions`],
      ['GET', `/api/documents/${secret}/versions/${secretVersion}`],
      ['POST', `/api/documents/${secret}/versions`, { name: 'mine' }],
      ['GET', `/api/documents/${secret}/members`],
      ['POST', `/api/documents/${secret}/proposals`, { action: 'MOD', ref: '', index: 0 }],
      ['POST', `/api/documents/${secret}/versions/${secretVersion}/restore`, {}],
    ];
    for (const [method, path, body] of attempts) {
      const res = await api(apt, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(JSON.stringify(res.body), path).not.toContain('SECRET');
    }
    expect((await api(coordinator, 'GET', `/api/documents/${secret}/versions`)).body.versions.map((v: { name: string }) => v.name)).toEqual(['v1']);
  });

  it('cannot reach another document\'s version through her own document, nor pass lists or objects as version ids', async () => {
    for (const query of [`from=${secretVersion}&to=now`, `from[]=${secretVersion}&to=now`, `from[a]=1&to=now`]) {
      const res = await api(apt, 'GET', `/api/documents/${aptDoc}/compare?${query}`);
      expect([400, 404], query).toContain(res.status);
      expect(JSON.stringify(res.body)).not.toContain('SECRET');
    }
    expect((await api(apt, 'GET', `/api/documents/${aptDoc}/versions/${secretVersion}`)).status).toBe(404);
  });
});
