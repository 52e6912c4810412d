// Opening a large document: the whole WTDC-22 resolutions fixture (~1000 blocks) must be on screen and
// editable soon after navigation, and typing in it must stay fast.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createDocument, cursorAtEndOf, openEditor, pageErrors, userContext, type TestServer, useServerAndBrowser, importFixture } from './harness';

const READY_MARK = 'draftroom:document-ready';
let server: TestServer;
let browser: Browser;
let id: string;
let blocks = 0;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
}, { seedDemo: false });

beforeAll(async () => {
  const doc = await importFixture('wtdc22-resolutions.txt');
  doc.descendants((node) => {
    if (node.isTextblock) blocks++;
    return !node.isTextblock;
  });
  id = await createDocument(server.url, 'WTDC-22 resolutions', doc.toJSON());
});

describe('a large document', () => {
  it('opens the whole WTDC-22 resolutions quickly and stays responsive while typing', async () => {
    expect(blocks).toBeGreaterThan(900);
    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    const errors = pageErrors(page);
    // A first visit warms the HTTP cache, as for a user who has opened Draftroom before.
    await openEditor(page, server.url, id);
    const timings: number[] = [];
    for (let run = 0; run < 3; run++) {
      await openEditor(page, server.url, id);
      const rendered = await page.$$eval('.ProseMirror :is(p, h1, h2, h3)', (els) => els.length);
      expect(rendered).toBeGreaterThanOrEqual(blocks);
      timings.push(await page.evaluate((mark) => performance.getEntriesByName(mark)[0].startTime, READY_MARK));
    }
    const best = Math.min(...timings);
    console.log(`open ${blocks} blocks: ${timings.map((t) => `${Math.round(t)} ms`).join(', ')}`);
    // The 1 s target itself is measured on a quiet machine by bench/open-editor.ts (README table);
    // this bound catches regressions without failing when the test machine is busy.
    expect(best).toBeLessThan(2000);

    // Typing at the end of the document: no keystroke may block the page for long (Long Tasks API).
    await cursorAtEndOf(page, '.number-line', 'RESOLUTION 82 (Rev. Kigali, 2022)');
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => { for (const entry of list.getEntries()) w.longTasks.push(entry.duration); })
        .observe({ type: 'longtask' });
    });
    await page.keyboard.type(' typed quickly', { delay: 10 });
    await page.waitForSelector('.ProseMirror .number-line:has-text("RESOLUTION 82 (Rev. Kigali, 2022) typed quickly")');
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    console.log(`typing: longest task ${Math.round(Math.max(0, ...longTasks))} ms`);
    expect(Math.max(0, ...longTasks)).toBeLessThan(250);
    expect(errors).toEqual([]);
    await context.close();
  });
});
