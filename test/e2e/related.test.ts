// The Related tab in Chromium against the real server: Carla (coordinator) adds TSAG's mapping
// excerpt to the library from the tab, Anna (drafter) opens a MOD of PP Resolution 21; with her cursor in it the tab lists the
// WTSA and WTDC resolutions the mapping relates to it, with their extracts; quoting one inserts it
// with its citation as her tracked insertion, which the server keeps. A lookup by Sector and
// number shows a Table 1 row, with a link to a text the library holds. The export's check warns of
// a citation older than the library's revision.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { importDocument } from '../../shared/import';
import { schema } from '../../shared/schema';
import { createDocument, cursorAtEndOf, openEditor, pageErrors, serverContent, type TestServer, userContext, useServerAndBrowser } from './harness';

let server: TestServer;
let browser: Browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const MOD_21 = [
  'Plenipotentiary Conference (PP-26)',
  '',
  'MOD\tEUR/48A1/1',
  'RESOLUTION 21 (Rev. Dubai, 2018)',
  'Measures concerning alternative calling procedures on international telecommunication networks',
  'The Plenipotentiary Conference of the International Telecommunication Union (Dubai, 2018),',
  'recalling',
  'a)\tResolution 5 (Rev. Dubai, 2014) of the World Telecommunication Development Conference, on regional presence,',
  'resolves',
  '1\tto continue work to identify and describe all forms of alternative calling procedures;',
  'Reasons:\tTo align with the Sectors.',
].join('\n');

const MAPPING = fileURLToPath(new URL('../../../shared/fixtures/tsag-mapping-excerpt.txt', import.meta.url));

/** Adds the mapping as Carla over REST (the same source again replaces its rows, so any test may call it). */
async function addMapping(): Promise<void> {
  const context = await userContext(browser, server.url, 'carla');
  const { csrfToken } = (await (await context.request.get(`${server.url}/api/session`)).json()) as { csrfToken: string };
  const res = await context.request.post(`${server.url}/api/library/import?format=text&name=tsag-mapping-excerpt.txt`, {
    headers: { 'x-csrf-token': csrfToken, 'content-type': 'application/octet-stream' }, data: readFileSync(MAPPING),
  });
  if (res.status() !== 201) throw new Error(`adding the mapping: ${res.status()} ${await res.text()}`);
  await context.close();
}

