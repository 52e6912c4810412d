// Importing real text extractions in Chromium as a new user would, through "Import…" on the
// document list: the TSAG mapping's tables written one cell per line arrive as tables, and a file
// with conversion debris shows the import report with a link to the new document.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { pageErrors, type TestServer, userContext, useServerAndBrowser, fixturePath } from './harness';


let server: TestServer;
let browser: Browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

describe('Import… of text extractions', () => {
  it('brings the TSAG mapping in with its cover table, Table 1 and Table 2 as tables', async () => {
    const context = await userContext(browser, server.url, 'carla');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(server.url);
    await page.waitForSelector('.documents-page .import-document');
    await page.setInputFiles('input[aria-label="Import a file as a new document"]', fixturePath('tsag-mapping-excerpt.txt'));
    await page.waitForURL(/\/d\/[^/]+$/);
    await page.waitForSelector('.editor-page[data-synced=true]');
    await page.waitForSelector('.ProseMirror table');
    const tables = await page.$$eval('.ProseMirror table', (els) => els.map((t) => Array.from(t.querySelectorAll('tr')).map((tr) =>
      Array.from(tr.querySelectorAll('td, th')).map((td) => Array.from(td.querySelectorAll('p')).map((p) => p.textContent ?? '')))));
    expect(tables.map((rows) => [rows.length, Math.max(...rows.map((r) => r.length))])).toEqual([[2, 2], [14, 5], [10, 4]]);
    expect(tables[1].find((row) => row[0][0] === 'Regional presence')![1]).toEqual(['PP Res.25', 'PP Res.123']);
    expect(tables[2][8][1][0]).toBe('RESOLUTION 29 (Rev. Hammamet, 2016)');
    expect(await page.$$('.ProseMirror .resolution')).toHaveLength(0);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/import-tsag-tables.png', fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows what the import dropped and inferred, then opens the document', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'draftroom-import-'));
    const file = join(dir, 'ecp-debris.txt');
    writeFileSync(file, [
      'ECP-1:\tRevision to Resolution 1: First', 'RESOLUTION 1 (Rev. Busan, 2014) HYPERLINK "https://www.itu.int/x"', 'First', 'Reasons:\tOne.', '* * *',
      'MOD\tEUR/48A1/2', 'RESOLUTION 2 (Rev. Busan, 2014)', 'Second', 'Reasons:\tTwo.', '\uf0b7 www.itu.int/pp \uf0b7', 'image1.png',
    ].join('\n'));
    const context = await userContext(browser, server.url, 'carla');
    const page = await context.newPage();
    const errors = pageErrors(page);
    try {
      await page.goto(server.url);
      await page.waitForSelector('.documents-page .import-document');
      await page.setInputFiles('input[aria-label="Import a file as a new document"]', file);
      await page.waitForSelector('.import-report');
      expect(await page.textContent('.import-report')).toBe(
        'Imported “ecp-debris.txt”: dropped 1 field code, 1 page footer, 1 image file name; '
        + 'inferred 1 reference number from the serial order of the neighbouring proposals: EUR/48A1/1 (ECP-1: Revision to Resolution 1: First). Open it',
      );
      await page.click('.import-report a');
      await page.waitForURL(/\/d\/[^/]+$/);
      await page.waitForSelector('.ProseMirror .proposal[data-ref="EUR/48A1/1"] .resolution[data-number="1"]');
      expect(await page.textContent('.ProseMirror')).not.toMatch(/HYPERLINK|image1|\uf0b7/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
