// Three `draftroom serve` processes on one PostgreSQL database, linked by a real Redis; six stock providers (two
// per server, each with the list of servers to fail over to) type all the time while one server
// after another is SIGKILLed and restarted, five times. Then all converge, and the store (read
// after every server is killed) holds everything any client received and what they converged on.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { freePort } from '../engines/free-port';
import { startPostgres, type PostgresEngine } from '../engines/postgres';
import { startRedis, type RedisEngine } from '../engines/redis';
import { openStore } from '../../server/store/open';
import { contentOf, converged, signIn, tempDataDir, waitFor, type Session } from './helpers';
import { clusterClient, holdsAll, newDocument, typeAway, type ClusterClient } from './scale-cluster';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const data = tempDataDir();
let redis: RedisEngine;
let postgres: PostgresEngine;
let databaseUrl: string;
const ports: number[] = [];
const children: (ChildProcess | null)[] = [null, null, null];
const clients: ClusterClient[] = [];

/** Starts `node bin/draftroom serve` number `i` on its port; resolves once it listens. */
async function serve(i: number): Promise<void> {
  const child = spawn(process.execPath, [
    'bin/draftroom', 'serve', '--port', String(ports[i]), '--data', data.dir, '--database-url', databaseUrl, '--redis-url', redis.url, '--no-build',
  ], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DRAFTROOM_AUTO_VERSION_MINUTES: '600' } });
  children[i] = child;
  let output = '';
  child.stderr!.on('data', (chunk) => { output += chunk; });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (/running at http/.test(output)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server ${i} exited (${code}) before listening:\n${output}`)));
  });
}

async function kill(i: number): Promise<void> {
  const child = children[i];
  children[i] = null;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

const url = (i: number) => `http://127.0.0.1:${ports[i]}`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  databaseUrl = await postgres.newDatabase();
  for (let i = 0; i < 3; i++) ports.push(await freePort());
  await serve(0); // the first one seeds the accounts alone
  await Promise.all([serve(1), serve(2)]);
}, 120_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  await Promise.all([0, 1, 2].map(kill));
  await Promise.all([redis?.destroy(), postgres?.destroy()]);
  data.remove();
});

describe('servers killed while clients type on all of them', () => {
  it('loses nothing any client saw through five SIGKILLs', async () => {
    const as: Session = await signIn({ url: url(0) }, 'coordinator');
    const id = await newDocument(as, 'kill');
    const urls = [0, 1, 2].map(url);
    for (let i = 0; i < 6; i++) clients.push(clusterClient(as, urls, i % 3, id));
    await waitFor(() => clients.every((c) => c.provider.synced), clients.map((c) => [c.provider, 'sync'] as [typeof c.provider, string]), 'all synced');
    const typing = typeAway(clients, 150);

    for (let round = 0; round < 5; round++) {
      const victim = round % 3;
      await pause(700); // typing on all servers
      await kill(victim);
      await pause(700); // its clients move to the next server and go on typing
      await serve(victim);
    }
    await pause(500);
    const typed = typing.stop();
    expect(typed).toBeGreaterThan(100);
    await converged(clients, 'convergence after the kills', 30_000);
    for (const c of clients) expect(c.failovers()).toBeGreaterThan(0); // every server was killed at least once
    for (const c of clients) expect(holdsAll(clients[0].doc, c.received)).toBe(true);
    const agreed = contentOf(clients[0].doc);
    for (let i = 0; i < typed; i++) expect(agreed).toContain(`line${i}<`);

    // Each client's edits reached the others through a server, which stored them first: kill
    // every server (no graceful flush) and read the store itself.
    await Promise.all([0, 1, 2].map(kill));
    const store = await openStore({ dataDir: data.dir, databaseUrl });
    expect(store.kind).toBe('postgres');
    try {
      const stored = (await store.load(id))!;
      const doc = new Y.Doc();
      if (stored.state) Y.applyUpdate(doc, stored.state);
      for (const update of stored.updates) Y.applyUpdate(doc, update);
      for (const c of clients) expect(holdsAll(doc, c.received)).toBe(true);
      expect(contentOf(doc)).toBe(agreed);
    } finally {
      await store.close();
    }
  }, 120_000);
});
