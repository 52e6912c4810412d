// Word's markup views in the editor: All markup, Simple markup (final text, change bars), No markup
// (as if all accepted) and Original (as if all rejected), switched without changing the document.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiAs, createDocument, cursorAtEndOf, openEditor, pageErrors, selectText, serverContent, userContext, type TestServer, useServerAndBrowser } from './harness';
import { block, coverDoc } from '../doc-json';

let server: TestServer;
let browser: Browser;
useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const ITEM = 'the outcomes of both phases of the World Summit';

/** What the reader sees of the first item containing `text` (innerText leaves out hidden text). */
const seen = (page: Page, text: string) => page.locator('.ProseMirror .item', { hasText: text }).first().evaluate((el) => (el as HTMLElement).innerText);
const bar = (page: Page, text: string) => page.locator('.ProseMirror .item', { hasText: text }).first().evaluate((el) => getComputedStyle(el).boxShadow);
const show = (page: Page, mode: string) => page.selectOption('select.markup-select', mode);

describe('markup views', () => {
  it('shows all markup, simple markup, no markup and the original without changing the document', async () => {
    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, 'demo');

    await cursorAtEndOf(page, '.item', ITEM);
    await page.keyboard.type(' ADDED-WORDS');
    await selectText(page, '.item', 'both phases of ');
    await page.keyboard.press('Backspace');
    await cursorAtEndOf(page, '.item', 'UNGA Resolution 70/1');
    await page.keyboard.press('Enter');
    await page.keyboard.type('NEW-PARAGRAPH');
    await page.locator('.ProseMirror ins', { hasText: 'NEW-PARAGRAPH' }).waitFor();
    await expect.poll(() => serverContent(server.url, 'demo')).toContain('NEW-PARAGRAPH');
    const stored = await serverContent(server.url, 'demo');
    const changes = await page.locator('.changes-panel .change-card').count();

    // All markup: both texts, underlined and struck through.
    expect(await seen(page, ITEM.slice(0, 16))).toMatch(/both phases .*ADDED-WORDS/);
    expect(await page.locator('.ProseMirror del', { hasText: 'both phases' }).evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('line-through');
    expect(await bar(page, 'ADDED-WORDS')).toBe('none');

    // Simple markup: the final text, plain, with a bar beside the changed paragraph.
    await show(page, 'simple');
    expect(await seen(page, 'ADDED-WORDS')).toBe('a)\tthe outcomes of the World Summit on the Information Society (WSIS); ADDED-WORDS');
    expect(await page.locator('.ProseMirror ins', { hasText: 'ADDED-WORDS' }).evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('none');
    expect(await bar(page, 'ADDED-WORDS')).not.toBe('none');

    // No markup: the final text and no bars.
    await show(page, 'final');
    expect(await seen(page, 'ADDED-WORDS')).toBe('a)\tthe outcomes of the World Summit on the Information Society (WSIS); ADDED-WORDS');
    expect(await bar(page, 'ADDED-WORDS')).toBe('none');
    expect(await page.locator('.ProseMirror .item', { hasText: 'NEW-PARAGRAPH' }).isVisible()).toBe(true);

    // Original: as if all were rejected; the new paragraph is gone, and nothing can be typed.
    await show(page, 'original');
    expect(await seen(page, ITEM.slice(0, 16))).toBe(`a)\t${ITEM} on the Information Society (WSIS);`);
    expect(await page.locator('.ProseMirror .item', { hasText: 'NEW-PARAGRAPH' }).isVisible()).toBe(false);
    expect(await page.getAttribute('.ProseMirror', 'contenteditable')).toBe('false');

    // Back to all markup: editable again, and the document never changed.
    await show(page, 'all');
    expect(await page.getAttribute('.ProseMirror', 'contenteditable')).toBe('true');
    expect(await seen(page, 'ADDED-WORDS')).toMatch(/both phases .*ADDED-WORDS/);
    await expect.poll(() => page.locator('.changes-panel .change-card').count()).toBe(changes);
    expect(await serverContent(server.url, 'demo')).toBe(stored);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows in Original the formatting before a tracked formatting change, and no unit added', async () => {
    const id = await createDocument(server.url, 'Formatting', coverDoc(
      block('paragraph', 'Bold here, underline there and plain elsewhere.'),
      block('paragraph', 'Already strong words stay.'),
    ));
    const api = await apiAs(server.url, 'anna');
    const added = await api(`/api/documents/${id}/proposals`, { method: 'POST', body: { action: 'MOD', ref: '', index: 3 } });
    expect(added.status).toBe(201);
    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, id);
    const unit = page.locator('.ProseMirror .proposal[data-action=MOD]');
    await unit.waitFor();

    await selectText(page, 'p', 'Bold here');
    await page.keyboard.press('Control+b');
    await selectText(page, 'p', 'underline there');
    await page.keyboard.press('Control+u');
    await page.locator('.ProseMirror .format-change', { hasText: 'underline there' }).waitFor();
    // both formatting changes stored (a key's update reaches the server after the frame that shows it)
    await expect.poll(async () => (await serverContent(server.url, id)).match(/"before":\[\]/g)?.length ?? 0).toBe(2);
    const stored = await serverContent(server.url, id);

    /** The visible text of the first paragraph drawn bold, and drawn underlined (a decoration of an ancestor counts). */
    const looks = () => page.locator('.ProseMirror > p').first().evaluate((p) => {
      const bold: string[] = [], underlined: string[] = [];
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const el = t.parentElement!;
        if (!el.getClientRects().length || !t.textContent!.trim()) continue;
        if (Number(getComputedStyle(el).fontWeight) >= 600) bold.push(t.textContent!);
        for (let a: Element | null = el; a && a !== p; a = a.parentElement) {
          if (getComputedStyle(a).textDecorationLine.includes('underline')) { underlined.push(t.textContent!); break; }
        }
      }
      return { bold, underlined, text: (p as HTMLElement).innerText };
    });

    expect(await looks()).toEqual({ bold: ['Bold here'], underlined: ['underline there'], text: 'Bold here, underline there and plain elsewhere.' });
    await show(page, 'original');
    expect(await looks()).toEqual({ bold: [], underlined: [], text: 'Bold here, underline there and plain elsewhere.' });
    // a unit added (one unit record, not yet reviewed) is not in the original text
    expect(await unit.isVisible()).toBe(false);
    await show(page, 'final');
    expect(await looks()).toEqual({ bold: ['Bold here'], underlined: ['underline there'], text: 'Bold here, underline there and plain elsewhere.' });
    expect(await unit.isVisible()).toBe(true);
    await show(page, 'all');
    expect(await looks()).toEqual({ bold: ['Bold here'], underlined: ['underline there'], text: 'Bold here, underline there and plain elsewhere.' });
    expect(await serverContent(server.url, id)).toBe(stored);
    expect(errors).toEqual([]);
    await context.close();
  });
});
