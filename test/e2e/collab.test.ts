// Two browsers on one document through the real server: live edits, presence, per-user undo, offline
// editing that merges on reconnect (and survives closing the tab), and a message too big for the server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/main';
import type { Browser, Page } from 'playwright-core';
import { addPeople, blockText, cursorAfter, cursorAtEndOf, flushLocalCopies, openEditor, pageErrors, serverText, startTestServer, userContext, type TestServer, useServerAndBrowser } from './harness';

let server: TestServer;
let browser: Browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const itemText = (page: Page, text: string) => blockText(page, '.item', text);
const badge = (page: Page) => page.textContent('.connection');

describe('collaboration in the browser', () => {
  it('shows each other’s edits, avatars and cursors, and undoes only your own changes', async () => {
    const [anna, boris] = await Promise.all([userContext(browser, server.url, 'anna'), userContext(browser, server.url, 'boris')]);
    const [a, b] = await Promise.all([anna.newPage(), boris.newPage()]);
    const errors = [...pageErrors(a), ...pageErrors(b)];
    await openEditor(a, server.url, 'demo');
    await openEditor(b, server.url, 'demo');
    await a.waitForSelector('.avatar[data-name="boris.petrov"]');
    await b.waitForSelector('.avatar[data-name="anna.schmidt"]');
    expect(await a.$$eval('.avatar', (els) => els.map((el) => el.textContent))).toEqual(['AS', 'BP']);

    await cursorAtEndOf(a, '.item', 'the outcomes of both phases of the World Summit');
    await a.keyboard.type(' [Anna]');
    await cursorAtEndOf(b, '.item', 'the outcomes of both phases of the World Summit');
    await b.keyboard.type(' [Boris]');
    const merged = 'the outcomes of both phases of the World Summit on the Information Society (WSIS); [Anna] [Boris]';
    await expect.poll(() => itemText(a, '[Boris]')).toBe(`a)\t${merged}`);
    await expect.poll(() => itemText(b, '[Anna]')).toBe(`a)\t${merged}`);

    // Boris's cursor is drawn in Anna's editor with his name.
    await a.waitForSelector('.ProseMirror-yjs-cursor .cursor-name:text("boris.petrov")');
    // each in a colour of their own, the same for their avatar, their cursor and their changes
    const authorColor = (id: string) => a.$eval(`.ProseMirror ins[data-author="${id}"]`, (el) => (el as HTMLElement).style.getPropertyValue('--author-color'));
    const [annaColor, borisColor] = [await authorColor(server.ids.anna), await authorColor(server.ids.boris)];
    expect(annaColor).not.toBe(borisColor);
    const hex = (rgb: string) => `#${(rgb.match(/\d+/g) ?? []).map((n) => Number(n).toString(16).padStart(2, '0')).join('')}`;
    expect(await a.$$eval('.avatar', (els) => els.map((el) => (el as HTMLElement).style.backgroundColor)).then((cs) => cs.map(hex))).toEqual([annaColor, borisColor]);
    expect(hex(await a.$eval('.ProseMirror-yjs-cursor', (el) => (el as HTMLElement).style.borderColor))).toBe(borisColor);

    // Anna's undo takes back her text only.
    await a.focus('.ProseMirror');
    await a.keyboard.press('Control+z');
    await expect.poll(() => itemText(b, '[Boris]')).toBe('a)\tthe outcomes of both phases of the World Summit on the Information Society (WSIS); [Boris]');
    await a.keyboard.press('Control+Shift+z');
    await expect.poll(() => itemText(b, '[Boris]')).toBe(`a)\t${merged}`);

    await boris.close();
    await a.waitForSelector('.avatar[data-name="boris.petrov"]', { state: 'detached' });
    expect(errors).toEqual([]);
    await anna.close();
  });

  it('keeps two people’s words whole when they type at the same spot, key for key', async () => {
    const [anna, boris] = await Promise.all([userContext(browser, server.url, 'anna'), userContext(browser, server.url, 'boris')]);
    const [a, b] = await Promise.all([anna.newPage(), boris.newPage()]);
    const errors = [...pageErrors(a), ...pageErrors(b)];
    await openEditor(a, server.url, 'demo');
    await openEditor(b, server.url, 'demo');
    const item = (page: Page) => itemText(page, 'the outcomes');
    await cursorAfter(a, '.item', 'the outcomes ');
    await cursorAfter(b, '.item', 'the outcomes ');
    const before = await item(a);
    // each key reaches the other editor before the other one types its next key
    const words = ['ANNA ', 'boris '];
    let length = before.length;
    for (let i = 0; i < Math.max(...words.map((w) => w.length)); i++) {
      for (const [page, other, word] of [[a, b, words[0]], [b, a, words[1]]] as const) {
        if (i >= word.length) continue;
        await page.keyboard.type(word[i]);
        length++;
        await expect.poll(async () => (await item(other)).length).toBe(length);
      }
    }
    const after = await item(a);
    expect(await item(b)).toBe(after);
    expect([before.replace('the outcomes ', `the outcomes ${words[0]}${words[1]}`), before.replace('the outcomes ', `the outcomes ${words[1]}${words[0]}`)]).toContain(after);
    expect(errors).toEqual([]);
    await Promise.all([anna.close(), boris.close()]);
  });

  it('keeps editing offline, counts unsynced changes and merges on reconnect', async () => {
    const [anna, boris] = await Promise.all([userContext(browser, server.url, 'anna'), userContext(browser, server.url, 'boris')]);
    const [a, b] = await Promise.all([anna.newPage(), boris.newPage()]);
    await openEditor(a, server.url, 'demo');
    await openEditor(b, server.url, 'demo');

    await anna.setOffline(true);
    await a.waitForSelector('.connection[data-status=offline]');
    await cursorAtEndOf(a, '.item', 'UNGA Resolution 70/1, on transforming our world');
    // Typing a word is one edit, not one per key; a later edit after a pause is another.
    await a.keyboard.type('XYZ');
    expect(await badge(a)).toBe('Offline · 1 unsynced edit');
    await cursorAtEndOf(b, '.item', 'UNGA Resolution 70/1, on transforming our world');
    await b.keyboard.type(' (Boris online)');
    // Nothing reaches Anna while she is offline.
    expect(await itemText(a, 'UNGA Resolution 70/1')).not.toContain('Boris online');

    await anna.setOffline(false);
    await a.waitForSelector('.connection[data-status=online]');
    expect(await badge(a)).toBe('Online');
    const expected = /^c\)\tUNGA Resolution 70\/1, on transforming our world: the 2030 Agenda for Sustainable Development;(XYZ \(Boris online\)| \(Boris online\)XYZ)$/;
    await expect.poll(() => itemText(a, 'UNGA Resolution 70/1')).toMatch(expected);
    await expect.poll(() => itemText(b, 'UNGA Resolution 70/1')).toMatch(expected);
    await Promise.all([anna.close(), boris.close()]);
  });

  it('keeps offline edits in IndexedDB when the tab is closed, and sends them later', async () => {
    const anna = await userContext(browser, server.url, 'anna');
    const first = await anna.newPage();
    await openEditor(first, server.url, 'demo');
    await anna.setOffline(true);
    await first.waitForSelector('.connection[data-status=offline]');
    await cursorAtEndOf(first, '.call-heading', 'noting');
    await first.keyboard.type(' (written offline)');
    await flushLocalCopies(first);
    await first.close();
    expect(await serverText(server.url, 'demo')).not.toContain('(written offline)');

    await anna.setOffline(false);
    const second = await anna.newPage();
    await openEditor(second, server.url, 'demo');
    await expect.poll(() => serverText(server.url, 'demo')).toContain('noting (written offline)');
    await anna.close();
  });
});

