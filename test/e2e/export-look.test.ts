// The editor looks like the export: for every block type, the style Chromium computes in the editor
// (weight, slant, size, alignment, indents) is the paragraph style of the .docx export, and a unit's
// intro paragraphs stand before its action line in both (the ITU order).
import { mkdirSync } from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { exportDocument } from '../../shared/export';
import { EDITOR_SELECTORS, LOOKED_STYLES, type LookedStyle } from '../../shared/export/looks';
import { schema } from '../../shared/schema';
import { createDocument, openEditor, userContext, type TestServer, useServerAndBrowser } from './harness';

let server: TestServer;
let browser: Browser;
let id: string;
useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
}, { seedDemo: false });

const t = (text: string) => [{ type: 'text', text }];
const block = (type: string, text: string, attrs: Record<string, unknown> = {}) => ({ type, attrs, content: t(text) });
const INTRO = 'Europe proposes to suppress Resolution 185, its task being done.';
const CONTENT = {
  type: 'doc',
  content: [
    block('heading', 'Heading one', { level: 1 }),
    block('heading', 'Heading two', { level: 2 }),
    block('heading', 'Heading three', { level: 3 }),
    block('paragraph', 'A normal paragraph.'),
    {
      type: 'proposal', attrs: { action: 'SUP', ref: 'EUR/XXA1/1', heading: 'ECP-6: Suppression of Resolution 185' },
      content: [
        block('paragraph', INTRO),
        {
          type: 'resolution', attrs: { kind: 'RESOLUTION', number: '185' },
          content: [
            block('number_line', 'RESOLUTION 185 (Busan, 2014)'),
            block('title', 'Global flight tracking for civil aviation'),
            block('paragraph', 'The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),'),
            block('call_heading', 'recognizing'),
            ...[0, 1, 2, 3].map((level) => block('item', `${['a)', 'i)', '–', '–'][level]}\tan item of level ${level}`, { level })),
          ],
        },
        block('reasons', 'With the decisions taken at WRC-15, this Resolution is no longer needed.'),
      ],
    },
  ],
};

interface Seen { bold: boolean; italic: boolean; size: number; align: string; left: number; hanging: number }

/** The paragraph style `id` of styles.xml as a look (Normal: the document defaults). */
function docxLook(styles: Document, id: LookedStyle): Seen {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const el = id === 'Normal'
    ? styles.getElementsByTagNameNS(W, 'docDefaults')[0]
    : [...(styles.getElementsByTagNameNS(W, 'style') as unknown as Element[])].find((s) => s.getAttributeNS(W, 'styleId') === id);
  if (!el) throw new Error(`styles.xml has no style ${id}`);
  const first = (name: string) => (el.getElementsByTagNameNS(W, name)[0] as Element | undefined) ?? null;
  const on = (name: string) => {
    const e = first(name);
    return !!e && !['false', '0'].includes(e.getAttributeNS(W, 'val') ?? '');
  };
  const num = (name: string, attr: string, none: number) => Number(first(name)?.getAttributeNS(W, attr) || none);
  return {
    bold: on('b'), italic: on('i'), size: num('sz', 'val', 24) / 2,
    align: first('jc')?.getAttributeNS(W, 'val') ?? 'left',
    left: num('ind', 'left', 0) / 567, hanging: num('ind', 'hanging', 0) / 567,
  };
}

beforeAll(async () => {
  id = await createDocument(server.url, 'Looks', CONTENT);
});

describe('the editor looks like the export', () => {
  it('draws every block type with the weight, size, alignment and indents of its .docx style', async () => {
    const docx = unzipSync(await exportDocument(schema.nodeFromJSON(CONTENT), { format: 'review' }));
    const styles = new DOMParser().parseFromString(strFromU8(docx['word/styles.xml']), 'text/xml') as unknown as Document;

    const context = await userContext(browser, server.url, 'anna');
    const page = await context.newPage();
    await openEditor(page, server.url, id);
    for (const style of LOOKED_STYLES) {
      const selector = `.ProseMirror.itu-document ${EDITOR_SELECTORS[style]}`;
      const editor = await page.locator(selector).first().evaluate((el): Seen => {
        const cs = getComputedStyle(el);
        const cm = (px: string) => parseFloat(px) / (96 / 2.54);
        return {
          bold: Number(cs.fontWeight) >= 600, italic: cs.fontStyle === 'italic', size: parseFloat(cs.fontSize) * 0.75,
          align: cs.textAlign === 'start' ? 'left' : cs.textAlign, left: cm(cs.paddingLeft), hanging: -cm(cs.textIndent),
        };
      });
      const word = docxLook(styles, style);
      const round = (s: Seen) => ({ ...s, size: Math.round(s.size * 2) / 2, left: Math.round(s.left * 100) / 100, hanging: Math.round(s.hanging * 100) / 100 + 0 });
      expect({ style, ...round(editor) }).toEqual({ style, ...round(word) });
    }

    // The ITU order: heading, intro, action line, provision, Reasons, in both.
    const top = (selector: string) => page.locator(`.ProseMirror ${selector}`).first().evaluate((el) => el.getBoundingClientRect().top);
    const intro = await page.locator('.ProseMirror .proposal p', { hasText: INTRO }).evaluate((el) => el.getBoundingClientRect().top);
    expect(await top('.proposal-heading')).toBeLessThan(intro);
    expect(intro).toBeLessThan(await top('.action-line'));
    expect(await top('.action-line')).toBeLessThan(await top('.number-line'));
    const body = strFromU8(docx['word/document.xml']);
    const at = (text: string) => body.indexOf(text);
    expect(at('ECP-6:')).toBeLessThan(at(INTRO));
    expect(at(INTRO)).toBeLessThan(at('EUR/XXA1/1'));
    expect(at('EUR/XXA1/1')).toBeLessThan(at('RESOLUTION 185'));
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/export-look.png' });
    await context.close();
  });
});
