// Browser-test harness: a real server on a temporary data dir and headless Chromium (playwright-core).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node as PMNode } from 'prosemirror-model';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServer, type RunningServer, type ServerOptions } from '../../server/main';
import { importDocument } from '../../shared/import';
import { schema } from '../../shared/schema';

/** A fixture's path in ../shared/fixtures (beside the repository). */
export const fixturePath = (name: string): string => fileURLToPath(new URL(`../../../shared/fixtures/${name}`, import.meta.url));

/** A fixture imported as the importer reads it (markdown for .md, text otherwise). */
export function importFixture(name: string): Promise<PMNode> {
  return importDocument(readFileSync(fixturePath(name), 'utf8'), { format: name.endsWith('.md') ? 'markdown' : 'text' });
}

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

/** The people of the tests: in group EUR, which owns the demo document, and one in ACP. */
export const PEOPLE = {
  anna: { name: 'anna.schmidt', role: 'drafter', group: 'EUR' },
  boris: { name: 'boris.petrov', role: 'drafter', group: 'EUR' },
  carla: { name: 'carla.rossi', role: 'coordinator', group: 'EUR' },
  olga: { name: 'olga.berg', role: 'observer', group: 'EUR' },
  kenji: { name: 'kenji.sato', role: 'drafter', group: 'ACP' },
} as const;
export type Person = keyof typeof PEOPLE;
export const PASSWORD = 'correct horse battery staple';
const GROUP = 'EUR';

export interface TestServer extends RunningServer {
  /** Account ids of the PEOPLE. */
  ids: Record<Person, string>;
  dispose(): Promise<void>;
}

/** Creates the PEOPLE on a running server (their groups too, when the demo did not). */
export async function addPeople(server: RunningServer): Promise<Record<Person, string>> {
  await server.auth.accounts.ensureGroup(GROUP, 'CEPT (European Common Proposals)');
  await server.auth.accounts.ensureGroup('ACP', 'APT (Asia-Pacific Common Proposals)');
  const ids = {} as Record<Person, string>;
  for (const [key, person] of Object.entries(PEOPLE) as [Person, (typeof PEOPLE)[Person]][]) {
    const existing = (await server.auth.accounts.credentials(person.name))?.user;
    ids[key] = existing?.id ?? (await server.auth.createUser(person.name, PASSWORD, { group: person.group, role: person.role })).id;
  }
  return ids;
}

/**
 * A real server and headless Chromium for one test file: started before its tests (in parallel),
 * closed after them. `ready` receives both, before any later beforeAll of the file runs.
 */
export function useServerAndBrowser(ready: (server: TestServer, browser: Browser) => void, opts: Partial<ServerOptions> = {}): void {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(opts), launchBrowser()]);
    ready(server, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });
}

export async function startTestServer(opts: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'draftroom-e2e-'));
  const server = await startServer({ port: 0, dataDir, log: () => {}, ...opts });
  const ids = await addPeople(server);
  return Object.assign(server, {
    ids,
    async dispose() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** A fresh browser context (own cookies, IndexedDB) signed in as one of the PEOPLE. */
export async function userContext(browser: Browser, baseUrl: string, who: Person): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const res = await context.request.post(`${baseUrl}/api/session`, { data: { name: PEOPLE[who].name, password: PASSWORD } });
  if (!res.ok()) throw new Error(`signing in ${PEOPLE[who].name}: ${res.status()} ${await res.text()}`);
  return context;
}

/** fetch for the REST API as one of the PEOPLE: session cookie and CSRF token included. */
type ApiFetch = (path: string, init?: { method?: string; body?: unknown }) => Promise<Response>;
const apis = new Map<string, Promise<ApiFetch>>();

export function apiAs(baseUrl: string, who: Person): Promise<ApiFetch> {
  const key = `${baseUrl} ${who}`;
  if (!apis.has(key)) apis.set(key, signInForApi(baseUrl, who));
  return apis.get(key)!;
}

async function signInForApi(baseUrl: string, who: Person): Promise<ApiFetch> {
  const res = await fetch(`${baseUrl}/api/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: PEOPLE[who].name, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`signing in ${PEOPLE[who].name}: ${res.status}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return (path, init = {}) => fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { cookie, 'x-csrf-token': csrfToken, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

/** Creates a document with the given content as Carla (coordinator of EUR); returns its id. */
export async function createDocument(baseUrl: string, title: string, content: unknown): Promise<string> {
  const api = await apiAs(baseUrl, 'carla');
  const res = await api('/api/documents', { method: 'POST', body: { title, group: GROUP, content } });
  if (res.status !== 201) throw new Error(`creating ${title}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { document: { id: string } }).document.id;
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
export function cursorAtEndOf(page: Page, selector: string, text: string): Promise<void> {
  return cursorIn(page, selector, text, 'end');
}

/** Puts the cursor at the start of the first block of the editor that matches `selector` and contains `text`. */
export function cursorAtStartOf(page: Page, selector: string, text: string): Promise<void> {
  return cursorIn(page, selector, text, 'start');
}

async function cursorIn(page: Page, selector: string, text: string, edge: 'start' | 'end'): Promise<void> {
  const block = page.locator(`.ProseMirror ${selector}`, { hasText: text }).first();
  await block.scrollIntoViewIfNeeded();
  // Resolves once the selection change was seen (ProseMirror's own listener runs before ours).
  await block.evaluate((el: Element, atStart: boolean) => new Promise<void>((resolve) => {
    document.addEventListener('selectionchange', () => requestAnimationFrame(() => resolve()), { once: true });
    (el.closest('.ProseMirror') as HTMLElement).focus();
    const range = document.createRange();
    range.selectNodeContents(el);
    range.collapse(atStart);
    const sel = window.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
  }), edge === 'start');
}

/** The current content of a document as the server stores it (ProseMirror JSON), read as Carla. */
export async function serverContent(baseUrl: string, id: string): Promise<string> {
  const api = await apiAs(baseUrl, 'carla');
  const res = await api(`/api/documents/${encodeURIComponent(id)}/content`);
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
export function selectText(page: Page, selector: string, text: string): Promise<void> {
  return selectInBlock(page, selector, text, false);
}

/** Puts the cursor right after the first occurrence of `text` in the first editor block matching `selector`. */
export function cursorAfter(page: Page, selector: string, text: string): Promise<void> {
  return selectInBlock(page, selector, text, true);
}

async function selectInBlock(page: Page, selector: string, text: string, collapseAfter: boolean): Promise<void> {
  const block = page.locator(`.ProseMirror ${selector}`, { hasText: text }).first();
  await block.scrollIntoViewIfNeeded();
  // Resolves once the selection change was seen (ProseMirror's own listener runs before ours).
  await block.evaluate((el, [wanted, after]) => new Promise<void>((resolve, reject) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(wanted);
      if (at < 0) continue;
      document.addEventListener('selectionchange', () => requestAnimationFrame(() => resolve()), { once: true });
      (el.closest('.ProseMirror') as HTMLElement).focus();
      const range = document.createRange();
      range.setStart(node, after ? at + wanted.length : at);
      range.setEnd(node, at + wanted.length);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      return;
    }
    reject(new Error(`"${wanted}" is not in one text node`));
  }), [text, collapseAfter] as const);
}

/** The texts of the `ins` / `del` elements inside `selector` (non-breaking spaces read as spaces). */
export function marked(page: Page, selector: string, tag: 'ins' | 'del'): Promise<string[]> {
  return page.$$eval(`${selector} ${tag}`, (els) => els.map((el) => (el.textContent ?? '').replace(/\u00a0/g, ' ')));
}
