// Comments and history in real Chromium on Resolution 133: Anna comments on Boris's suggestion
// (with an @mention), Carla replies from a second browser context, Anna resolves it and Carla sees
// that; then two named versions are saved and the compare view shows what was inserted and deleted.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Transform } from 'prosemirror-transform';
import { schema } from '../../shared/schema';
import { createDocument, cursorAtEndOf, openEditor, pageErrors, selectText, userContext, type TestServer, useServerAndBrowser, importFixture } from './harness';
import { posOf } from '../unit/track-doc';

let server: TestServer;
let browser: Browser;
let id: string;
const SUGGESTION = 'regional root servers';

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
}, { seedDemo: false });

beforeAll(async () => {
  const doc = await importFixture('pp18-ecp1-res133-mod.txt');
  const at = posOf(doc, SUGGESTION);
  const boris = schema.marks.insertion.create({ id: 'boris-1', author: server.ids.boris, authorName: 'boris.petrov', time: Date.UTC(2026, 10, 20), status: 'suggested' });
  id = await createDocument(server.url, 'Resolution 133', new Transform(doc).addMark(at, at + SUGGESTION.length, boris).doc.toJSON());
});

async function open(who: 'anna' | 'carla' | 'olga'): Promise<{ page: Page; errors: string[] }> {
  const page = await (await userContext(browser, server.url, who)).newPage();
  const errors = pageErrors(page);
  await openEditor(page, server.url, id);
  return { page, errors };
}

const thread = (page: Page) => page.locator('.comment-thread', { hasText: SUGGESTION });

