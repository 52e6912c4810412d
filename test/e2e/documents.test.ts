// The document list page against the real server: listing, creating, opening, renaming, deleting,
// and the clear error for a document that does not exist.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { apiAs, pageErrors, userContext, type TestServer, useServerAndBrowser } from './harness';

let server: TestServer;
let browser: Browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const titles = async () => {
  const res = await (await apiAs(server.url, 'carla'))('/api/documents');
  return ((await res.json()) as { documents: { title: string }[] }).documents.map((d) => d.title).sort();
};

describe('the document list', () => {
  it('lets a coordinator list, create, open, rename and delete documents', async () => {
    const context = await userContext(browser, server.url, 'carla');
    const page = await context.newPage();
    const errors = pageErrors(page);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(server.url);
    await page.waitForSelector('.document-row[data-id=demo]');
    expect(await page.textContent('.document-row[data-id=demo] .document-title')).toBe('Draft European Common Proposals to WTDC (demo)');

    // Create: the new document opens in the editor, empty and online.
    await page.fill('.new-document input', 'ECP to PP-26: Resolution 133');
    await page.click('.new-document button[type=submit]');
    await page.waitForURL(/\/d\/[^/]+$/);
    await page.waitForSelector('.editor-page[data-synced=true]');
    expect(await page.textContent('.editor-header .document-title')).toBe('ECP to PP-26: Resolution 133');
    expect(await titles()).toContain('ECP to PP-26: Resolution 133');
    // An empty document takes a first proposal unit numbered 1.
    await page.click('.ProseMirror');
    await page.click('.toolbar button[data-command=proposal]');
    expect(await page.inputValue('.proposal-dialog input[name=ref]')).toBe('EUR/XXA1/1');
    await page.click('.proposal-dialog button[type=submit]');
    await page.waitForSelector('.ProseMirror .proposal[data-ref="EUR/XXA1/1"][data-action=MOD]');

    // Back to the list (client-side navigation), rename, delete.
    await page.click('.editor-header .back');
    const row = page.locator('.document-row', { hasText: 'ECP to PP-26: Resolution 133' });
    await row.locator('button', { hasText: 'Rename' }).click();
    await page.fill('.rename input', 'ECP-1 to PP-26: Resolution 133');
    await page.click('.rename button[type=submit]');
    await page.waitForSelector('.document-row:has-text("ECP-1 to PP-26: Resolution 133")');
    expect(await titles()).toContain('ECP-1 to PP-26: Resolution 133');

    await page.locator('.document-row', { hasText: 'ECP-1 to PP-26' }).locator('button', { hasText: 'Delete' }).click();
    await page.waitForSelector('.document-row:has-text("ECP-1 to PP-26")', { state: 'detached' });
    expect(await titles()).toEqual(['Draft European Common Proposals to WTDC (demo)']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows drafters the documents of their group, without creating, renaming or deleting', async () => {
    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('.document-row[data-id=demo]');
    expect(await page.locator('.new-document').count()).toBe(0);
    expect(await page.locator('.document-row[data-id=demo] .row-actions').count()).toBe(0);
    expect(await page.textContent('.user-menu .user-name')).toBe('anna.schmidt');
    await context.close();
  });

  it('hides another group’s documents, as if they did not exist', async () => {
    const context = await userContext(browser, server.url, 'kenji');
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('.documents-page :text("No documents yet")');
    expect(await page.locator('.document-row').count()).toBe(0);
    await page.goto(`${server.url}/d/demo`);
    await page.waitForSelector('[role=alert]');
    expect(await page.textContent('[role=alert]')).toBe('There is no document “demo”.');
    await context.close();
  });

  it('says so when a document does not exist, without opening a connection', async () => {
    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    let sockets = 0;
    page.on('websocket', () => sockets++);
    await page.goto(`${server.url}/d/no-such-document`);
    await page.waitForSelector('[role=alert]');
    expect(await page.textContent('[role=alert]')).toBe('There is no document “no-such-document”.');
    expect(sockets).toBe(0);
    await context.close();
  });
});
