// The editor in Chromium against the real server: the demo document, typing in a resolution, the
// toolbar's proposal dialog, item keys, the proposal header, and how the page looks.
import { mkdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { PASSWORD, cursorAtEndOf, selectText, openEditor, pageErrors, serverContent, serverText, userContext, type TestServer, useServerAndBrowser } from './harness';

let server: TestServer;
let browser: Browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

describe('the editor of the demo document', () => {
  it('signs in, then shows the demo as an ITU document', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(`${server.url}/d/demo`);
    await page.fill('.sign-in input[name=name]', 'anna.schmidt');
    await page.fill('.sign-in input[name=password]', 'not her password');
    await page.click('.sign-in button[type=submit]');
    expect(await page.textContent('.sign-in [role=alert]')).toBe('wrong name or password');
    await page.fill('.sign-in input[name=password]', PASSWORD);
    await page.click('.sign-in button[type=submit]');
    await page.waitForSelector('.editor-page[data-synced=true]');
    expect(await page.getAttribute('.avatar', 'data-name')).toBe('anna.schmidt');
    expect(await page.textContent('.avatar')).toBe('AS');
    expect(await page.textContent('.connection')).toBe('Online');

    const units = await page.$$eval('.ProseMirror .proposal', (els) => els.map((el) => ({
      action: (el.querySelector('.proposal-action') as HTMLSelectElement).value,
      ref: (el.querySelector('.proposal-ref') as HTMLInputElement).value,
    })));
    expect(units).toEqual([
      { action: 'MOD', ref: 'EUR/XXA1/1' }, { action: 'SUP', ref: 'EUR/XXA1/2' }, { action: 'ADD', ref: 'EUR/XXA1/3' },
    ]);
    // The look: serif body, bold centred number line, italic call headings, hanging items, bold Reasons label.
    const look = await page.evaluate(() => {
      const style = (sel: string) => getComputedStyle(document.querySelector(`.ProseMirror ${sel}`)!);
      const item = style('.item');
      return {
        font: style('.item').fontFamily, size: style('.item').fontSize,
        numberLine: [style('.number-line').fontWeight, style('.number-line').textAlign],
        callHeading: style('.call-heading').fontStyle,
        hanging: [item.paddingLeft, item.textIndent],
        reasons: getComputedStyle(document.querySelector('.ProseMirror .reasons')!, '::before').content,
        actionAboveText: document.querySelector('.proposal .action-line')!.getBoundingClientRect().bottom <= document.querySelector('.proposal .number-line')!.getBoundingClientRect().top,
      };
    });
    expect(look.font).toMatch(/Times New Roman/);
    expect(look.size).toBe('16px');
    // the ITU number line is regular (the title is bold), as in the .docx export (looks.ts)
    expect(look.numberLine).toEqual(['400', 'center']);
    expect(look.callHeading).toBe('italic');
    expect(parseFloat(look.hanging[0])).toBe(-parseFloat(look.hanging[1]));
    expect(look.reasons).toBe('"Reasons:"');
    expect(look.actionAboveText).toBe(true);
    expect(await page.textContent('.ProseMirror .resolution .number-line')).toBe('RESOLUTION 30 (Rev. Kigali, 2022)');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('types into a resolution and the server stores it', async () => {
    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, 'demo');
    // The fixture writes CWG\u2011WSIS with a non-breaking hyphen, as the ITU's Word file does.
    await cursorAtEndOf(page, '.resolution .item', '3\tto submit contributions to CWG\u2011WSIS&SDG.');
    await page.keyboard.type(' and to report on progress');
    await expect.poll(() => page.locator('.ProseMirror .resolution .item', { hasText: 'and to report on progress' }).textContent())
      .toBe('3\tto submit contributions to CWG\u2011WSIS&SDG. and to report on progress');
    await expect.poll(() => serverText(server.url, 'demo')).toContain('CWG\u2011WSIS&SDG. and to report on progress');
    // Track mode is on: what Anna typed is her suggested insertion, in her colour.
    const ins = page.locator('.ProseMirror ins', { hasText: 'and to report on progress' });
    expect(await ins.textContent()).toBe(' and to report on progress');
    expect(await ins.getAttribute('data-author')).toBe(server.ids.anna);
    expect(await ins.getAttribute('data-status')).toBe('suggested');
    expect(await ins.evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('underline');

    // Enter in an item makes the next item with the next label; Tab moves it in a level.
    await page.keyboard.press('Enter');
    await page.keyboard.type('to publish the results');
    const added = page.locator('.ProseMirror .item', { hasText: 'to publish the results' });
    expect(await added.textContent()).toBe('4\tto publish the results');
    await page.keyboard.press('Tab');
    expect(await added.getAttribute('data-level')).toBe('1');
    await page.keyboard.press('Shift+Tab');
    expect(await added.getAttribute('data-level')).toBe('0');

    // Per-user undo takes the new item away again.
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.ProseMirror .item', { hasText: 'to publish the results' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('inserts a proposal unit through the toolbar, numbered next', async () => {
    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, 'demo');
    await cursorAtEndOf(page, '.reasons', 'With the decisions taken at WRC-15');
    // the toolbar follows the editor when the browser is idle: asked until it shows
    await expect.poll(() => page.inputValue('select[aria-label="Action of the current proposal"]')).toBe('SUP');
    await page.click('.toolbar button[data-command=proposal]');
    await page.waitForSelector('.proposal-dialog');
    expect(await page.inputValue('.proposal-dialog input[name=ref]')).toBe('EUR/XXA1/4');
    await page.check('.proposal-dialog input[value=ADD]');
    await page.fill('.proposal-dialog input[name=heading]', 'ECP-7: New Resolution on digital inclusion');
    await page.click('.proposal-dialog button[type=submit]');
    await page.waitForSelector('.proposal-dialog', { state: 'detached' });
    await page.keyboard.type('Europe proposes a new resolution.');

    const unit = page.locator('.ProseMirror .proposal[data-ref="EUR/XXA1/4"]');
    expect(await unit.getAttribute('data-action')).toBe('ADD');
    expect(await unit.locator('.proposal-heading').inputValue()).toBe('ECP-7: New Resolution on digital inclusion');
    expect(await unit.locator('.proposal-body p').first().textContent()).toBe('Europe proposes a new resolution.');
    // It follows the SUP unit the cursor was in.
    const refs = await page.$$eval('.ProseMirror .proposal', (els) => els.map((el) => (el as HTMLElement).dataset.ref));
    expect(refs.indexOf('EUR/XXA1/4')).toBe(refs.indexOf('EUR/XXA1/2') + 1);

    // Reasons are there already, so the toolbar's Reasons is off; the action changes from the toolbar.
    await expect.poll(() => page.isDisabled('.toolbar button[data-command=reasons]')).toBe(true);
    await page.selectOption('select[aria-label="Action of the current proposal"]', 'ADD*');
    expect(await unit.getAttribute('data-action')).toBe('ADD*');
    // And from the unit's own header: the reference is editable.
    await unit.locator('.proposal-ref').fill('EUR/XXA1/9');
    await unit.locator('.proposal-ref').press('Enter');
    await page.waitForSelector('.ProseMirror .proposal[data-ref="EUR/XXA1/9"]');
    await expect.poll(() => serverContent(server.url, 'demo')).toMatch(/"action":"ADD\*","ref":"EUR\/XXA1\/9","heading":"ECP-7: New Resolution on digital inclusion"/);

    mkdirSync('test-results', { recursive: true });
    await page.locator('.ProseMirror .proposal[data-ref="EUR/XXA1/9"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/editor-new-proposal.png' });
    expect(statSync('test-results/editor-new-proposal.png').size).toBeGreaterThan(20_000);
    expect(errors).toEqual([]);
    await context.close();
  });

  // As the coordinator: a drafter's formatting is an untracked change, which the server refuses
  // until formatting changes are tracked (the `formatChange` mark).
  it('formats with shortcuts and the toolbar, and links a selection', async () => {
    const context = await userContext(browser, server.url, 'carla');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, 'demo');
    await selectText(page, '.item', 'Agenda for Sustainable Development;');
    await page.keyboard.press('Control+b');
    await page.waitForSelector('.ProseMirror .item strong:text-is("Agenda for Sustainable Development;")');
    // the toolbar follows the editor after its frame (a transition), not in it
    await expect.poll(() => page.getAttribute('.toolbar button[data-command=strong]', 'aria-pressed')).toBe('true');
    await page.keyboard.press('Control+i');
    await page.waitForSelector('.ProseMirror .item strong em:text-is("Agenda for Sustainable Development;"), .ProseMirror .item em strong:text-is("Agenda for Sustainable Development;")');
    await page.click('.toolbar button[data-command=em]');
    await page.waitForSelector('.ProseMirror .item em', { state: 'detached' });

    await selectText(page, '.item', 'Resolution 37');
    page.once('dialog', (dialog) => void dialog.accept('https://www.itu.int/pub/D-TDC-WTDC-2022'));
    await page.click('.toolbar button[data-command=link]');
    await page.waitForSelector('.ProseMirror a[href="https://www.itu.int/pub/D-TDC-WTDC-2022"]:text-is("Resolution 37")');
    // A javascript: address is refused.
    await selectText(page, '.item', 'Resolution 71');
    page.once('dialog', (dialog) => void dialog.accept('javascript:alert(1)'));
    await page.click('.toolbar button[data-command=link]');
    expect(await page.locator('.ProseMirror a', { hasText: 'Resolution 71' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets an observer read but not change the text', async () => {
    const context = await userContext(browser, server.url, 'olga');
    const page = await context.newPage();
    await openEditor(page, server.url, 'demo');
    expect(await page.textContent('.read-only')).toBe('Read only');
    expect(await page.getAttribute('.ProseMirror', 'contenteditable')).toBe('false');
    expect(await page.isDisabled('.toolbar button[data-command=proposal]')).toBe(true);
    expect(await page.isDisabled('.ProseMirror .proposal-action >> nth=0')).toBe(true);
    const before = await serverText(server.url, 'demo');
    await page.click('.ProseMirror .call-heading >> nth=0');
    const scrolled = () => page.evaluate(() => document.querySelector('.page-scroll')!.scrollTop + document.scrollingElement!.scrollTop);
    const scroll = await scrolled();
    await page.keyboard.type('observer was here');
    expect(await page.locator('.ProseMirror', { hasText: 'observer was here' }).count()).toBe(0);
    // Her typing is answered, not silently dropped, and the space bar did not scroll the page.
    expect(await page.textContent('.read-only-notice')).toMatch(/observer: you can read the document and comment on it, not change its text/);
    expect(await scrolled()).toBe(scroll);
    expect(await serverText(server.url, 'demo')).toBe(before);
    await context.close();
  });

  it('shows footnote numbers per resolution and edits their text in a popover', async () => {
    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    await openEditor(page, server.url, 'demo');
    const footnote = page.locator('.ProseMirror .resolution .footnote').first();
    await footnote.scrollIntoViewIfNeeded();
    expect(await footnote.evaluate((el) => getComputedStyle(el, '::before').content)).toBe('counter(footnote)');
    expect(await footnote.getAttribute('title')).toMatch(/least developed countries/);
    await footnote.click();
    const popover = page.locator('.footnote-popover .ProseMirror');
    await popover.waitFor();
    await popover.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' (see Resolution 11)');
    await expect.poll(() => footnote.getAttribute('title')).toMatch(/\(see Resolution 11\)$/);
    await expect.poll(() => serverText(server.url, 'demo')).toContain('economies in transition. (see Resolution 11)');
    await context.close();
  });
});
