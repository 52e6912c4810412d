// Opening a document syncs with the server once the browser's IndexedDB copy is loaded
// (client/editor/gated-socket.ts): a warm open receives only what the copy lacks and sends
// nothing back, edits made meanwhile by someone else still arrive, and a browser whose IndexedDB
// never answers still syncs (after the wait) and edits.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDocument, cursorAtEndOf, openEditor, pageErrors, serverText, userContext, type TestServer, useServerAndBrowser } from './harness';

let server: TestServer;
let browser: Browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
}, { seedDemo: false });

/** Counts the bytes of the WebSocket frames the page sends and receives from now on. */
function frameBytes(page: Page): { sent: number; received: number } {
  const bytes = { sent: 0, received: 0 };
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => { bytes.sent += typeof f.payload === 'string' ? f.payload.length : f.payload.byteLength; });
    ws.on('framereceived', (f) => { bytes.received += typeof f.payload === 'string' ? f.payload.length : f.payload.byteLength; });
  });
  return bytes;
}

const paragraphs = (n: number) => ({
  type: 'doc',
  content: Array.from({ length: n }, (_, i) => ({ type: 'paragraph', content: [{ type: 'text', text: `Paragraph ${i} of a document long enough to tell its whole size from a sync of what is missing.` }] })),
});

describe('opening a document', () => {
  it('asks the server only for what the local copy lacks, and still gets it', async () => {
    const id = await createDocument(server.url, 'Warm open', paragraphs(300));
    const context = await userContext(browser, server.url, 'carla');
    const page = await context.newPage();
    const errors = pageErrors(page);
    const cold = frameBytes(page);
    await openEditor(page, server.url, id);
    expect(cold.received).toBeGreaterThan(25_000); // the whole document, the first time

    // someone else edits while this browser is away
    const other = await (await userContext(browser, server.url, 'anna')).newPage();
    await openEditor(other, server.url, id);
    await page.goto('about:blank');
    await cursorAtEndOf(other, 'p', 'Paragraph 150 of');
    await other.keyboard.type(' Added while away.');
    await expect.poll(() => serverText(server.url, id)).toContain('Added while away.');

    const warm = await context.newPage();
    const warmBytes = frameBytes(warm);
    await openEditor(warm, server.url, id);
    await warm.waitForSelector('.ProseMirror p:has-text("Added while away.")');
    // the copy's state vector went out first: only the missing edit and presence came back, and
    // the copy was not sent to the server
    expect(warmBytes.received).toBeLessThan(5_000);
    expect(warmBytes.sent).toBeLessThan(5_000);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('syncs and edits when IndexedDB never answers', async () => {
    const id = await createDocument(server.url, 'No local copy', paragraphs(3));
    const context = await userContext(browser, server.url, 'carla');
    // an IndexedDB whose open requests never complete
    await context.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', { value: { open: () => ({}), deleteDatabase: () => ({}) }, configurable: true });
    });
    const page = await context.newPage();
    const started = Date.now();
    await openEditor(page, server.url, id);
    expect(Date.now() - started).toBeGreaterThan(1_000); // it waited for the copy, then went on
    await cursorAtEndOf(page, 'p', 'Paragraph 1 of');
    await page.keyboard.type(' Typed without a local copy.');
    await expect.poll(() => serverText(server.url, id)).toContain('Typed without a local copy.');
    await context.close();
  });
});
