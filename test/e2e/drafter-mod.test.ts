// A drafter's MOD in Chromium against the real server: Anna (drafter) makes a MOD of Resolution 30
// from the new-proposal dialog; the server inserts it with the text in force as base text, the
// editor puts her cursor into it once it has arrived, and the words she then types are the only
// revision marks: her insertions, which the server accepts.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { schema } from '../../shared/schema';
import { apiAs, createDocument, cursorAtEndOf, marked, openEditor, pageErrors, serverContent, type TestServer, userContext, useServerAndBrowser } from './harness';
import { block, coverDoc } from '../doc-json';

let server: TestServer;
let browser: Browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});


/** The library's Resolution 30 (text in force) as a node of the schema. */
async function resolution30() {
  const api = await apiAs(server.url, 'anna');
  const [summary] = ((await (await api('/api/library?q=30')).json()) as { entries: { id: string }[] }).entries;
  const { entry } = (await (await api(`/api/library/${summary.id}`)).json()) as { entry: { content: Record<string, unknown> } };
  return schema.nodeFromJSON(entry.content);
}

/** Makes a MOD of Resolution 30 from the new-proposal dialog, after the block holding the cursor. */
async function addMod30(page: Page): Promise<void> {
  await page.click('.toolbar button[data-command=proposal]');
  await page.waitForSelector('.proposal-dialog .base-picker');
  expect(await page.isChecked('.proposal-dialog input[value=MOD]')).toBe(true);
  await page.fill('.base-picker input[type=search]', '30');
  await page.click('.library-results li[data-number="30"]');
  await page.fill('.proposal-dialog input[name=heading]', 'ECP-1: Revision to Resolution 30');
  await page.click('.proposal-dialog button[type=submit]');
}

