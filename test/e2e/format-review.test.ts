// Tracked formatting in Chromium against the real server, on ECP-1 of the European proposals to
// PP-18 (MOD EUR/48A1/1, Resolution 133): a drafter bolds a word with Ctrl+B and it becomes her
// format change; the coordinator sees "Formatted: bold" with her name in the Changes panel and the
// hover popover, rejects it, and the word is plain again, in the editor and on the server. A
// drafter takes back her own format change (the server lets the withdrawal through).
import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Node as PMNode } from 'prosemirror-model';
import { schema } from '../../shared/schema';
import { listChanges } from '../../shared/track';
import { createDocument, openEditor, pageErrors, selectText, serverContent, userContext, type TestServer, useServerAndBrowser, importFixture } from './harness';

let server: TestServer;
let browser: Browser;
let id: string;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
}, { seedDemo: false });

beforeAll(async () => {
  const doc = await importFixture('pp18-ecp1-res133-mod.txt');
  expect(listChanges(doc)).toEqual([]);
  id = await createDocument(server.url, 'ECP-1 Resolution 133', doc.toJSON());
});

async function stored(): Promise<PMNode> {
  return schema.nodeFromJSON(JSON.parse(await serverContent(server.url, id)));
}

/** The names of the marks on the stored text of `word` (its first occurrence in one text node). */
async function storedMarks(word: string): Promise<string[]> {
  const doc = await stored();
  let marks: string[] | null = null;
  doc.descendants((node) => {
    if (marks) return false;
    if (node.isText && node.text!.includes(word)) marks = node.marks.map((m) => m.type.name);
    return true;
  });
  return marks ?? [];
}

function card(page: Page, text: string) {
  return page.locator('.changes-panel .change-card', { hasText: text }).first();
}

describe('tracked formatting', () => {
  it('a drafter’s Ctrl+B is her format change; she can take back her own', async () => {
    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, id);

    await selectText(page, '.item', 'telecommunications');
    await page.keyboard.press('Control+b');
    const span = page.locator('.ProseMirror .format-change', { hasText: 'telecommunications' });
    await span.waitFor();
    expect(await span.locator('strong').textContent()).toBe('telecommunications');
    expect(await span.getAttribute('data-author')).toBe(server.ids.anna);
    await expect.poll(() => storedMarks('telecommunications')).toEqual(['formatChange', 'strong']);
    await expect.poll(() => card(page, 'telecommunications').locator('.change-kind').textContent()).toBe('Formatted: bold');
    // the paragraph gets a change bar in her colour, pointing at the change
    const bar = page.locator('.ProseMirror .item[data-format-change]', { hasText: 'telecommunications' });
    expect(await bar.getAttribute('data-format-change')).toBe('suggested');
    expect(await bar.getAttribute('data-change-ids')).toBe(await span.getAttribute('data-id'));

    // Italic on another word, then withdrawn from the panel: the server accepts her taking it back.
    await selectText(page, '.item', 'Internet');
    await page.keyboard.press('Control+i');
    await expect.poll(async () => listChanges(await stored()).map((c) => c.description).sort()).toEqual(['Formatted: bold', 'Formatted: italic']);
    await card(page, 'Internet').locator('button[data-action=reject]').click();
    await expect.poll(async () => listChanges(await stored()).map((c) => c.description)).toEqual(['Formatted: bold']);
    expect(await page.locator('.ProseMirror em', { hasText: 'Internet' }).count()).toBe(0);
    expect(await page.locator('.track-refusal').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the coordinator sees "Formatted: bold" with the author, rejects it, and the word is plain again', async () => {
    const context = await userContext(browser, server.url, 'carla');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, id);

    const row = card(page, 'telecommunications');
    await row.waitFor();
    expect(await row.locator('.change-kind').textContent()).toBe('Formatted: bold');
    expect(await row.locator('.author-name').textContent()).toBe('anna.schmidt');
    expect(await row.getAttribute('data-kind')).toBe('format');

    // The hover popover says the same, with the review buttons.
    await page.locator('.ProseMirror .format-change', { hasText: 'telecommunications' }).hover();
    const popover = page.locator('.change-popover');
    await popover.waitFor();
    expect(await popover.locator('.author-name').textContent()).toBe('anna.schmidt');
    expect(await popover.locator('.change-kind').textContent()).toBe('Formatted: bold');
    expect(await popover.locator('button').allTextContents()).toEqual(['Agree', 'Reject', 'Accept']);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/format-review.png' });
    await page.mouse.move(5, 500);
    await popover.waitFor({ state: 'detached' });

    await row.locator('button[data-action=reject]').click();
    await expect.poll(() => storedMarks('telecommunications')).toEqual([]);
    expect(await page.locator('.ProseMirror strong', { hasText: 'telecommunications' }).count()).toBe(0);
    expect(await page.locator('.ProseMirror .format-change').count()).toBe(0);
    expect(await page.locator('.ProseMirror [data-format-change]').count()).toBe(0);
    await expect.poll(() => page.locator('.changes-panel .change-card').count()).toBe(0);
    expect(listChanges(await stored())).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
