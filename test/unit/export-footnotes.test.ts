// Footnote numbers in the exports, as the ITU prints them: from 1 in each resolution. The .docx
// carries them as Word custom marks, so LibreOffice (which ignores Word's per-section restarts)
// shows the same numbers; the whole WTDC-22 fixture (14 resolutions in one run of text, no
// proposals) is exported and opened by LibreOffice. Empty footnotes are never exported.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import type { Node as PMNode } from 'prosemirror-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDocument } from '../../shared/export';
import { importDocument } from '../../shared/import';
import { schema } from '../../shared/schema';
import { convert, docxPart } from './export-office';
import { footnote, numberLine, p, resolution } from './export-sample';
import { all, fixtureText } from './import-fixtures';

const TEXT = 'urn:oasis:names:tc:opendocument:xmlns:text:1.0';

/** The footnote citations LibreOffice shows, grouped by the resolution (number line) they follow. */
function citationsByResolution(fodtXml: string): { resolution: string; labels: string[]; bodies: string[] }[] {
  const dom = new DOMParser().parseFromString(fodtXml, 'text/xml');
  const groups: { resolution: string; labels: string[]; bodies: string[] }[] = [{ resolution: '(before)', labels: [], bodies: [] }];
  const paragraphText = (el: Element): string => {
    let out = '';
    for (let c = el.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) out += c.nodeValue;
      else if (c.nodeType === 1 && (c as Element).localName !== 'note') out += paragraphText(c as Element);
    }
    return out;
  };
  const body = dom.getElementsByTagNameNS('urn:oasis:names:tc:opendocument:xmlns:office:1.0', 'text')[0];
  for (const para of Array.from(body.getElementsByTagNameNS(TEXT, '*')) as Element[]) {
    if (para.localName !== 'p' && para.localName !== 'h') continue;
    if (para.parentNode && (para.parentNode as Element).localName === 'note-body') continue;
    const number = /^RESOLUTION\s(\d+)\s\(/.exec(paragraphText(para).trim());
    if (number) groups.push({ resolution: number[1], labels: [], bodies: [] });
    for (const note of Array.from(para.getElementsByTagNameNS(TEXT, 'note')) as Element[]) {
      const citation = note.getElementsByTagNameNS(TEXT, 'note-citation')[0];
      groups[groups.length - 1].labels.push(citation.getAttributeNS(TEXT, 'label') || citation.textContent || '');
      groups[groups.length - 1].bodies.push((note.getElementsByTagNameNS(TEXT, 'note-body')[0].textContent ?? '').trim());
    }
  }
  return groups.filter((g) => g.labels.length);
}

let dir: string;
let wtdc: PMNode;
let docx: Uint8Array;
let fodtXml: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'draftroom-notes-'));
  wtdc = await importDocument(fixtureText('wtdc22-resolutions.txt'), { format: 'text' });
  docx = await exportDocument(wtdc, { format: 'review' });
  const file = join(dir, 'wtdc22.docx');
  await writeFile(file, docx);
  const [fodt] = await convert([file], 'fodt', dir);
  fodtXml = await readFile(fodt, 'utf8');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('footnote numbers of the WTDC-22 resolutions', () => {
  it('restart at 1 in every resolution, as LibreOffice shows them', () => {
    const groups = citationsByResolution(fodtXml);
    const notes = all(wtdc, 'footnote').filter((n) => /\S/.test(n.textContent));
    expect(groups.flatMap((g) => g.labels)).toHaveLength(notes.length);
    expect(groups.length).toBeGreaterThan(8);
    for (const group of groups) expect(group.labels, `Resolution ${group.resolution}`).toEqual(group.labels.map((_, i) => String(i + 1)));
    // A resolution with three footnotes numbers them 1, 2, 3 (never 14, 15, 16 through the document).
    expect(groups.some((g) => g.labels.length >= 3)).toBe(true);
    // The note's text follows its label once: no number repeated at the start of the body.
    expect(groups.flatMap((g) => g.bodies).filter((b) => /^\d/.test(b))).toEqual([]);
    expect(groups.find((g) => g.resolution === '17')!.bodies[0]).toMatch(/^An initiative shall take the form/);
  });

  it('are written as Word custom marks with the same numbers', () => {
    const xml = docxPart(docx, 'word/document.xml');
    const marks = Array.from(xml.matchAll(/<w:footnoteReference w:customMarkFollows="1" w:id="\d+"\/><w:t xml:space="preserve">(\d+)<\/w:t>/g), (m) => m[1]);
    expect(marks).toEqual(citationsByResolution(fodtXml).flatMap((g) => g.labels));
    expect(xml).not.toMatch(/<w:footnoteReference w:id=/);
  });

  it('come back as the same footnotes when the .docx is imported (the marks are not text)', async () => {
    const back = await importDocument(docx, { format: 'docx' });
    expect(all(back, 'footnote').map((n) => n.textContent)).toEqual(all(wtdc, 'footnote').map((n) => n.textContent));
    expect(all(back, 'title').map((t) => t.textContent)).toEqual(all(wtdc, 'title').map((t) => t.textContent));
  });
});

describe('empty footnotes', () => {
  it('are left out of the .docx and the HTML, and the numbers skip them', async () => {
    const doc = schema.node('doc', null, [
      resolution('5', numberLine('RESOLUTION 5 (Rev. Kigali, 2022)'), p('one', footnote(' '), ' two', footnote('A note.'))),
      resolution('17', numberLine('RESOLUTION 17 (Rev. Kigali, 2022)'), p('three', schema.node('footnote'))),
    ]);
    const bytes = await exportDocument(doc, { format: 'clean' });
    const xml = docxPart(bytes, 'word/document.xml');
    expect(Array.from(xml.matchAll(/w:customMarkFollows="1" w:id="(\d+)"\/><w:t xml:space="preserve">(\d+)</g), (m) => `${m[1]}:${m[2]}`)).toEqual(['1:1']);
    expect(docxPart(bytes, 'word/footnotes.xml')).toContain('A note.');
    const html = new TextDecoder().decode(await exportDocument(doc, { format: 'html' }));
    expect(html.match(/class="fn-ref"/g)).toHaveLength(1);
  });
});
