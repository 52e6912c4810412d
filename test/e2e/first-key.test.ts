// The first key typed on a page: the work it does for the first time stays out of it when it can be
// done ahead. A document without tracked changes words the first change's time (the tooltip of the
// insertion typed in track mode) at the first key: the page's first Intl.DateTimeFormat, ~18 ms in
// Chromium on a slow machine. The editor builds its date formatters when the browser is idle after
// the document is ready.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createDocument, cursorAtEndOf, openEditor, pageErrors, userContext, type TestServer, useServerAndBrowser } from './harness';

let server: TestServer;
let browser: Browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
}, { seedDemo: false });

describe('the first key', () => {
  it('finds the date formatters built: the idle page built them, the key builds none', async () => {
    const id = await createDocument(server.url, 'No changes yet', {
      type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'A paragraph without changes.' }] }],
    });
    const context = await userContext(browser, server.url, 'carla');
    // every Intl.DateTimeFormat the page builds, counted
    await context.addInitScript(() => {
      const built: string[] = [];
      (window as unknown as { formattersBuilt: string[] }).formattersBuilt = built;
      Intl.DateTimeFormat = new Proxy(Intl.DateTimeFormat, {
        construct(target, args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
          built.push(JSON.stringify(args[1] ?? {}));
          return Reflect.construct(target, args) as object;
        },
      });
    });
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, id);
    expect(await page.locator('.ProseMirror ins').count()).toBe(0);
    // the three styles of client/app/dates.ts, built while nobody types
    await page.waitForFunction(() => (window as unknown as { formattersBuilt: string[] }).formattersBuilt.length >= 3);
    const before = await page.evaluate(() => (window as unknown as { formattersBuilt: string[] }).formattersBuilt.length);

    await cursorAtEndOf(page, 'p', 'without changes.');
    await page.keyboard.type('!');
    const ins = page.locator('.ProseMirror ins', { hasText: '!' });
    await ins.waitFor();
    // the tooltip words the time with the formatter built ahead
    const title = await ins.getAttribute('title');
    expect(title).toMatch(/^Inserted by .+, .*\d.* \(suggested\)$/);
    expect(await page.evaluate(() => (window as unknown as { formattersBuilt: string[] }).formattersBuilt.length)).toBe(before);
    expect(await page.locator('.ProseMirror p').first().textContent()).toBe('A paragraph without changes.!');
    expect(errors).toEqual([]);
    await context.close();
  });
});
