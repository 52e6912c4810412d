// Revision marks in the editor: the PP-14 WG-PL/149 MOD of Resolution 64 (markdown fixture with its
// ~~deletions~~ and [insertions](#)) shown underlined and struck through, tinted per author.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { colorForId } from '../../client/app/user';
import { createDocument, openEditor, userContext, type TestServer, useServerAndBrowser, importFixture } from './harness';

type Json = { type: string; text?: string; marks?: { type: string; attrs: Record<string, unknown> }[]; content?: Json[] };

let server: TestServer;
let browser: Browser;
let id: string;

/** Gives the revision marks alternately to Anna and Boris as suggestions, keeping the first one agreed. */
function reassign(node: Json, counter = { n: 0 }): void {
  for (const mark of node.marks ?? []) {
    if (mark.type !== 'insertion' && mark.type !== 'deletion') continue;
    const n = counter.n++;
    if (n === 0) continue;
    const anna = n % 2 === 1;
    mark.attrs = { ...mark.attrs, author: anna ? 'anna' : 'boris', authorName: anna ? 'Anna Schmidt' : 'Boris Petrov', status: 'suggested', time: Date.UTC(2026, 10, 23) };
  }
  for (const child of node.content ?? []) reassign(child, counter);
}

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
}, { seedDemo: false });

beforeAll(async () => {
  const content = (await importFixture('pp14-wgpl149-res64-mod.md')).toJSON() as Json;
  reassign(content);
  id = await createDocument(server.url, 'WG-PL/149', content);
});

describe('revision marks', () => {
  it('underlines insertions, strikes deletions and tints them in their author’s colour', async () => {
    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    await openEditor(page, server.url, id);
    const marks = await page.$$eval('.ProseMirror ins, .ProseMirror del', (els) => els.map((el) => ({
      tag: el.tagName.toLowerCase(),
      author: (el as HTMLElement).dataset.author,
      status: (el as HTMLElement).dataset.status,
      line: getComputedStyle(el).textDecorationLine,
      color: getComputedStyle(el).color,
      decoration: getComputedStyle(el).textDecorationColor,
      background: getComputedStyle(el).backgroundColor,
      title: el.getAttribute('title'),
    })));
    expect(marks.length).toBeGreaterThanOrEqual(10);
    const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
    for (const mark of marks) {
      expect(mark.line).toBe(mark.tag === 'ins' ? 'underline' : 'line-through');
      expect(mark.decoration).toBe(rgb(colorForId(mark.author!)));
      if (mark.status === 'suggested') {
        expect(mark.color).toBe(rgb(colorForId(mark.author!)));
        // a suggestion is tinted, an agreed change is not: the two never look alike
        expect(mark.background).not.toBe('rgba(0, 0, 0, 0)');
        expect(mark.title).toMatch(mark.author === 'anna' ? /by Anna Schmidt/ : /by Boris Petrov/);
      } else {
        expect(mark.color).toBe('rgb(0, 0, 0)');
        expect(mark.background).toBe('rgba(0, 0, 0, 0)');
      }
    }
    expect(new Set(marks.map((m) => m.author))).toEqual(new Set(['import', 'anna', 'boris']));
    expect(colorForId('anna')).not.toBe(colorForId('boris'));
    await context.close();
  });
});