describe('a server restart', () => {
  it('shows reconnecting with the unsynced count, then merges the edits into the restarted server', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'draftroom-e2e-restart-'));
    let running = await startServer({ port: 0, dataDir, log: () => {} });
    await addPeople(running);
    const { port, url } = running;
    const context = await userContext(browser, url, 'anna');
    const page = await context.newPage();
    try {
      await openEditor(page, url, 'demo');
      await running.close();
      await page.waitForSelector('.connection[data-status=reconnecting]');
      await cursorAtEndOf(page, '.call-heading', 'noting');
      await page.keyboard.type('!!');
      expect(await badge(page)).toBe('Reconnecting… · 1 unsynced edit');

      running = await startServer({ port, dataDir, log: () => {} });
      await page.waitForSelector('.connection[data-status=online]', { timeout: 15_000 });
      expect(await badge(page)).toBe('Online');
      await expect.poll(() => serverText(url, 'demo')).toContain('\nnoting!!\n');
    } finally {
      await context.close();
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a message too big for the server', () => {
  let small: TestServer;
  beforeAll(async () => {
    small = await startTestServer({ maxMessageBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await small?.dispose();
  });

  it('shows an error and does not reconnect in a loop', async () => {
    const context = await userContext(browser, small.url, 'anna');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, small.url, 'demo');
    let sockets = 0;
    page.on('websocket', () => sockets++);
    await cursorAtEndOf(page, '.call-heading', 'noting');
    await page.keyboard.insertText(' ' + 'lorem ipsum dolor sit amet '.repeat(4000));
    await page.waitForSelector('.connection[data-status=error]');
    expect(await page.textContent('.connection-problem')).toMatch(/too big/);
    // y-websocket would retry after 200 ms, then 400 ms ...: no new socket may open.
    await expect(page.waitForEvent('websocket', { timeout: 2500 })).rejects.toThrow(/Timeout/);
    expect(sockets).toBe(0);
    expect(await page.getAttribute('.connection', 'data-status')).toBe('error');
    // The text stays in the editor (and in IndexedDB).
    expect(await page.locator('.ProseMirror .call-heading', { hasText: 'noting' }).first().textContent()).toContain('lorem ipsum');
    expect(errors).toEqual([]);
    await context.close();
  });
});
