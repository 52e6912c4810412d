// The tracked-changes UI in Chromium against the real server, on ECP-1 of the European proposals
// to PP-18 (MOD EUR/48A1/1, Resolution 133): a drafter's edits in track mode (typing, Backspace,
// a selection deleted, Enter, a paste) become her marked suggestions; the cursor steps over
// deleted text; the coordinator rejects, accepts and agrees from the changes panel and the hover
// popover; a drafter can only take back her own suggestions.
import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { schema } from '../../shared/schema';
import { listChanges } from '../../shared/track';
import { assignColors } from '../../shared/user-color';
import {
  apiAs, createDocument, cursorAfter, cursorAtEndOf, cursorAtStartOf, openEditor, pageErrors, selectText, serverContent, serverText,
  userContext, type TestServer, useServerAndBrowser, importFixture,
} from './harness';

let server: TestServer;
let browser: Browser;
let id: string;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
}, { seedDemo: false });

beforeAll(async () => {
  const doc = await importFixture('pp18-ecp1-res133-mod.txt');
  expect(listChanges(doc)).toEqual([]); // the .txt fixture has no revision marks: every change below is made here
  id = await createDocument(server.url, 'ECP-1 Resolution 133', doc.toJSON());
});

/** The revision marks in the editor: tag, author, status and text. */
function marks(page: Page) {
  return page.$$eval('.ProseMirror ins, .ProseMirror del', (els) => els.map((el) => ({
    tag: el.tagName.toLowerCase(), author: (el as HTMLElement).dataset.author, status: (el as HTMLElement).dataset.status, text: el.textContent,
  })));
}

/** The text of the editor before the cursor, within the cursor's block. */
function textBeforeCursor(page: Page): Promise<string> {
  return page.evaluate(() => {
    const sel = getSelection()!;
    const block = (sel.focusNode!.nodeType === 1 ? sel.focusNode as Element : sel.focusNode!.parentElement!).closest('p')!;
    const range = document.createRange();
    range.setStart(block, 0);
    range.setEnd(sel.focusNode!, sel.focusOffset);
    return range.toString();
  });
}

/** The stored document's changes, read from the server. */
async function storedChanges() {
  return listChanges(schema.nodeFromJSON(JSON.parse(await serverContent(server.url, id))));
}

