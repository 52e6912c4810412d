// The TSAG mapping document at its real size (577 kB, one table of ~400 rows: bench/_mapping.ts)
// in track mode with the changes panel open: typing in a cell in the middle of the table lands in
// that cell as the drafter's insertion, reaches the server there (the edit written to Yjs along its
// path, client/editor/y-path-update.ts) and is listed in the changes panel once the browser is idle.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { schema } from '../../shared/schema';
import { mappingDocument } from '../../bench/_mapping';
import { createDocument, openEditor, pageErrors, serverContent, userContext, type TestServer, useServerAndBrowser } from './harness';

let server: TestServer;
let browser: Browser;
let id: string;
let rows = 0;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
}, { seedDemo: false });

beforeAll(async () => {
  const mapping = await mappingDocument();
  rows = mapping.rows;
  id = await createDocument(server.url, 'TSAG mapping', mapping.doc.toJSON());
});

describe('a 577 kB document that is one long table', () => {
  it('takes typing in a middle cell as the drafter’s insertion, in that cell, on the server and in the changes panel', async () => {
    expect(rows).toBeGreaterThan(350);
    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, id);
    // the middle paragraph of all the cells: its index among them and its text before typing
    const { index, before } = await page.evaluate(() => new Promise<{ index: number; before: string }>((resolve) => {
      const cells = document.querySelectorAll('.ProseMirror td p');
      const index = Math.floor(cells.length / 2);
      const target = cells[index];
      target.scrollIntoView({ block: 'center' });
      (target.closest('.ProseMirror') as HTMLElement).focus();
      document.addEventListener('selectionchange', () => requestAnimationFrame(() => resolve({ index, before: target.textContent ?? '' })), { once: true });
      const range = document.createRange();
      range.selectNodeContents(target);
      range.collapse(false);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    }));
    // laid out as a table: the cells of the row side by side, in the table's columns (each row is a
    // grid of its own, client/editor/nodeviews/table.ts)
    const row = await page.evaluate((i) => {
      const tr = document.querySelectorAll('.ProseMirror td p')[i].closest('tr')!;
      const table = tr.closest('table')!;
      return { long: table.classList.contains('long-table'), cells: [...tr.children].map((td) => { const r = td.getBoundingClientRect(); return { top: Math.round(r.top), left: r.left, width: r.width }; }) };
    }, index);
    expect(row.long).toBe(true);
    expect(row.cells.length).toBe(4);
    expect(new Set(row.cells.map((c) => c.top)).size).toBe(1);
    row.cells.forEach((c, i) => { if (i) expect(c.left).toBeCloseTo(row.cells[i - 1].left + row.cells[i - 1].width, 0); });
    const typed = ' typed in the middle cell';
    await page.keyboard.type(typed, { delay: 20 });

    // in the page: in that paragraph, as an insertion of Anna's
    const cell = page.locator('.ProseMirror td p').nth(index);
    await expect.poll(() => cell.textContent()).toBe(before + typed);
    expect(await cell.locator('ins').last().getAttribute('data-author')).toBe(server.ids.anna);
    // on the server: the same paragraph of the same table cell, and nowhere else
    await expect.poll(async () => {
      const doc = schema.nodeFromJSON(JSON.parse(await serverContent(server.url, id)));
      const texts: string[] = [];
      doc.descendants((node, _pos, parent) => {
        if (node.type.name === 'paragraph' && parent?.type.name === 'table_cell') texts.push(node.textContent);
        return !node.isTextblock;
      });
      return { at: texts[index], count: texts.filter((t) => t.includes(typed)).length };
    }, { timeout: 15_000 }).toEqual({ at: before + typed, count: 1 });
    // in the changes panel (it follows the editor when the browser is idle)
    await expect.poll(() => page.locator('.changes-panel .change-card', { hasText: typed.trim() }).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
