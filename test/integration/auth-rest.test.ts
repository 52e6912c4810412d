// Accounts over REST against a real server: sign-in and sign-out, the session cookie, no user
// enumeration, the sign-in rate limit, CSRF, group isolation of documents, what each role may
// do, invitations (accepted, used, expired), members and roles, the audit log, security headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signIn, tempDataDir, testServer, type Session } from './helpers';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
/** The server's clock for sessions and invitations: tests move it on. */
let clock = Date.now();
let coordinator: Session, drafter: Session, observer: Session, apt: Session;

const doc = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const ids = (res: { body: { documents: { id: string }[] } }) => res.body.documents.map((d) => d.id);

beforeAll(async () => {
  server = await testServer(data.dir, { now: () => clock });
  [coordinator, drafter, observer, apt] = await Promise.all(
    ['coordinator', 'drafter', 'observer', 'apt-drafter'].map((name) => signIn(server, name)),
  );
});

afterAll(async () => {
  await server.close();
  data.remove();
});

describe('sessions', () => {
  it('signs in with an httpOnly SameSite=Lax cookie and tells who is signed in', async () => {
    const res = await fetch(`${server.url}/api/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'drafter', password: 'demo-drafter' }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^draftroom_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // plain http here
    const me = await api(drafter, 'GET', '/api/session');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      user: { id: drafter.user.id, name: 'drafter', createdAt: expect.any(Number) },
      memberships: [{ group: 'EUR', groupName: 'CEPT (European Common Proposals)', role: 'drafter' }],
      csrfToken: drafter.csrfToken,
    });
  });

  it('answers an unknown name exactly like a wrong password', async () => {
    const wrong = await api(server, 'POST', '/api/session', { name: 'drafter', password: 'not-the-password' });
    const unknown = await api(server, 'POST', '/api/session', { name: 'nobody-here', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('refuses sign-ins after five failures per IP and name with 429 and Retry-After', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await api(server, 'POST', '/api/session', { name: 'observer', password: `guess-${i}` })).status).toBe(401);
    }
    const limited = await api(server, 'POST', '/api/session', { name: 'observer', password: 'demo-observer' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toEqual({ error: expect.stringContaining('too many') });
    // The same name in another case is the same key; another name is not limited.
    expect((await api(server, 'POST', '/api/session', { name: 'OBSERVER', password: 'x' })).status).toBe(429);
    expect((await signIn(server, 'coordinator')).user.name).toBe('coordinator');
  });

  it('also limits failures per IP whatever the names', async () => {
    const other = tempDataDir();
    const limited = await testServer(other.dir, { signInMaxPerIp: 3 });
    try {
      for (const name of ['alpha', 'beta', 'gamma']) {
        expect((await api(limited, 'POST', '/api/session', { name, password: 'guess-guess' })).status).toBe(401);
      }
      const next = await api(limited, 'POST', '/api/session', { name: 'delta', password: 'guess-guess' });
      expect(next.status).toBe(429);
      expect(next.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await limited.close();
      other.remove();
    }
  });

  it('refuses bad sign-in bodies with 400', async () => {
    expect((await api(server, 'POST', '/api/session', { name: 'drafter' })).status).toBe(400);
    expect((await api(server, 'POST', '/api/session', { name: ['drafter'], password: 'demo-drafter' })).status).toBe(400);
    expect((await api(server, 'POST', '/api/session', '{"name":')).status).toBe(400);
  });

  it('signs out: the session is gone and its cookie cleared', async () => {
    const session = await signIn(server, 'drafter');
    expect((await api({ ...session, csrfToken: undefined }, 'DELETE', '/api/session')).status).toBe(403);
    const out = await api(session, 'DELETE', '/api/session');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/draftroom_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await api(session, 'GET', '/api/session')).status).toBe(401);
    expect((await api(session, 'GET', '/api/documents')).status).toBe(401);
  });

  it('ends sessions when they expire', async () => {
    const shortLived = await signIn(server, 'coordinator');
    clock += 15 * 24 * 3600 * 1000;
    try {
      expect((await api(shortLived, 'GET', '/api/session')).status).toBe(401);
    } finally {
      clock -= 15 * 24 * 3600 * 1000;
    }
    expect((await api(coordinator, 'GET', '/api/session')).status).toBe(200);
  });
});

describe('documents by group and role', () => {
  it('answers 401 without a session on every document route', async () => {
    for (const [method, path] of [['GET', '/api/documents'], ['GET', '/api/documents/demo'], ['GET', '/api/documents/demo/content'],
      ['GET', '/api/documents/demo/versions'], ['POST', '/api/documents'], ['PATCH', '/api/documents/demo'], ['DELETE', '/api/documents/demo'],
      ['GET', '/api/groups/EUR/members'], ['GET', '/api/session']]) {
      const res = await api(server, method, path, method === 'GET' || method === 'DELETE' ? undefined : { title: 'x' });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 });
    }
  });

  it('lists only the documents of the user\'s groups and hides the others as 404', async () => {
    expect(ids(await api(drafter, 'GET', '/api/documents'))).toContain('demo');
    expect(ids(await api(apt, 'GET', '/api/documents'))).not.toContain('demo');
    for (const path of ['/api/documents/demo', '/api/documents/demo/content', '/api/documents/demo/versions']) {
      const hidden = await api(apt, 'GET', path);
      const missing = await api(apt, 'GET', path.replace('demo', 'no-such-document'));
      expect(hidden.status).toBe(404);
      expect(hidden.body).toEqual(missing.body);
    }
    expect((await api(apt, 'DELETE', '/api/documents/demo')).status).toBe(404);
    expect((await api(coordinator, 'GET', '/api/documents/demo')).status).toBe(200);
  });

  it('lets only coordinators create, rename, delete and restore; drafters save versions; observers read', async () => {
    const created = await api(coordinator, 'POST', '/api/documents', { title: 'Roles', group: 'EUR', content: doc('Text.') });
    expect(created.status).toBe(201);
    const id = created.body.document.id;
    expect((await api(drafter, 'POST', '/api/documents', { title: 'No', group: 'EUR' })).status).toBe(403);
    expect((await api(coordinator, 'POST', '/api/documents', { title: 'No', group: 'ACP' })).status).toBe(404);
    expect((await api(apt, 'POST', '/api/documents', { title: 'No' })).status).toBe(400); // no group it coordinates

    expect((await api(observer, 'GET', `/api/documents/${id}/content`)).body).toEqual(doc('Text.'));
    expect((await api(observer, 'POST', `/api/documents/${id}/versions`, { name: 'v' })).status).toBe(403);
    const version = await api(drafter, 'POST', `/api/documents/${id}/versions`, { name: 'v1' });
    expect(version.status).toBe(201);
    expect((await api(drafter, 'POST', `/api/documents/${id}/versions/${version.body.version.id}/restore`)).status).toBe(403);
    expect((await api(drafter, 'PATCH', `/api/documents/${id}`, { title: 'Mine' })).status).toBe(403);
    expect((await api(observer, 'DELETE', `/api/documents/${id}`)).status).toBe(403);
    expect((await api(coordinator, 'PATCH', `/api/documents/${id}`, { title: 'Renamed' })).status).toBe(200);
    expect((await api(coordinator, 'DELETE', `/api/documents/${id}`)).status).toBe(204);
  });

  it('exports for coordinators only, and logs the export', async () => {
    const html = await api(coordinator, 'GET', '/api/documents/demo/export?format=html');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.body).toContain('RESOLUTION 30');
    const docx = await fetch(`${server.url}/api/documents/demo/export?format=review`, { headers: { cookie: coordinator.cookie } });
    expect(docx.status).toBe(200);
    expect(new Uint8Array(await docx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b])); // a zip
    expect((await api(drafter, 'GET', '/api/documents/demo/export?format=html')).status).toBe(403);
    expect((await api(coordinator, 'GET', '/api/documents/demo/export?format=pdf')).status).toBe(400);
    const audit = await api(coordinator, 'GET', '/api/groups/EUR/audit');
    expect(audit.body.entries).toContainEqual(expect.objectContaining({ action: 'export', name: 'coordinator', detail: { document: 'demo', format: 'review' } }));
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request with a missing, wrong or foreign-origin token', async () => {
    const body = { title: 'CSRF', group: 'EUR' };
    expect((await api({ ...coordinator, csrfToken: undefined }, 'POST', '/api/documents', body)).status).toBe(403);
    expect((await api({ ...coordinator, csrfToken: 'x'.repeat(32) }, 'POST', '/api/documents', body)).status).toBe(403);
    expect((await api({ ...coordinator, csrfToken: drafter.csrfToken }, 'POST', '/api/documents', body)).status).toBe(403);
    const foreign = await api(coordinator, 'POST', '/api/documents', body, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toContain('cross-origin');
    expect((await api(server, 'POST', '/api/session', { name: 'drafter', password: 'demo-drafter' }, { origin: 'https://evil.example' })).status).toBe(403);
    const same = await api(coordinator, 'POST', '/api/documents', body, { origin: server.url });
    expect(same.status).toBe(201);
    expect(ids(await api(coordinator, 'GET', '/api/documents')).filter((id) => id === same.body.document.id)).toHaveLength(1);
  });
});

describe('invitations', () => {
  it('invites by link: shows the group and role, adds the member once, signs the new user in', async () => {
    expect((await api(drafter, 'POST', '/api/groups/EUR/invitations', { role: 'drafter' })).status).toBe(403);
    expect((await api(apt, 'POST', '/api/groups/EUR/invitations', { role: 'drafter' })).status).toBe(404);
    expect((await api(coordinator, 'POST', '/api/groups/EUR/invitations', { role: 'chief' })).status).toBe(400);
    expect((await api(coordinator, 'POST', '/api/groups/EUR/invitations', { role: 'drafter', expiresIn: 5 })).status).toBe(400);

    const created = await api(coordinator, 'POST', '/api/groups/EUR/invitations', { role: 'drafter', expiresIn: 3600 });
    expect(created.status).toBe(201);
    expect(created.body.url).toMatch(/^\/invite\/[A-Za-z0-9_-]{20,}$/);
    const token = created.body.url.split('/').pop();
    const shown = await api(server, 'GET', `/api/invitations/${token}`);
    expect(shown.body.invitation).toMatchObject({ group: 'EUR', groupName: 'CEPT (European Common Proposals)', role: 'drafter' });

    expect((await api(server, 'POST', `/api/invitations/${token}/accept`, { name: 'newcomer', password: 'short' })).status).toBe(400);
    expect((await api(server, 'POST', `/api/invitations/${token}/accept`, { name: 'drafter', password: 'long-enough-1' })).status).toBe(409);
    const accepted = await api(server, 'POST', `/api/invitations/${token}/accept`, { name: 'newcomer', password: 'long-enough-1' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.memberships).toEqual([expect.objectContaining({ group: 'EUR', role: 'drafter' })]);
    expect(accepted.headers.get('set-cookie')).toMatch(/^draftroom_session=/);
    const newcomer = await signIn(server, 'newcomer', 'long-enough-1');
    expect(ids(await api(newcomer, 'GET', '/api/documents'))).toContain('demo');

    const again = await api(server, 'POST', `/api/invitations/${token}/accept`, { name: 'second', password: 'long-enough-2' });
    expect(again.status).toBe(410);
    expect((await api(server, 'POST', '/api/session', { name: 'second', password: 'long-enough-2' })).status).toBe(401);
    expect((await api(server, 'GET', `/api/invitations/${token}`)).status).toBe(410);
    expect((await api(server, 'GET', '/api/invitations/not-a-real-invitation-token')).status).toBe(404);
  });

  it('lets a signed-in user accept an invitation to another group', async () => {
    const aptCoordinator = await (async () => {
      await server.auth.createUser('apt-chair', 'apt-chair-password', { group: 'ACP', role: 'coordinator' });
      return signIn(server, 'apt-chair', 'apt-chair-password');
    })();
    const { body } = await api(aptCoordinator, 'POST', '/api/groups/ACP/invitations', { role: 'observer' });
    const accepted = await api(drafter, 'POST', `/api/invitations/${body.url.split('/').pop()}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.memberships.map((m: { group: string; role: string }) => `${m.role} of ${m.group}`)).toEqual(['observer of ACP', 'drafter of EUR']);
  });

  it('refuses an expired invitation', async () => {
    const { body } = await api(coordinator, 'POST', '/api/groups/EUR/invitations', { role: 'observer', expiresIn: 60 });
    const token = body.url.split('/').pop();
    clock += 61_000;
    try {
      expect((await api(server, 'GET', `/api/invitations/${token}`)).status).toBe(410);
      const res = await api(server, 'POST', `/api/invitations/${token}/accept`, { name: 'latecomer', password: 'long-enough-3' });
      expect(res.status).toBe(410);
      expect(res.body.error).toContain('expired');
    } finally {
      clock -= 61_000;
    }
    expect(await server.auth.accounts.credentials('latecomer')).toBeUndefined();
  });
});