/** A paste at the editor's selection, as the browser delivers it: HTML and plain text on the clipboard. */
function paste(page: Page, html: string, text: string): Promise<void> {
  return page.evaluate(([html, text]) => {
    const data = new DataTransfer();
    data.setData('text/html', html);
    data.setData('text/plain', text);
    document.querySelector('.ProseMirror')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, [html, text] as const);
}

function card(page: Page, text: string) {
  return page.locator('.changes-panel .change-card', { hasText: text }).first();
}

describe('tracked changes UI', () => {
  it('records a drafter’s typing, deletions, split and paste as her suggestions', async () => {
    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, id);
    const anna = server.ids.anna;

    // Track mode is on and a drafter cannot turn it off.
    const toggle = page.locator('.toolbar .track-toggle');
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    expect(await toggle.isDisabled()).toBe(true);
    expect(await toggle.getAttribute('title')).toMatch(/Only coordinators/);
    await page.locator('.ProseMirror').focus();
    await page.keyboard.press('Control+Shift+E');
    expect(await toggle.getAttribute('aria-checked')).toBe('true');

    // Typing.
    await cursorAtEndOf(page, '.item', 'integration of telecommunications and the Internet;');
    await page.keyboard.type(' TYPED-BY-ANNA');
    // Backspace three times: "et," of "Internet," is struck through, then typing at its edge stays outside it.
    await cursorAtEndOf(page, '.item', 'the progress made in providing multilingualism on the Internet,');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');
    const item = page.locator('.ProseMirror .item', { hasText: 'providing multilingualism' }).first();
    await expect.poll(() => item.locator('del').allTextContents().then((t) => t.join(''))).toBe('et,');
    await page.keyboard.type('X');
    await expect.poll(() => item.locator('ins').allTextContents()).toEqual(['X']);
    expect(await item.locator('del').allTextContents().then((t) => t.join(''))).toBe('et,');
    // ArrowRight steps over the whole deleted run at once.
    expect(await textBeforeCursor(page)).toMatch(/InternX$/);
    await page.keyboard.press('ArrowRight');
    expect(await textBeforeCursor(page)).toMatch(/InternXet,$/);
    await page.keyboard.press('ArrowLeft');
    expect(await textBeforeCursor(page)).toMatch(/InternX$/);

    // A selection deleted.
    await selectText(page, '.item', 'the significant progress');
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.ProseMirror del', { hasText: 'the significant progress' }).count()).toBe(1);

    // Enter splits a paragraph: the new paragraph mark is Anna's insertion, with a change bar in her colour.
    await cursorAfter(page, 'p', 'greater collaboration and coordination between ITU and relev');
    await page.keyboard.press('Enter');
    const split = page.locator('.ProseMirror p[data-track~="insertion:suggested"]').first();
    await split.waitFor();
    expect(await split.textContent()).toMatch(/greater collaboration and coordination between ITU and relev$/);
    expect(await split.locator('ins, del').count()).toBe(0);
    expect(await split.getAttribute('data-change-author')).toBe(anna);
    // her colour: a member's own (client/app/user.ts), as her avatar shows it
    const members = await (await apiAs(server.url, 'anna'))(`/api/documents/${id}/members`).then((res) => res.json() as Promise<{ members: { id: string }[] }>);
    expect(await split.evaluate((el) => getComputedStyle(el).getPropertyValue('--author-color').trim())).toBe(assignColors(members.members.map((m) => m.id)).get(anna));
    // Pointing at the change bar tells what it is.
    const box = (await split.boundingBox())!;
    await page.mouse.move(box.x - 6, box.y + 4);
    const barPopover = page.locator('.change-popover');
    await barPopover.waitFor();
    expect(await barPopover.locator('.change-kind').textContent()).toBe('New paragraph');
    expect(await barPopover.locator('.author-name').textContent()).toBe('anna.schmidt');
    await page.mouse.move(box.x - 6, box.y - 40); // still in the editor, off the bar

    await barPopover.waitFor({ state: 'detached' });

    // A paste (HTML on the clipboard).
    await cursorAtEndOf(page, '.item', 'that ITU enjoys close cooperation with both WIPO and UNESCO;');
    await paste(page, '<p>PASTED <em>TEXT</em></p>', 'PASTED TEXT');
    await expect.poll(() => page.locator('.ProseMirror ins', { hasText: 'PASTED' }).count()).toBeGreaterThan(0);


    // Every mark is Anna's suggestion; the server has them all.
    const all = await marks(page);
    expect(all.every((m) => m.author === anna && m.status === 'suggested')).toBe(true);
    expect(all.filter((m) => m.tag === 'ins').map((m) => m.text).join('|')).toMatch(/ TYPED-BY-ANNA\|X\|PASTED ?\|?TEXT/);
    await expect.poll(async () => (await storedChanges()).map((c) => c.text).join('|')).toContain('the significant progress');
    const stored = await storedChanges();
    expect(new Set(stored.map((c) => c.author))).toEqual(new Set([anna]));

    // The panel groups them under the proposal, with Anna's count; a drafter may only reject her own.
    await expect.poll(() => page.locator('.changes-panel .change-card').count()).toBe(stored.length);
    expect(await page.locator('.changes-panel .change-group h3').allTextContents()).toEqual(['MOD EUR/48A1/1']);
    expect(await page.locator('.changes-panel .author-row .changes-count').allTextContents()).toEqual([String(stored.length)]);
    await expect.poll(() => page.locator('.changes-panel button[data-action=agree], .changes-panel button[data-action=accept]').count()).toBe(0);
    expect(await card(page, 'TYPED-BY-ANNA').locator('button[data-action=reject]').isEnabled()).toBe(true);

    // She takes back a suggestion of hers from the panel; the server accepts that.
    await cursorAtEndOf(page, '.item', 'to report annually to the ITU Council');
    await page.keyboard.type(' SECOND-THOUGHTS');
    await expect.poll(() => serverText(server.url, id)).toContain('SECOND-THOUGHTS');
    await card(page, 'SECOND-THOUGHTS').locator('button[data-action=reject]').click();
    await expect.poll(() => serverText(server.url, id)).not.toContain('SECOND-THOUGHTS');
    expect(await page.locator('.connection').getAttribute('data-status')).toBe('online');

    // Hovering a deletion shows who and when, and only "Reject" for her.
    await page.locator('.ProseMirror del', { hasText: 'the significant progress' }).hover();
    const popover = page.locator('.change-popover');
    await popover.waitFor();
    expect(await popover.locator('.author-name').textContent()).toBe('anna.schmidt');
    expect(await popover.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await popover.locator('button').allTextContents()).toEqual(['Reject']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets the coordinator reject, accept and agree from the panel and the popover', async () => {
    const context = await userContext(browser, server.url, 'carla');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, id);
    const anna = server.ids.anna;
    await page.locator('.changes-panel .change-card').first().waitFor();

    // Reject Anna's typing from the panel: the text is gone, here and on the server.
    await card(page, 'TYPED-BY-ANNA').locator('button[data-action=reject]').click();
    await expect.poll(() => page.locator('.ProseMirror', { hasText: 'TYPED-BY-ANNA' }).count()).toBe(0);
    await expect.poll(() => serverText(server.url, id)).not.toContain('TYPED-BY-ANNA');
    expect(await serverText(server.url, id)).toContain('integration of telecommunications and the Internet;\n');

    // Accept her deletion: the words leave the text for good.
    await card(page, 'the significant progress').locator('button[data-action=accept]').click();
    await expect.poll(() => serverText(server.url, id)).not.toContain('the significant progress');
    expect(await page.locator('.ProseMirror del', { hasText: 'the significant progress' }).count()).toBe(0);

    // Clicking a change selects it in the editor.
    await card(page, 'PASTED').locator('.change-main').click();
    expect(await page.evaluate(() => getSelection()!.toString())).toBe('PASTED TEXT');
    // the panel follows the editor when the browser is idle (client/editor/idle-value.ts)
    await expect.poll(() => card(page, 'PASTED').getAttribute('class')).toMatch(/\bcurrent\b/);

    // Hovering shows author, time and all three actions for the coordinator.
    await page.locator('.ProseMirror ins', { hasText: 'X' }).first().hover();
    const popover = page.locator('.change-popover');
    await popover.waitFor();
    expect(await popover.locator('.author-name').textContent()).toBe('anna.schmidt');
    expect(await popover.locator('button').allTextContents()).toEqual(['Agree', 'Reject', 'Accept']);

    // Bulk: agree to everything of Anna's.
    const left = (await storedChanges()).length;
    mkdirSync('test-results', { recursive: true });
    await page.mouse.move(5, 500);
    await popover.waitFor({ state: 'detached' });
    await page.screenshot({ path: 'test-results/review-panel.png' });
    await page.locator(`.changes-panel .author-row[data-author="${anna}"] button[data-action=agree]`).click();
    await expect.poll(async () => (await storedChanges()).map((c) => c.status)).toEqual(Array(left).fill('agreed'));
    expect((await marks(page)).every((m) => m.status === 'agreed')).toBe(true);
    await expect.poll(() => page.locator('.changes-panel .change-card[data-status=suggested]').count()).toBe(0);

    // The status filter hides the agreed ones.
    await page.selectOption('.changes-panel select', 'suggested');
    await expect.poll(() => page.locator('.changes-panel .change-card').count()).toBe(0);
    await page.selectOption('.changes-panel select', 'all');
    await expect.poll(() => page.locator('.changes-panel .change-card').count()).toBe(left);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('gives the coordinator the track-mode switch and change navigation on the keyboard', async () => {
    const context = await userContext(browser, server.url, 'carla');
    const page = await context.newPage();
    await openEditor(page, server.url, id);
    const toggle = page.locator('.toolbar .track-toggle');
    expect(await toggle.isDisabled()).toBe(false);

    await cursorAtEndOf(page, '.item', 'the role of ITU to assist its membership');
    await page.keyboard.press('Control+Shift+E');
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
    await page.keyboard.type(' PLAIN');
    await expect.poll(() => serverText(server.url, id)).toContain(' PLAIN');
    expect(await page.locator('.ProseMirror ins', { hasText: 'PLAIN' }).count()).toBe(0);
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    await page.keyboard.type(' TRACKED');
    await expect.poll(() => page.locator('.ProseMirror ins', { hasText: 'TRACKED' }).count()).toBe(1);

    // Next / previous change: from the top, the first change in the document, then back round to the last.
    await cursorAtStartOf(page, 'p', '');
    const changes = (await storedChanges()).filter((c) => c.kind !== 'attribute');
    await page.keyboard.press('Control+Alt+BracketRight');
    await expect.poll(() => page.locator('.changes-panel .change-card.current').getAttribute('data-change-id')).toBe(changes[0].id);
    await page.keyboard.press('Control+Alt+BracketLeft');
    await expect.poll(() => page.locator('.changes-panel .change-card.current').getAttribute('data-change-id')).toBe(changes[changes.length - 1].id);
    await page.click('.changes-panel [data-command=next-change]');
    await expect.poll(() => page.locator('.changes-panel .change-card.current').getAttribute('data-change-id')).toBe(changes[0].id);
    await context.close();
  });

  it('shows an observer the changes and the track-mode state, without review buttons', async () => {
    const context = await userContext(browser, server.url, 'olga');
    const page = await context.newPage();
    await openEditor(page, server.url, id);
    await page.locator('.changes-panel .change-card').first().waitFor();
    const toggle = page.locator('.toolbar .track-toggle');
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    expect(await toggle.isDisabled()).toBe(true);
    await expect.poll(() => page.locator('.changes-panel button[data-action]').count()).toBe(0);
    await context.close();
  });

  it('filters by author, and reviews the changes in the selection and a whole proposal', async () => {
    const context = await userContext(browser, server.url, 'carla');
    const page = await context.newPage();
    await openEditor(page, server.url, id);
    const carla = server.ids.carla;
    const total = (await storedChanges()).length;
    expect((await storedChanges()).filter((c) => c.author === carla).map((c) => c.text)).toEqual([' TRACKED']);
    await page.waitForFunction((n) => document.querySelectorAll('.changes-panel .change-card').length === n, total);

    // Only Anna's: Carla's change is hidden, the count says so.
    await page.locator(`.changes-panel .author-row[data-author="${carla}"] input[type=checkbox]`).uncheck();
    await expect.poll(() => page.locator('.changes-panel .change-card').count()).toBe(total - 1);
    expect(await page.locator(`.changes-panel .change-card[data-author="${carla}"]`).count()).toBe(0);
    expect(await page.textContent('.changes-panel [data-testid=changes-count]')).toBe(`${total - 1} of ${total}`);
    await page.locator(`.changes-panel .author-row[data-author="${carla}"] input[type=checkbox]`).check();

    // The selection: reject what lies in it.
    await selectText(page, '.item', 'TRACKED');
    const inSelection = page.locator('.changes-panel .bulk-bar[data-scope=selection]');
    await inSelection.waitFor();
    await inSelection.locator('button[data-action=reject]').click();
    await expect.poll(() => serverText(server.url, id)).not.toContain('TRACKED');

    // The whole proposal: accept everything into the text.
    const group = page.locator('.changes-panel .change-group[data-ref="EUR/48A1/1"]');
    await group.locator('.change-group-head').hover();
    await group.locator('.change-group-head button[data-action=accept]').click();
    await expect.poll(async () => (await storedChanges()).length).toBe(0);
    expect(await page.locator('.ProseMirror ins, .ProseMirror del, .ProseMirror [data-track]').count()).toBe(0);
    expect(await page.textContent('.changes-panel .changes-empty')).toMatch(/No tracked changes/);
    expect(await serverText(server.url, id)).toContain('providing multilingualism on the InternX\n');
    await context.close();
  });

  it('keeps the rest of an item an item when paragraphs are pasted into its middle', async () => {
    const own = await createDocument(server.url, 'Paste into an item', (await importFixture('pp18-ecp1-res133-mod.txt')).toJSON());
    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    await openEditor(page, server.url, own);
    await cursorAfter(page, '.item', 'that ITU enjoys close ');
    await paste(page, '<p>FIRST PASTED</p><p>SECOND PASTED</p>', 'FIRST PASTED\n\nSECOND PASTED');
    const tail = page.locator('.ProseMirror p', { hasText: 'SECOND PASTED' });
    await tail.waitFor();
    expect(await tail.evaluate((el) => el.classList.contains('item'))).toBe(true);
    expect(await tail.textContent()).toMatch(/^SECOND PASTEDcooperation with both WIPO and UNESCO;$/);
    expect(await page.locator('.ProseMirror .item', { hasText: 'FIRST PASTED' }).textContent()).toMatch(/that ITU enjoys close FIRST PASTED$/);
    await context.close();
  });
});
