// Sign-in limits on a real server behind a (simulated) proxy: trustProxy makes X-Forwarded-For
// the client's address. An address past its failures still lets a correct password in (one
// attacker behind a shared proxy locks nobody else out) but answers its wrong passwords 429; an
// account with too many failures from anywhere is locked, correct password or not, until the
// window ends; without trustProxy the header is ignored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, DEMO_PASSWORDS, tempDataDir, testServer } from './helpers';

const WINDOW_MS = 15 * 60 * 1000;
const data = tempDataDir();
let clock = Date.now();
let server: Awaited<ReturnType<typeof testServer>>;

const signInFrom = (ip: string, name: string, password: string, target: { url: string } = server) =>
  api(target, 'POST', '/api/session', { name, password }, { 'x-forwarded-for': ip });

beforeAll(async () => {
  server = await testServer(data.dir, { trustProxy: true, signInMaxPerIp: 3, signInMaxPerAccount: 4, now: () => clock });
});

afterAll(async () => {
  await server.close();
  data.remove();
});

describe('sign-in limits', () => {
  it('an address past its limit still signs in a correct password; its wrong passwords get 429', async () => {
    const proxy = '203.0.113.7';
    for (const name of ['alpha', 'beta', 'gamma']) expect((await signInFrom(proxy, name, 'guess-guess')).status).toBe(401);
    const past = await signInFrom(proxy, 'delta', 'guess-guess');
    expect(past.status).toBe(429);
    expect(past.body).toEqual({ error: 'too many failed sign-ins from this address: try again later' });
    expect(Number(past.headers.get('retry-after'))).toBeGreaterThan(0);
    const ok = await signInFrom(proxy, 'drafter', DEMO_PASSWORDS.drafter);
    expect(ok.status).toBe(200);
    expect(ok.body.user.name).toBe('drafter');
    expect((await signInFrom(proxy, 'coordinator', 'wrong-password')).status).toBe(429);
    // Another address is not affected.
    expect((await signInFrom('198.51.100.1', 'alpha', 'guess-guess')).status).toBe(401);
  });

  it('an account with too many failures from anywhere is locked, correct password or not, until the window ends', async () => {
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4']) {
      expect((await signInFrom(ip, 'observer', 'guess-guess')).status).toBe(401);
    }
    const locked = await signInFrom('192.0.2.99', 'observer', DEMO_PASSWORDS.observer);
    expect(locked.status).toBe(429);
    expect(locked.body).toEqual({ error: 'too many failed sign-ins for this account: try again later' });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(WINDOW_MS / 1000 - 60);
    expect((await signInFrom('192.0.2.99', 'OBSERVER', DEMO_PASSWORDS.observer)).status).toBe(429);
    // Other accounts sign in from the same addresses.
    expect((await signInFrom('192.0.2.1', 'coordinator', DEMO_PASSWORDS.coordinator)).status).toBe(200);
    clock += WINDOW_MS + 1000;
    expect((await signInFrom('192.0.2.99', 'observer', DEMO_PASSWORDS.observer)).status).toBe(200);
  });

  it('without trustProxy, X-Forwarded-For is ignored: every failure counts for the connecting address', async () => {
    const other = tempDataDir();
    const direct = await testServer(other.dir, { signInMaxPerIp: 2 });
    try {
      expect((await signInFrom('10.0.0.1', 'alpha', 'guess-guess', direct)).status).toBe(401);
      expect((await signInFrom('10.0.0.2', 'beta', 'guess-guess', direct)).status).toBe(401);
      expect((await signInFrom('10.0.0.3', 'gamma', 'guess-guess', direct)).status).toBe(429);
      expect((await signInFrom('10.0.0.4', 'drafter', DEMO_PASSWORDS.drafter, direct)).status).toBe(200);
    } finally {
      await direct.close();
      other.remove();
    }
  });
});