describe('members, roles and the audit log', () => {
  it('lets a coordinator list members and change roles, but not demote the last coordinator', async () => {
    expect((await api(drafter, 'GET', '/api/groups/EUR/members')).status).toBe(403);
    expect((await api(apt, 'GET', '/api/groups/EUR/members')).status).toBe(404);
    const members = (await api(coordinator, 'GET', '/api/groups/EUR/members')).body.members;
    expect(members).toEqual(expect.arrayContaining([
      { userId: coordinator.user.id, name: 'coordinator', role: 'coordinator' },
      { userId: observer.user.id, name: 'observer', role: 'observer' },
    ]));
    const promoted = await api(coordinator, 'PATCH', `/api/groups/EUR/members/${observer.user.id}`, { role: 'drafter' });
    expect(promoted.body.member).toEqual({ userId: observer.user.id, name: 'observer', role: 'drafter' });
    expect((await api(observer, 'GET', '/api/session')).body.memberships[0].role).toBe('drafter');
    expect((await api(coordinator, 'PATCH', `/api/groups/EUR/members/${observer.user.id}`, { role: 'observer' })).status).toBe(200);
    expect((await api(coordinator, 'PATCH', `/api/groups/EUR/members/${coordinator.user.id}`, { role: 'drafter' })).status).toBe(409);
    expect((await api(coordinator, 'PATCH', `/api/groups/EUR/members/${apt.user.id}`, { role: 'drafter' })).status).toBe(404);
    expect((await api(coordinator, 'PATCH', `/api/groups/EUR/members/${observer.user.id}`, { role: 'owner' })).status).toBe(400);
    expect((await api(drafter, 'PATCH', `/api/groups/EUR/members/${observer.user.id}`, { role: 'coordinator' })).status).toBe(403);
  });

  it('logs sign-ins, failures, sign-outs, role changes and invitations for the group\'s coordinators', async () => {
    expect((await api(drafter, 'GET', '/api/groups/EUR/audit')).status).toBe(403);
    expect((await api(apt, 'GET', '/api/groups/EUR/audit')).status).toBe(404);
    const entries: { action: string; name: string; group: string | null }[] = (await api(coordinator, 'GET', '/api/groups/EUR/audit')).body.entries;
    const actions = new Set(entries.map((e) => e.action));
    for (const action of ['sign-in', 'sign-in-failed', 'sign-out', 'role-change', 'invitation-created', 'invitation-accepted']) expect(actions).toContain(action);
    expect(entries).toContainEqual(expect.objectContaining({ action: 'sign-in-failed', name: 'observer' }));
    // Nothing of the other group: its coordinator's sign-in and its invitations stay there.
    expect(entries.some((e) => e.group === 'ACP' || e.name === 'apt-chair')).toBe(false);
  });
});

describe('security headers', () => {
  it('sends helmet\'s headers with a CSP allowing the client and its WebSocket', async () => {
    const res = await fetch(`${server.url}/api/session`);
    const csp = res.headers.get('content-security-policy')!;
    const host = new URL(server.url).host;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://${host} wss://${host}`);
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});
