// An edit track mode cannot record (Enter in a cover field: cover fields hold no revision records)
// is taken back in the browser, and the user is told so instead of losing the edit silently.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { openEditor, serverText, userContext, type TestServer, useServerAndBrowser } from './harness';

let server: TestServer;
let browser: Browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

describe('an edit track mode cannot record', () => {
  it('is taken back and the user sees why', async () => {
    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    await openEditor(page, server.url, 'demo');
    const before = await page.$$eval('.ProseMirror .cover-field', (els) => els.length);
    await page.click('.ProseMirror .cover-field');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.track-refusal');
    expect(await page.textContent('.track-refusal')).toMatch(/could not be recorded as a tracked change/);
    expect(await page.$$eval('.ProseMirror .cover-field', (els) => els.length)).toBe(before);
    await page.click('.track-refusal button');
    await page.waitForSelector('.track-refusal', { state: 'detached' });

    // Ordinary typing still goes through as a tracked insertion and reaches the server.
    await page.click('.ProseMirror .cover-field');
    await page.keyboard.press('End');
    await page.keyboard.type('Z');
    await page.waitForSelector('.ProseMirror .cover-field ins');
    await expect.poll(() => serverText(server.url, 'demo')).toMatch(/Z/);
    await context.close();
  });
});
