// Failover in the browser: two servers linked by Redis on one store (a shared SQLite data dir), each
// listing both (collabUrls). The editor opened from server A keeps working when A stops: its
// provider moves to B (the page's Origin is a listed peer, so B lets the socket in), the text typed
// meanwhile reaches B, and a second browser on B sees it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../../server/main';
import { freePort } from '../engines/free-port';
import { startRedis, type RedisEngine } from '../engines/redis';
import { addPeople, blockText, cursorAtEndOf, launchBrowser, openEditor, serverText, userContext } from './harness';

let redis: RedisEngine;
let browser: Browser;
const dataDir = mkdtempSync(join(tmpdir(), 'draftroom-e2e-failover-'));
const servers: RunningServer[] = [];

beforeAll(async () => {
  [redis, browser] = await Promise.all([startRedis(), launchBrowser()]);
  const ports = [await freePort(), await freePort()];
  const collabUrls = ports.map((p) => `http://127.0.0.1:${p}`);
  for (const port of ports) servers.push(await startServer({ port, dataDir, redisUrl: redis.url, collabUrls, log: () => {} }));
  await addPeople(servers[0]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.close()));
  await redis?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('failover between listed servers in the browser', () => {
  it('moves the editor to the next server when its server stops, keeping what was typed', async () => {
    const [a, b] = servers;
    const context = await userContext(browser, a.url, 'anna');
    const page = await context.newPage();
    const other = await userContext(browser, b.url, 'boris');
    const watcher = await other.newPage();
    try {
      await openEditor(page, a.url, 'demo');
      await openEditor(watcher, b.url, 'demo');
      await a.close();
      await cursorAtEndOf(page, '.call-heading', 'noting');
      await page.keyboard.type('!!');
      await page.waitForSelector('.connection[data-status=online]', { timeout: 15_000 });
      await expect.poll(() => serverText(b.url, 'demo'), { timeout: 15_000 }).toContain('\nnoting!!\n');
      await expect.poll(() => blockText(watcher, '.call-heading', 'noting'), { timeout: 15_000 }).toContain('noting!!');
    } finally {
      await context.close();
      await other.close();
    }
  }, 60_000);
});
