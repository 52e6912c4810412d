// The library in Chromium against the real server: a coordinator makes a MOD of Resolution 30 from
// the library (base text untracked, number line moved to the conference drafted for as a tracked
// change), edits it and sees the reference and revision marks; a drafter's SUP is her tracked
// insertion; the relettering offer after Enter in a list; the toolbar's citation update; a
// document imported from a file and a file inserted into a document.
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createDocument, cursorAtEndOf, marked, openEditor, pageErrors, serverContent, type TestServer, userContext, useServerAndBrowser, fixturePath } from './harness';
import { block, coverDoc } from '../doc-json';


let server: TestServer;
let browser: Browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});


describe('new proposal from the library', () => {
  it('a coordinator makes a MOD of Resolution 30: base text untracked, then every edit a revision mark', async () => {
    const id = await createDocument(server.url, 'ECP to WTDC-25', coverDoc(block('paragraph', 'Introduction.')));
    const context = await userContext(browser, server.url, 'carla');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, id);
    await cursorAtEndOf(page, 'p', 'Introduction.');

    await page.click('.toolbar button[data-command=proposal]');
    await page.waitForSelector('.proposal-dialog .base-picker');
    expect(await page.inputValue('.proposal-dialog input[name=ref]')).toBe('EUR/XXA1/1');
    await page.fill('.base-picker input[type=search]', '30');
    await page.waitForSelector('.library-results li[data-number="30"]');
    expect(await page.$$eval('.library-results li', (els) => els.length)).toBe(1);
    await page.fill('.base-picker input[type=search]', 'gender');
    await page.waitForSelector('.library-results li[data-number="55"]');
    await page.fill('.base-picker input[type=search]', '30');
    await page.click('.library-results li[data-number="30"]');
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/library-dialog.png' });
    await page.fill('.proposal-dialog input[name=heading]', 'ECP-1: Revision to Resolution 30');
    await page.click('.proposal-dialog button[type=submit]');

    // The citation offer follows in the message (no dialog opens by itself), with the conference from the cover.
    await page.waitForSelector('.library-message button.offer-citations');
    expect(await page.locator('.citation-dialog').count()).toBe(0);
    await page.click('.library-message button.offer-citations');
    await page.waitForSelector('.citation-dialog');
    expect(await page.inputValue('.citation-dialog input[name=place]')).toBe('Baku');
    expect(await page.inputValue('.citation-dialog input[name=year]')).toBe('2025');
    await page.click('.citation-dialog button[type=submit]');
    await page.waitForSelector('.citation-dialog', { state: 'detached' });

    const unit = '.ProseMirror .proposal[data-ref="EUR/XXA1/1"][data-action=MOD]';
    await page.waitForSelector(`${unit} .resolution[data-number="30"]`);
    expect(await page.textContent(`${unit} .number-line`)).toBe('RESOLUTION 30 (Rev. Kigali, 2022Baku, 2025)');
    // The unit itself is one change of hers to review: "Added MOD Resolution 30 (unit ...)".
    expect(await page.getAttribute(unit, 'data-track')).toBe('insertion:suggested');
    expect(await page.locator('.changes-panel .change-card .change-kind', { hasText: 'Added MOD Resolution 30 (unit EUR/XXA1/1)' }).getAttribute('class')).toContain('kind-insertion');
    expect(await page.locator('.changes-panel .change-card', { hasText: 'Added MOD Resolution 30' }).getAttribute('data-author')).toBe(server.ids.carla);
    // The number line and the conference line move to the conference drafted for.
    expect(await marked(page, unit, 'del')).toEqual(['Kigali, 2022', 'Kigali, 2022']);
    expect(await marked(page, unit, 'ins')).toEqual(['Baku, 2025', 'Baku, 2025']);
    expect(await page.textContent(`${unit} .resolution > p:nth-child(3)`)).toBe('The World Telecommunication Development Conference (Kigali, 2022Baku, 2025),');

    // An edit in the base text is a revision mark of Carla's.
    await cursorAtEndOf(page, '.proposal[data-ref="EUR/XXA1/1"] .res-title', 'Role of the ITU');
    await page.keyboard.type(' and beyond');
    await page.waitForSelector(`${unit} .res-title ins`);
    expect(await marked(page, unit, 'ins')).toEqual(['Baku, 2025', ' and beyond', 'Baku, 2025']);
    await expect.poll(() => serverContent(server.url, id)).toContain(' and beyond');
    const stored = JSON.parse(await serverContent(server.url, id));
    const proposal = stored.content.find((n: { type: string }) => n.type === 'proposal');
    expect(proposal.attrs).toMatchObject({ action: 'MOD', ref: 'EUR/XXA1/1', heading: 'ECP-1: Revision to Resolution 30' });

    mkdirSync('test-results', { recursive: true });
    await page.locator(`${unit} .number-line`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/library-mod-res30.png' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a drafter\'s SUP of Resolution 55 is her tracked insertion, which the server accepts', async () => {
    const id = await createDocument(server.url, 'ECP SUP', coverDoc(block('paragraph', 'Introduction.')));
    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, id);
    await cursorAtEndOf(page, 'p', 'Introduction.');
    await page.keyboard.press('Control+Alt+p');
    await page.check('.proposal-dialog input[value=SUP]');
    await page.fill('.base-picker input[type=search]', 'gender');
    await page.click('.library-results li[data-number="55"]');
    await page.click('.proposal-dialog button[type=submit]');
    await page.waitForSelector('.proposal-dialog', { state: 'detached' });
    const unit = '.ProseMirror .proposal[data-ref="EUR/XXA1/1"][data-action=SUP]';
    await page.waitForSelector(`${unit} .resolution[data-number="55"]`);
    expect(await page.$$eval(`${unit} .resolution > *`, (els) => els.map((el) => el.className))).toEqual(['number-line', 'res-title']);
    expect(await marked(page, `${unit} .number-line`, 'ins')).toEqual(['RESOLUTION 55 (Rev. Kigali, 2022)']);
    await expect.poll(() => serverContent(server.url, id)).toMatch(/"RESOLUTION\s55 \(Rev\. Kigali, 2022\)","marks":\[\{"type":"insertion"/);
    // one card for the whole unit, named as the unit it is
    await expect.poll(() => page.locator('.changes-panel .change-card').count()).toBe(1);
    expect(await page.locator('.changes-panel .change-card .change-kind').textContent()).toBe('Added SUP Resolution 55 (unit EUR/XXA1/1)');
    expect(await page.getAttribute('.connection', 'data-status')).toBe('online');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('relettering and citations in the toolbar', () => {
  it('offers to reletter after Enter in a list, and updates citations on request', async () => {
    const resolution = {
      type: 'resolution', attrs: { kind: 'RESOLUTION', number: '5' },
      content: [
        block('number_line', 'RESOLUTION 5 (Rev. Kigali, 2022)'),
        block('title', 'A test resolution'),
        block('call_heading', 'considering'),
        block('item', 'a)\tfirst, as in Resolution 30 (Rev. Buenos Aires, 2017);'),
        block('item', 'b)\tsecond;'),
        block('item', 'c)\tthird,'),
      ],
    };
    const id = await createDocument(server.url, 'Lists', coverDoc({ type: 'proposal', attrs: { action: 'MOD', ref: 'EUR/XXA1/1' }, content: [resolution, block('reasons', '')] }));
    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, id);
    expect(await page.isDisabled('.toolbar button[data-command=reletter]')).toBe(true);
    expect(await page.$('.reletter-hint')).toBeNull();

    await cursorAtEndOf(page, '.item', 'first, as in');
    await page.keyboard.press('Enter');
    await page.keyboard.type('inserted;');
    await page.waitForSelector('.reletter-hint');
    expect(await page.textContent('.reletter-hint')).toContain('b→c, c→d');
    await expect.poll(() => page.isDisabled('.toolbar button[data-command=reletter]')).toBe(false);
    await page.click('.reletter-hint button.primary');
    await page.waitForSelector('.reletter-hint', { state: 'detached' });
    const items = await page.$$eval('.ProseMirror .item', (els) => els.map((el) => el.textContent));
    expect(items).toEqual(['a)\tfirst, as in Resolution 30 (Rev. Buenos Aires, 2017);', 'b)\tinserted;', 'bc)\tsecond;', 'cd)\tthird,']);
    expect(await marked(page, '.ProseMirror .item', 'del')).toEqual(['b', 'c']);

    // Citations: Resolution 30 moves to its revision in the library; the MOD's number line to Baku, 2025.
    await page.click('.toolbar button[data-command=citations]');
    await page.waitForSelector('.citation-dialog');
    await page.click('.citation-dialog button[type=submit]');
    await page.waitForSelector('.library-message');
    expect(await page.textContent('.library-message')).toContain('Citations updated');
    expect(await marked(page, '.ProseMirror .item', 'del')).toEqual(['Buenos Aires, 2017', 'b', 'c']);
    expect(await marked(page, '.ProseMirror .item', 'ins')).toContain('Kigali, 2022');
    expect(await marked(page, '.ProseMirror .number-line', 'ins')).toEqual(['Baku, 2025']);
    await expect.poll(() => serverContent(server.url, id)).toContain('Baku, 2025');
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/library-reletter-citations.png' });
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('files', () => {
  it('imports a file as a new document from the list, and inserts one into a document', async () => {
    const context = await userContext(browser, server.url, 'carla');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(server.url);
    await page.waitForSelector('.documents-page .import-document');
    await page.setInputFiles('input[aria-label="Import a file as a new document"]', fixturePath('wtdc17-ecp-res30-mod.txt'));
    await page.waitForURL(/\/d\/[^/]+$/);
    await page.waitForSelector('.editor-page[data-synced=true]');
    expect(await page.textContent('.editor-header .document-title')).toBe('wtdc17-ecp-res30-mod');
    await page.waitForSelector('.ProseMirror .proposal[data-ref="ECP/24A5/1"] .resolution[data-number="30"]');

    await cursorAtEndOf(page, '.reasons', 'Update of the Resolution');
    await page.setInputFiles('input[aria-label="Insert from file"]', fixturePath('pp18-ecp6-res185-sup.txt'));
    await page.waitForSelector('.library-message');
    expect(await page.textContent('.library-message')).toMatch(/Inserted \d+ blocks? from “pp18-ecp6-res185-sup.txt”/);
    await page.waitForSelector('.ProseMirror .resolution[data-number="185"]');
    expect(errors).toEqual([]);
    await context.close();
  });
});