describe('the Related tab', () => {
  it('lists the other Sectors\' resolutions related to the MOD under the cursor, and quotes an extract as a tracked insertion', async () => {
    const doc = await importDocument(MOD_21, { format: 'text' });
    const id = await createDocument(server.url, 'ECP to PP-26', doc.toJSON());

    // Carla (coordinator) finds no mapping yet and adds TSAG's from the tab.
    const carlaContext = await userContext(browser, server.url, 'carla');
    const carla = await carlaContext.newPage();
    await openEditor(carla, server.url, id);
    await cursorAtEndOf(carla, '.res-title', 'Measures concerning');
    await carla.click('#review-tab-related');
    await carla.waitForSelector('.related-empty:has-text("No mapping in the library names this resolution")');
    await carla.screenshot({ path: 'test-results/related-empty.png' });
    await carla.setInputFiles('.related-import input', MAPPING);
    await carla.waitForSelector('.related-notice:has-text("tsag-mapping-excerpt.txt: 22 mapping rows")');
    await carla.waitForSelector('.related-card[data-ref="WTSA 29"]');
    // The export's check warns of the MOD's citation of WTDC Resolution 5 by an older revision than the library's (Kigali, 2022).
    await carla.click('.export-button');
    await carla.waitForSelector('text=cites WTDC Res.5 (Rev. Dubai, 2014); the library\'s newest is Kigali, 2022');
    await carlaContext.close();
    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, id);
    await cursorAtEndOf(page, '.res-title', 'Measures concerning');
    await page.click('#review-tab-related');

    await page.waitForSelector('.related-card[data-ref="WTSA 29"]');
    expect(await page.textContent('.related-head')).toContain('PP Resolution 21');
    expect(await page.textContent('.related-head')).toContain('Subject: Alternative calling procedures');
    const groups = await page.$$eval('.related-group', (els) => els.map((g) => [
      g.querySelector('h3')!.textContent, [...g.querySelectorAll('.related-card')].map((c) => c.getAttribute('data-ref')),
    ]));
    expect(groups).toEqual([['ITU-T (WTSA)', ['WTSA 20', 'WTSA 29', 'WTSA 65']], ['ITU-D (WTDC)', ['WTDC 22']]]);
    const card29 = page.locator('.related-card[data-ref="WTSA 29"]');
    expect(await card29.locator('.related-ref').textContent()).toBe('WTSA Res.29 (Rev. Hammamet, 2016)');
    expect(await card29.locator('.related-title').textContent()).toBe('Alternative calling procedures on international telecommunication networks');
    const extracts = await card29.locator('.related-extracts li span').allTextContents();
    expect(extracts[0]).toBe('instructs the Director of the Telecommunication Standardization Bureau');
    expect(extracts[1]).toMatch(/^to continue to cooperate with the Director of the Telecommunication Development Bureau/);
    await page.screenshot({ path: 'test-results/related-tab.png' });

    // Quote the operative extract: a new paragraph after the title, her insertion, with its citation.
    await card29.locator('.related-extracts li').nth(1).locator('button.related-quote').click();
    await page.waitForSelector('.related-notice');
    const inserted = page.locator('.ProseMirror .resolution ins', { hasText: 'to continue to cooperate' });
    await inserted.first().waitFor();
    const quoted = await page.locator('.ProseMirror .resolution > p', { hasText: 'to continue to cooperate' }).first().textContent();
    expect(quoted).toMatch(/^\u201cto continue to cooperate with the Director of the Telecommunication Development Bureau .*\u201d \(Resolution 29 \(Rev\. Hammamet, 2016\) of the World Telecommunication Standardization Assembly\)$/);
    await expect.poll(() => serverContent(server.url, id)).toContain('of the World Telecommunication Standardization Assembly)');
    const stored = schema.nodeFromJSON(JSON.parse(await serverContent(server.url, id)));
    const marks: string[] = [];
    stored.descendants((node) => {
      if (node.isText && node.text!.includes('of the World Telecommunication Standardization Assembly')) {
        marks.push(...node.marks.map((m) => `${m.type.name} ${m.attrs.author} ${m.attrs.status}`));
      }
    });
    expect(marks).toEqual([`insertion ${server.ids.anna} suggested`]);
    await page.screenshot({ path: 'test-results/related-quoted.png' });

    // Look a resolution up: WTDC Resolution 5 (Table 1, Regional presence), whose text the library holds.
    await page.selectOption('.related-search select', 'WTDC');
    await page.fill('.related-search input', '5');
    await page.click('.related-search button[type=submit]');
    await page.waitForSelector('.related-card[data-ref="PP 25"]');
    expect(await page.textContent('.related-head')).toContain('Subject: Regional presence');
    await page.locator('.related-card[data-ref="WTDC 17"] .related-full button').click();
    await page.waitForSelector('.related-card[data-ref="WTDC 17"] .related-full-text p');
    expect(await page.locator('.related-card[data-ref="WTDC 17"] .related-full-text p').first().textContent()).toMatch(/^RESOLUTION\s17 \(Rev\. Kigali, 2022\)/);
    expect(await page.locator('.related-card[data-ref="WTDC 59"] .related-full').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows Table 1's relations of the demo's MOD of WTDC Resolution 30 to an observer, without Quote", async () => {
    await addMapping();
    const context = await userContext(browser, server.url, 'olga');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, 'demo');
    await cursorAtEndOf(page, '.proposal .number-line', 'RESOLUTION 30');
    await page.click('#review-tab-related');
    await page.waitForSelector('.related-card[data-ref="PP 102"]');
    expect(await page.textContent('.related-head')).toContain('WTDC Resolution 30');
    expect(await page.textContent('.related-head')).toContain('Subject: Internet public policy issues');
    expect(await page.$$eval('.related-group[aria-label="Plenipotentiary (PP)"] .related-card', (els) => els.map((e) => e.getAttribute('data-ref'))))
      .toEqual(['PP 101', 'PP 102', 'PP 133']);
    expect(await page.locator('.related-group[aria-label="ITU-T (WTSA)"] .related-card').count()).toBe(9);
    expect(await page.locator('button.related-quote').count()).toBe(0);
    expect(await page.locator('.related-import').count()).toBe(0);
    await page.screenshot({ path: 'test-results/related-demo.png' });
    expect(errors).toEqual([]);
    await context.close();
  });
});