describe('comments and version history in the browser', () => {
  it('lets Anna comment on Boris’s suggestion, Carla reply, and Anna resolve it', async () => {
    const anna = await open('anna');
    const carla = await open('carla');

    // Anna selects part of Boris's suggestion and comments (Ctrl+Alt+M), mentioning Boris.
    await selectText(anna.page, 'p', 'root servers');
    await anna.page.keyboard.press('Control+Alt+m');
    const form = anna.page.locator('form.comment-new');
    await form.waitFor();
    await expect(form.locator('.comment-on-change input').isChecked()).resolves.toBe(true);
    await expect(form.locator('.comment-on-change').textContent()).resolves.toContain('boris.petrov’s suggestion');
    await form.locator('textarea').pressSequentially('Why only regional? @bor');
    await anna.page.locator('.mention-list li', { hasText: '@boris.petrov' }).waitFor();
    await form.locator('textarea').press('Enter');
    await expect(form.locator('textarea').inputValue()).resolves.toBe('Why only regional? @boris.petrov ');
    await form.locator('button[type=submit]').click();
    await thread(anna.page).waitFor();
    await expect(thread(anna.page).locator('.on-change-badge').count()).resolves.toBe(1);
    await expect(thread(anna.page).locator('.mention').textContent()).resolves.toBe('@boris.petrov');
    // The whole suggestion is highlighted in the text.
    await expect(anna.page.locator('.ProseMirror .comment-range').allTextContents().then((t) => t.join(''))).resolves.toBe(SUGGESTION);

    // Carla sees it live, opens it by clicking the highlight, and replies.
    await carla.page.locator('.ProseMirror .comment-range').first().click();
    const carlaThread = thread(carla.page);
    await carlaThread.locator('textarea').waitFor();
    await carlaThread.locator('textarea').fill('Because ECP-1 says so. @anna.schmidt');
    await carlaThread.locator('button', { hasText: 'Reply' }).click();
    await thread(anna.page).locator('.comment-message', { hasText: 'Because ECP-1 says so.' }).waitFor();
    // Anna is told live that Carla mentioned her, and the Comments tab counts the thread.
    const alert = anna.page.locator('.mention-alert');
    await expect(alert.textContent()).resolves.toMatch(/^carla\.\S+ mentioned you: “Because ECP-1 says so\. @anna\.schmidt”/);
    await expect(anna.page.locator('#review-tab-comments .mention-count').textContent()).resolves.toBe('@1');
    await anna.page.locator('#review-tab-changes').click();
    await alert.locator('button', { hasText: 'Show' }).click();
    await expect(anna.page.locator('#review-tab-comments').getAttribute('aria-selected')).resolves.toBe('true');
    await expect(alert.count()).resolves.toBe(0);
    await expect(carla.page.locator('.mention-alert').count()).resolves.toBe(0);
    await anna.page.screenshot({ path: 'test-results/comments.png' });

    // Anna resolves; Carla's open list empties and "All" shows it resolved by Anna.
    await thread(anna.page).locator('.comment-resolve').click();
    await carla.page.locator('.comments-empty').waitFor();
    await carla.page.selectOption('.comments-head select', 'all');
    await carlaThread.locator('.comment-resolved', { hasText: 'Resolved by anna.schmidt' }).waitFor();
    // Resolved threads are no longer highlighted, except the one being looked at.
    await expect(carla.page.locator('.ProseMirror .comment-range:not(.comment-range-active)').count()).resolves.toBe(0);
    // Reopening the document does not announce the mention again.
    await anna.page.reload();
    await anna.page.waitForSelector('.editor-page[data-synced=true]');
    await anna.page.locator('#review-tab-comments').click();
    await anna.page.selectOption('.comments-head select', 'all');
    await thread(anna.page).locator('.comment-resolved').waitFor();
    await expect(anna.page.locator('.mention-alert').count()).resolves.toBe(0);
    expect([...anna.errors, ...carla.errors]).toEqual([]);
    await anna.page.context().close();
    await carla.page.context().close();
  });

  it('saves two named versions and compares them', async () => {
    const { page, errors } = await open('anna');
    const save = async (name: string) => {
      await page.locator('.review-tab-list button', { hasText: 'History' }).click();
      await page.locator('.history-head button', { hasText: 'Save version' }).click();
      await page.locator('input[name=version-name]').fill(name);
      await page.locator('.dialog button[type=submit]').click();
      await page.locator('.version-name', { hasText: name }).waitFor();
    };
    await save('after PT meeting 3');
    // Anna types a suggestion and deletes a word (track mode keeps it, struck through).
    await cursorAtEndOf(page, 'p', 'the progress made in providing multilingualism');
    await page.keyboard.type(' and beyond');
    await selectText(page, 'p', 'continuing');
    await page.keyboard.press('Backspace');
    await page.locator('.ProseMirror del', { hasText: 'continuing' }).waitFor();
    await save('after PT meeting 4');
    await page.screenshot({ path: 'test-results/history.png' });

    await page.selectOption('select[aria-label="Compare from"]', { label: 'after PT meeting 3' });
    await page.selectOption('select[aria-label="Compare to"]', { label: 'after PT meeting 4' });
    await page.locator('.compare-pickers button', { hasText: 'Compare' }).click();
    const view = page.locator('.compare-overlay');
    await view.locator('.compare-document').waitFor();
    await expect(view.locator('h2').textContent()).resolves.toBe('Changes from after PT meeting 3 to after PT meeting 4');
    await expect(view.locator('.compare-document ins').allTextContents()).resolves.toEqual([' and beyond']);
    await expect(view.locator('.compare-document del').allTextContents()).resolves.toEqual(['continuing']);
    await expect(view.locator('.compare-legend li').allTextContents()).resolves.toEqual(['anna.schmidt +11 −10']);
    // Boris's older suggestion is not a difference between these versions.
    await expect(view.locator('.compare-document ins', { hasText: SUGGESTION }).count()).resolves.toBe(0);
    await expect(view.locator('.compare-document .proposal').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/compare.png' });
    await view.locator('button', { hasText: 'Close' }).click();
    await expect(view.count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });

  it('lets an observer, who cannot edit, comment on the text', async () => {
    const { page, errors } = await open('olga');
    await page.locator('.read-only').waitFor();
    await selectText(page, 'p', 'multilingual domain names');
    await page.locator('.toolbar button[data-command=comment]').click();
    const form = page.locator('form.comment-new');
    await form.locator('textarea').fill('An observer’s remark.');
    await form.locator('button[type=submit]').click();
    const card = page.locator('.comment-thread', { hasText: 'An observer’s remark.' });
    await card.waitFor();
    await expect(card.locator('.comment-anchor q').textContent()).resolves.toBe('multilingual domain names');
    // It reached the server: a teammate opening the document now sees it.
    const anna = await open('anna');
    await anna.page.locator('.review-tab-list button', { hasText: 'Comments' }).click();
    await anna.page.locator('.comment-thread', { hasText: 'An observer’s remark.' }).waitFor();
    expect([...errors, ...anna.errors]).toEqual([]);
  });
});
