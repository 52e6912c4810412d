// Browser-test harness: a real server on a temporary data dir and headless Chromium (playwright-core).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServer, type RunningServer, type ServerOptions } from '../../server/main';
import { schema } from '../../shared/schema';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

export interface TestServer extends RunningServer {
  dispose(): Promise<void>;
}

export async function startTestServer(opts: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'draftroom-e2e-'));
  const server = await startServer({ port: 0, dataDir, log: () => {}, ...opts });
  return Object.assign(server, {
    async dispose() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** A fresh browser context (own localStorage and IndexedDB) whose user is already named. */
export async function userContext(browser: Browser, name: string, id = name.toLowerCase().replace(/\W+/g, '-')): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await context.addInitScript(([key, value]) => localStorage.setItem(key, value), ['draftroom:user', JSON.stringify({ id, name })] as const);
  return context;
}

/** Collects uncaught page errors, so a test can assert there were none. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/** Opens a document's editor and waits until it has synced with the server. */
export async function openEditor(page: Page, baseUrl: string, id: string): Promise<void> {
  await page.goto(`${baseUrl}/d/${encodeURIComponent(id)}`);
  await page.waitForSelector('.editor-page[data-synced=true]');
  await page.waitForSelector('.connection[data-status=online]');
}

/** Puts the cursor at the end of the first block of the editor that matches `selector` and contains `text`. */
export async function cursorAtEndOf(page: Page, selector: string, text: string): Promise<void> {
  const block = page.locator(`.ProseMirror ${selector}`, { hasText: text }).first();
  await block.scrollIntoViewIfNeeded();
  // Resolves once the selection change was seen (ProseMirror's own listener runs before ours).
  await block.evaluate((el) => new Promise<void>((resolve) => {
    document.addEventListener('selectionchange', () => requestAnimationFrame(() => resolve()), { once: true });
    (el.closest('.ProseMirror') as HTMLElement).focus();
    const range = document.createRange();
    range.selectNodeContents(el);
    range.collapse(false);
    const sel = window.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
  }));
}

/** The current content of a document as the server stores it (ProseMirror JSON). */
export async function serverContent(baseUrl: string, id: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/documents/${encodeURIComponent(id)}/content`);
  if (!res.ok) throw new Error(`GET content: ${res.status}`);
  return JSON.stringify(await res.json());
}

/** The text of a document as the server stores it, one line per textblock, whatever its marks. */
export async function serverText(baseUrl: string, id: string): Promise<string> {
  const doc = schema.nodeFromJSON(JSON.parse(await serverContent(baseUrl, id)));
  return doc.textBetween(0, doc.content.size, '\n');
}

/** The text of the first editor block matching `selector` that contains `text`, without remote cursor flags. */
export function blockText(page: Page, selector: string, text: string): Promise<string> {
  return page.locator(`.ProseMirror ${selector}`, { hasText: text }).first().evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const cursor of copy.querySelectorAll('.ProseMirror-yjs-cursor')) cursor.remove();
    return copy.textContent ?? '';
  });
}

/**
 * Waits until y-indexeddb has written every update made so far: IndexedDB runs read/write
 * transactions on one object store in the order they were created, across connections, so a
 * read/write transaction of ours completes only after all of y-indexeddb's earlier writes.
 */
export async function flushLocalCopies(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((db) => db.name!).filter((name) => name.startsWith('draftroom:'));
    for (const name of names) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('updates', 'readwrite');
        tx.objectStore('updates').count();
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    }
  });
}

/** Selects the first occurrence of `text` inside the first editor block matching `selector`. */
export async function selectText(page: Page, selector: string, text: string): Promise<void> {
  const block = page.locator(`.ProseMirror ${selector}`, { hasText: text }).first();
  await block.scrollIntoViewIfNeeded();
  await block.evaluate((el, wanted) => new Promise<void>((resolve, reject) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(wanted);
      if (at < 0) continue;
      document.addEventListener('selectionchange', () => requestAnimationFrame(() => resolve()), { once: true });
      (el.closest('.ProseMirror') as HTMLElement).focus();
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      return;
    }
    reject(new Error(`"${wanted}" is not in one text node`));
  }), text);
}
