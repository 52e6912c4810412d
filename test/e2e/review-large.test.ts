// The changes panel on a large document: the whole WTDC-22 resolutions (~1000 blocks) with a
// revision on almost every block (~900 changes by two drafters). Typing must stay fast and must
// not rebuild the panel: only the card of the change being typed is touched. A coordinator's
// panel follows a drafter's edits live.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { schema } from '../../shared/schema';
import { listChanges } from '../../shared/track';
import { createDocument, cursorAtEndOf, openEditor, pageErrors, userContext, type TestServer, useServerAndBrowser, importFixture } from './harness';

type Json = { type: string; text?: string; marks?: { type: string; attrs?: Record<string, unknown> }[]; content?: Json[] };

let server: TestServer;
let browser: Browser;
let id: string;
let changeCount = 0;

/** Marks the first word of every textblock as Anna's insertion or Boris's deletion, alternately. */
function addRevisions(node: Json, counter: { n: number }): void {
  const first = node.content?.[0];
  if (first?.type === 'text' && !first.marks?.length && first.text!.length > 12) {
    const n = counter.n++;
    const anna = n % 2 === 0;
    const attrs = {
      id: `change-${n}`, author: anna ? server.ids.anna : server.ids.boris, authorName: anna ? 'anna.schmidt' : 'boris.petrov',
      time: Date.UTC(2026, 10, 20, 9, n % 60), status: n % 3 === 0 ? 'agreed' : 'suggested',
    };
    const head = first.text!.slice(0, 6), rest = first.text!.slice(6);
    node.content!.splice(0, 1, { type: 'text', text: head, marks: [{ type: anna ? 'insertion' : 'deletion', attrs }] }, { type: 'text', text: rest });
    return;
  }
  for (const child of node.content ?? []) addRevisions(child, counter);
}

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
}, { seedDemo: false });

beforeAll(async () => {
  const content = (await importFixture('wtdc22-resolutions.txt')).toJSON() as Json;
  addRevisions(content, { n: 0 });
  changeCount = listChanges(schema.nodeFromJSON(content)).length;
  id = await createDocument(server.url, 'WTDC-22 resolutions, reviewed', content);
});

describe('the changes panel on a large document', () => {
  it('lists ~900 changes and keeps typing fast without rebuilding the list', async () => {
    expect(changeCount).toBeGreaterThan(800);
    const context = await userContext(browser, server.url, 'carla');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, id);
    await page.waitForFunction((n) => document.querySelectorAll('.changes-panel .change-card').length === n, changeCount);
    const counts = await page.locator('.changes-panel .author-row').evaluateAll((rows) => rows.map((row) => [
      row.querySelector('.author-name')!.textContent, row.querySelector('.changes-count')!.textContent,
    ]));
    expect(counts).toEqual([['anna.schmidt', String(Math.ceil(changeCount / 2))], ['boris.petrov', String(Math.floor(changeCount / 2))]]);

    await cursorAtEndOf(page, '.number-line', 'RESOLUTION 82 (Rev. Kigali, 2022)');
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[]; panelMutations: number };
      w.longTasks = [];
      w.panelMutations = 0;
      new PerformanceObserver((list) => { for (const entry of list.getEntries()) w.longTasks.push(entry.duration); }).observe({ type: 'longtask' });
      new MutationObserver((records) => {
        for (const r of records) w.panelMutations += r.type === 'childList' ? r.addedNodes.length + r.removedNodes.length : 1;
      }).observe(document.querySelector('.change-groups')!, { childList: true, subtree: true, characterData: true });
    });
    const typed = ' typed quickly';
    await page.keyboard.type(typed, { delay: 10 });
    await page.locator('.changes-panel .change-card', { hasText: 'typed quickly' }).waitFor();
    const { longTasks, panelMutations } = await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[]; panelMutations: number };
      return { longTasks: w.longTasks, panelMutations: w.panelMutations };
    });
    console.log(`typing with ${changeCount} changes listed: long tasks ${longTasks.map(Math.round).join(", ") || "none"} (ms), ${panelMutations} panel mutations`);
    // The work per keystroke is small (listChanges on this document takes ~2 ms in Node, rows are
    // memoised), but the test machine is shared: keystrokes of the plain large-document test take
    // 250 ms there under load too. So the bound only catches the pathological; the mutation count
    // below is the load-independent check.
    expect(Math.max(0, ...longTasks)).toBeLessThan(1000);
    // One new card, then its snippet growing: a few mutations per keystroke, not one per listed change.
    expect(panelMutations).toBeLessThan(typed.length * 4);
    await expect.poll(() => page.locator('.changes-panel .change-card').count()).toBe(changeCount + 1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a drafter’s new suggestion in the coordinator’s panel as she types', async () => {
    const [carla, anna] = await Promise.all([userContext(browser, server.url, 'carla'), userContext(browser, server.url, 'anna')]);
    const [coordinator, drafter] = await Promise.all([carla.newPage(), anna.newPage()]);
    await Promise.all([openEditor(coordinator, server.url, id), openEditor(drafter, server.url, id)]);
    await cursorAtEndOf(drafter, '.number-line', 'RESOLUTION 5 (Rev. Kigali, 2022)');
    await drafter.keyboard.type(' LIVE');
    const card = coordinator.locator('.changes-panel .change-card', { hasText: 'LIVE' });
    await card.waitFor();
    expect(await card.getAttribute('data-author')).toBe(server.ids.anna);
    expect(await card.locator('.author-name').textContent()).toBe('anna.schmidt');
    await Promise.all([carla.close(), anna.close()]);
  });
});
