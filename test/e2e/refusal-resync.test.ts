// The server refuses a change from our own client (here: Anna types after being made an observer
// while her editor is open). The page tells her why and drops its rejected local state, the
// Y.Doc and the IndexedDB copy, so it shows the document as the server has it, and a reload
// neither shows nor re-sends the refused change.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { apiAs, openEditor, pageErrors, serverText, userContext, type TestServer, useServerAndBrowser } from './harness';

let server: TestServer;
let browser: Browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

describe('a change the server refuses', () => {
  it('is reported with the reason and replaced by the server\'s state, in the page and in its local copy', async () => {
    const carla = await apiAs(server.url, 'carla');
    const setRole = (role: string) => carla(`/api/groups/EUR/members/${server.ids.anna}`, { method: 'PATCH', body: { role } });
    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, 'demo');
    expect((await setRole('observer')).status).toBe(200);
    try {
      await page.click('.ProseMirror .cover-field');
      await page.keyboard.press('End');
      await page.keyboard.type('Refused words');
      const alert = await page.waitForSelector('.server-refusal');
      expect(await alert.textContent()).toMatch(/observers cannot change the text/);
      // the editor is opened afresh from the server: the refused words are gone
      await page.waitForSelector('.editor-page[data-synced=true]');
      await page.waitForFunction(() => !document.querySelector('.ProseMirror')?.textContent?.includes('Refused words'));
      expect(await serverText(server.url, 'demo')).not.toMatch(/Refused words/);
      await page.click('.server-refusal button');
      await page.waitForSelector('.server-refusal', { state: 'detached' });

      // a reload loads nothing refused from IndexedDB and sends nothing refused
      await page.reload();
      await openEditor(page, server.url, 'demo');
      expect(await page.textContent('.ProseMirror')).not.toMatch(/Refused words/);
      expect(await page.$('.server-refusal')).toBeNull();
      expect(await serverText(server.url, 'demo')).not.toMatch(/Refused words/);
    } finally {
      await setRole('drafter');
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