describe('a drafter\'s MOD from the library', () => {
  it('goes in as base text without revision marks; the words she types are her only insertions', async () => {
    const id = await createDocument(server.url, 'ECP to WTDC-25', coverDoc(block('paragraph', 'Introduction.')));
    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, id);
    await cursorAtEndOf(page, 'p', 'Introduction.');

    await addMod30(page);

    // The citation offer follows in the message once the unit is in the editor, with the cursor in its intro paragraph.
    await page.waitForSelector('.library-message button.offer-citations');
    const unit = '.ProseMirror .proposal[data-ref="EUR/XXA1/1"][data-action=MOD]';
    // After the paragraph that held the cursor.
    expect(await page.$$eval('.ProseMirror > *', (els) => els.map((el) => el.getAttribute('data-ref') ?? el.textContent)))
      .toEqual([expect.stringContaining('Baku, 2025'), 'Introduction.', 'EUR/XXA1/1']);
    expect(await page.locator('.citation-dialog').count()).toBe(0);
    // The base text is the library's text in force, with no revision marks at all.
    const inForce = await resolution30();
    await page.waitForSelector(`${unit} .resolution[data-number="30"]`);
    expect(await page.textContent(`${unit} .number-line`)).toBe('RESOLUTION 30 (Rev. Kigali, 2022)');
    expect(await page.$eval(`${unit} .resolution`, (el) => el.children.length)).toBe(inForce.childCount);
    expect(await page.$eval(`${unit} .res-title`, (el) => el.textContent)).toBe(inForce.child(1).textContent);
    expect(await marked(page, unit, 'ins')).toEqual([]);
    expect(await marked(page, unit, 'del')).toEqual([]);
    // only the unit itself carries a record: added by her, one change to review (its text untouched)
    expect(await page.$$eval(`${unit} [data-track]`, (els) => els.length)).toBe(0);
    expect(await page.getAttribute(unit, 'data-track')).toBe('insertion:suggested');
    expect(await page.$eval(`${unit} .res-title`, (el) => getComputedStyle(el).textDecorationLine)).toBe('none');

    // The cursor is in the unit's intro paragraph: what she types goes there, as her insertion.
    await page.keyboard.type('Proposed');
    await page.waitForSelector(`${unit} .proposal-body > p:first-child ins`);
    expect(await page.textContent(`${unit} .proposal-body > p:first-child`)).toBe('Proposed');

    // A word typed in the base text is her insertion too; nothing else is marked.
    await cursorAtEndOf(page, '.proposal[data-ref="EUR/XXA1/1"] .res-title', 'Role of the ITU');
    await page.keyboard.type(' and beyond');
    await page.waitForSelector(`${unit} .res-title ins`);
    expect(await marked(page, unit, 'ins')).toEqual(['Proposed', ' and beyond']);
    expect(await marked(page, unit, 'del')).toEqual([]);
    expect(await page.$eval(`${unit} .res-title ins`, (el) => getComputedStyle(el).textDecorationLine)).toBe('underline');
    await expect.poll(() => serverContent(server.url, id)).toContain(`" and beyond","marks":[{"type":"insertion","attrs":{"id"`);
    const stored = JSON.parse(await serverContent(server.url, id));
    const proposal = stored.content.find((n: { type: string; attrs?: { ref?: string } }) => n.type === 'proposal' && n.attrs?.ref === 'EUR/XXA1/1');
    expect(proposal.attrs).toMatchObject({ action: 'MOD', heading: 'ECP-1: Revision to Resolution 30' });
    expect(JSON.stringify(proposal)).toContain(`"author":"${server.ids.anna}"`);
    expect(await page.getAttribute('.connection', 'data-status')).toBe('online');
    expect(await page.$('.track-refusal')).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is one card for the coordinator: rejected, the unit is gone; added again and accepted, the card goes and the unit stays', async () => {
    const id = await createDocument(server.url, 'ECP to WTDC-25', coverDoc(block('paragraph', 'Introduction.')));
    const [annaContext, carlaContext] = await Promise.all([userContext(browser, server.url, 'anna'), userContext(browser, server.url, 'carla')]);
    const [anna, carla] = await Promise.all([annaContext.newPage(), carlaContext.newPage()]);
    const errors = [...pageErrors(anna), ...pageErrors(carla)];
    await Promise.all([openEditor(anna, server.url, id), openEditor(carla, server.url, id)]);
    const unit = '.ProseMirror .proposal[data-ref="EUR/XXA1/1"][data-action=MOD]';
    const cards = (page: Page) => page.locator('.changes-panel .change-card');
    const label = `Added MOD Resolution 30 (unit EUR/XXA1/1)`;

    await cursorAtEndOf(anna, 'p', 'Introduction.');
    await addMod30(anna);
    await carla.waitForSelector(`${unit} .resolution[data-number="30"]`);
    await expect.poll(() => cards(carla).count()).toBe(1);
    const card = cards(carla).first();
    expect(await card.locator('.change-kind').textContent()).toBe(label);
    expect(await card.locator('.author-name').textContent()).toBe('anna.schmidt');
    expect(await card.getAttribute('data-author')).toBe(server.ids.anna);
    expect(await card.getAttribute('data-status')).toBe('suggested');
    // the drafter sees the same one card, with only the withdrawal offered
    await expect.poll(() => cards(anna).count()).toBe(1);
    expect(await cards(anna).first().locator('button[data-action]').evaluateAll((els) => els.map((el) => el.getAttribute('data-action')))).toEqual(['reject']);

    await card.locator('button[data-action=reject]').click();
    await anna.waitForSelector(unit, { state: 'detached' });
    await carla.waitForSelector(unit, { state: 'detached' });
    expect(await cards(carla).count()).toBe(0);
    await expect.poll(() => serverContent(server.url, id)).not.toContain('EUR/XXA1/1');

    // added again, accepted: the card goes, the unit stays as it is, without a record
    await cursorAtEndOf(anna, 'p', 'Introduction.');
    await addMod30(anna);
    await carla.waitForSelector(`${unit} .resolution[data-number="30"]`);
    await expect.poll(() => cards(carla).count()).toBe(1);
    expect(await cards(carla).first().locator('.change-kind').textContent()).toBe(label);
    await cards(carla).first().locator('button[data-action=accept]').click();
    await expect.poll(() => cards(carla).count()).toBe(0);
    await expect.poll(() => cards(anna).count()).toBe(0);
    for (const page of [anna, carla]) {
      expect(await page.getAttribute(unit, 'data-track')).toBeNull();
      expect(await page.textContent(`${unit} .number-line`)).toBe('RESOLUTION 30 (Rev. Kigali, 2022)');
    }
    const storedTrack = async () => {
      const stored = JSON.parse(await serverContent(server.url, id)).content.find((n: { attrs?: { ref?: string } }) => n.attrs?.ref === 'EUR/XXA1/1');
      return stored ? stored.attrs.track ?? null : 'no unit';
    };
    await expect.poll(storedTrack).toBeNull();
    expect(await anna.$('.track-refusal')).toBeNull();
    expect(errors).toEqual([]);
    await Promise.all([annaContext.close(), carlaContext.close()]);
  });
});
