// Property test of the .docx reader: random paragraphs of runs with bold, italic and Word
// revisions by random authors and dates import with every character, its formatting and its
// revision (kind, author, time, agreed) as written.
import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../shared/import';
import { handmadeDocx } from './docx-import-office';

interface Run {
  text: string;
  bold: boolean;
  italic: boolean;
  revision: null | { kind: 'ins' | 'del'; author: string; date: string };
}

const word = fc.stringMatching(/^[xyzq]{1,6}$/);
const runArb: fc.Arbitrary<Run> = fc.record({
  text: fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => words.join(' ')),
  bold: fc.boolean(),
  italic: fc.boolean(),
  revision: fc.option(fc.record({
    kind: fc.constantFrom('ins' as const, 'del' as const),
    author: fc.constantFrom('Ana', 'Ben Öz', 'C & D'),
    date: fc.constantFrom('2024-01-02T03:04:05Z', '2024-05-06T07:08:09Z'),
  }), { nil: null }),
});
const docArb = fc.array(fc.array(runArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 });

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

function runXml(run: Run): string {
  const props = `${run.bold ? '<w:b/>' : ''}${run.italic ? '<w:i/>' : ''}`;
  const text = run.revision?.kind === 'del' ? `<w:delText xml:space="preserve">${run.text}</w:delText>` : `<w:t xml:space="preserve">${run.text}</w:t>`;
  const r = `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}${text}</w:r>`;
  if (!run.revision) return r;
  const tag = run.revision.kind === 'ins' ? 'w:ins' : 'w:del';
  return `<${tag} w:id="1" w:author="${escape(run.revision.author)}" w:date="${run.revision.date}">${r}</${tag}>`;
}

/** Each character of a paragraph with what it carries, as a string to compare. */
function written(runs: Run[]): string[] {
  return runs.flatMap((run) => [...run.text].map((ch) => {
    const rev = run.revision ? `${run.revision.kind === 'ins' ? 'insertion' : 'deletion'}:${run.revision.author}:${Date.parse(run.revision.date)}:agreed` : '-';
    return `${ch}|${run.bold ? 'b' : ''}${run.italic ? 'i' : ''}|${rev}`;
  }));
}

function imported(block: PMNode): string[] {
  const out: string[] = [];
  block.forEach((child) => {
    const has = (name: string) => child.marks.some((m) => m.type.name === name);
    const rev = child.marks.find((m) => m.type.name === 'insertion' || m.type.name === 'deletion');
    const revText = rev ? `${rev.type.name}:${rev.attrs.author}:${rev.attrs.time}:${rev.attrs.status}` : '-';
    if (rev) expect(rev.attrs.authorName).toBe(rev.attrs.author);
    for (const ch of child.text ?? '') out.push(`${ch}|${has('strong') ? 'b' : ''}${has('em') ? 'i' : ''}|${revText}`);
  });
  return out;
}

describe('docx reader on random runs', () => {
  it('keeps every character with its formatting and revision', async () => {
    await fc.assert(fc.asyncProperty(docArb, async (paragraphs) => {
      const body = paragraphs.map((runs) => `<w:p>${runs.map(runXml).join('')}</w:p>`).join('');
      const doc = await importDocument(handmadeDocx(body), { format: 'docx' });
      expect(doc.childCount).toBe(paragraphs.length);
      paragraphs.forEach((runs, i) => expect(imported(doc.child(i))).toEqual(written(runs)));
      const ids = new Set<string>();
      doc.descendants((node) => {
        node.marks.forEach((m) => m.attrs.id && ids.add(m.attrs.id as string));
      });
      expect([...ids].every((id) => /^docx-\d+$/.test(id))).toBe(true);
    }), { numRuns: 150 });
  });
});
