// Exporting from the editor in Chromium: the coordinator's Export dialog checks the document first,
// then downloads the submission .docx the server builds from the stored document; the HTML preview of
// the PP-14 Resolution 64 proposal is printed to PDF and its first page kept under test-results/.
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { importDocument } from '../../shared/import';
import { createDocument, openEditor, pageErrors, userContext, useServerAndBrowser, type TestServer } from './harness';

const RESULTS = resolve('test-results');
const PP14_RES64 = resolve('../shared/fixtures/pp14-wgpl149-res64-mod.md');

let server: TestServer;
let browser: Browser;

mkdirSync(RESULTS, { recursive: true });
useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

function count(xml: string, tag: string): number {
  return xml.match(new RegExp(`<${tag}[ >]`, 'g'))?.length ?? 0;
}

describe('export from the editor', () => {
  it('checks the PP-14 proposal, downloads its submission with the agreed revisions and prints its preview', async () => {
    const doc = await importDocument(readFileSync(PP14_RES64, 'utf8'), { format: 'markdown' });
    const id = await createDocument(server.url, 'PP-14 WG-PL/149', doc.toJSON());
    const context = await userContext(browser, server.url, 'carla');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, id);

    await page.click('.export-button');
    await page.waitForSelector('.export-dialog .export-check');
    const check = await page.textContent('.export-dialog .export-check');
    // The imported marks are agreed changes, so nothing blocks the submission; the SUP unit carries its
    // resolution's text, which lint points out.
    expect(check).not.toMatch(/Error/);
    expect(check).toMatch(/WGPL\/149\/1/);
    expect(await page.isDisabled('.export-dialog button.primary')).toBe(false);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.export-dialog button.primary')]);
    expect(download.suggestedFilename()).toMatch(/submission\.docx$/);
    const file = resolve(RESULTS, 'pp14-res64-submission.docx');
    await download.saveAs(file);
    const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(file)))['word/document.xml']);
    expect(xml).toContain('WGPL/149/2');
    // The cover's own title, and no invented one.
    expect(xml).toContain('SIXTH SERIES OF TEXTS SUBMITTED BY');
    expect(xml).not.toContain('PROPOSALS FOR THE WORK OF THE CONFERENCE');
    // Every imported insertion and deletion of the MOD unit is a Word revision.
    expect(count(xml, 'w:ins')).toBeGreaterThanOrEqual(9);
    expect(count(xml, 'w:del')).toBeGreaterThanOrEqual(7);
    await page.waitForSelector('.export-dialog', { state: 'detached' });

    // The HTML preview opens in a new tab; printed to PDF, its first page is the test's artefact.
    await page.click('.export-button');
    await page.check('.export-dialog input[value=html]');
    const [preview] = await Promise.all([context.waitForEvent('page'), page.click('.export-dialog button.primary')]);
    await preview.waitForURL(/^blob:/);
    await preview.waitForLoadState('load');
    expect(await preview.textContent('body')).toContain('Non-discriminatory access');
    const pdf = resolve(RESULTS, 'pp14-res64-preview.pdf');
    await preview.pdf({ path: pdf, format: 'A4', pageRanges: '1' });
    expect(statSync(pdf).size).toBeGreaterThan(5_000);
    await preview.screenshot({ path: resolve(RESULTS, 'pp14-res64-preview.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('blocks the submission while suggestions are not agreed, and offers to include them', async () => {
    const context = await userContext(browser, server.url, 'carla');
    const page = await context.newPage();
    await openEditor(page, server.url, 'demo');
    await page.click('.ProseMirror .proposal .item');
    await page.keyboard.press('End');
    await page.keyboard.type(' suggested words');
    await page.waitForSelector('.ProseMirror ins[data-status=suggested]');

    await page.click('.export-button');
    await page.waitForSelector('.export-dialog .export-check');
    expect(await page.textContent('.export-dialog .export-check')).toMatch(/not yet agreed: ".*suggested words/);
    expect(await page.isDisabled('.export-dialog button.primary')).toBe(true);
    await page.check('.export-dialog .include-suggested input');
    expect(await page.isDisabled('.export-dialog button.primary')).toBe(false);

    // the review copy shows every change anyway: no such choice there
    await page.check('.export-dialog input[value=review]');
    expect(await page.$('.export-dialog .include-suggested')).toBeNull();
    // the clean copy applies them when asked to
    await page.check('.export-dialog input[value=clean]');
    expect(await page.textContent('.export-dialog .include-suggested')).toMatch(/^Apply the \d+ suggested changes? not yet agreed$/);
    const cleanText = async (apply: boolean) => {
      if (!(await page.$('.export-dialog'))) await page.click('.export-button');
      await page.check('.export-dialog input[value=clean]');
      await page.setChecked('.export-dialog .include-suggested input', apply);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('.export-dialog button.primary')]);
      const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(await download.path())))['word/document.xml']);
      await page.waitForSelector('.export-dialog', { state: 'detached' });
      return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    };
    expect(await cleanText(true)).toContain(' suggested words');
    expect(await cleanText(false)).not.toContain(' suggested words');
    await context.close();
  });

  it('is offered to coordinators only', async () => {
    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    await openEditor(page, server.url, 'demo');
    expect(await page.$('.export-button')).toBeNull();
    await context.close();
  });
});
