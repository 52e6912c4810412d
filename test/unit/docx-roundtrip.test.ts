// A document exported as a review .docx and imported back has the changes it had (count, kind,
// author, text; ids may differ), its cover (no title added) and its footnotes: every fixture
// imported whole, markdown revisions that run over two lines of an item or over whole items, and
// random runs of revisions (fast-check).
import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { describe, expect, it } from 'vitest';
import { exportDocument } from '../../shared/export';
import { importDocument } from '../../shared/import';
import { schema } from '../../shared/schema';
import { listChanges } from '../../shared/track/changes';
import { all, fixtureText } from './import-fixtures';

const FIXTURES = [
  'pp14-wgpl149-res64-mod.md', 'pp14-wgpl149-add-new-resolutions.md', 'wtdc17-ecp-res30-mod.txt', 'pp18-ecp1-res133-mod.txt',
  'pp18-ecp6-res185-sup.txt', 'wtdc22-resolutions.txt', 'tsag-mapping-excerpt.txt',
];

const changes = (doc: PMNode) => listChanges(doc).map((c) => ({ kind: c.kind, author: c.authorName, text: c.text }));
const coverFields = (doc: PMNode) => all(doc, 'cover_field').map((f) => `${f.attrs.name}: ${f.textContent}`);

async function roundTrip(doc: PMNode): Promise<PMNode> {
  return importDocument(await exportDocument(doc, { format: 'review' }), { format: 'docx' });
}

describe('review .docx round trip of the fixtures', () => {
  it.each(FIXTURES)('%s keeps its changes, its cover and its footnotes', async (name) => {
    const doc = await importDocument(fixtureText(name), { format: name.endsWith('.md') ? 'markdown' : 'text' });
    const back = await roundTrip(doc);
    expect(changes(back)).toEqual(changes(doc));
    expect(coverFields(back)).toEqual(coverFields(doc));
    expect(all(back, 'footnote').map((n) => n.textContent)).toEqual(all(doc, 'footnote').filter((n) => /\S/.test(n.textContent)).map((n) => n.textContent));
  });

  it('counts the PP-14 Resolution 64 changes the same way (16) before and after', async () => {
    const doc = await importDocument(fixtureText('pp14-wgpl149-res64-mod.md'), { format: 'markdown' });
    expect(listChanges(doc)).toHaveLength(16);
    expect(listChanges(await roundTrip(doc))).toHaveLength(16);
  });
});

describe('markdown revisions over line and item boundaries', () => {
  it('are one change per paragraph, before and after the round trip', async () => {
    const md = [
      'MOD WGPL/149/2', '', 'RESOLUTION 64 (REV. BUSAN, 2014)', '', 'Title of the resolution', '', 'resolves', '',
      '- a) to keep ~~the deleted words', 'running over~~ two lines;', '- b) to go on;', '', '~~1\tto delete this item;~~', '', '~~2\tand this one;~~', '',
      '3\tto stay.', '', 'Reasons: x',
    ].join('\n');
    const doc = await importDocument(md, { format: 'markdown' });
    const before = changes(doc);
    expect(before.map((c) => c.text)).toEqual(expect.arrayContaining(['1\tto delete this item;', '2\tand this one;']));
    expect(new Set(listChanges(doc).map((c) => c.id)).size).toBe(before.length);
    expect(changes(await roundTrip(doc))).toEqual(before);
  });
});

describe('random runs of revisions', () => {
  const who = [{ id: 'u-a', name: 'Alice' }, { id: 'u-b', name: 'Bob' }];
  const TIMES = [Date.UTC(2024, 0, 1, 10), Date.UTC(2024, 0, 1, 11)];
  const segment = fc.record({
    text: fc.stringMatching(/^[qxz][qxz ]{0,5}[qxz]$/),
    // both: text one author inserted and the other deleted.
    kind: fc.constantFrom<'insertion' | 'deletion' | 'both' | null>('insertion', 'deletion', 'both', null, null),
    author: fc.integer({ min: 0, max: 1 }),
    time: fc.integer({ min: 0, max: 1 }),
    // Bold text in a change is a Word run of its own, inside a w:ins or w:del of its own.
    bold: fc.boolean(),
  });
  type Segment = { text: string; kind: 'insertion' | 'deletion' | 'both' | null; author: number; time: number; bold: boolean };

  /** Paragraphs of segments; a segment continuing the previous one's revision (kind, author, time) is the same change. */
  function docOf(paragraphs: Segment[][]): PMNode {
    let n = 0;
    const blocks = paragraphs.map((segments) => {
      const previous: Record<string, { key: string; id: string } | null> = { insertion: null, deletion: null };
      const nodes = [schema.text('Paragraph ')];
      for (const s of segments) {
        const revisions: { kind: 'insertion' | 'deletion'; author: number; time: number }[] = [];
        if (s.kind === 'insertion' || s.kind === 'both') revisions.push({ kind: 'insertion', author: s.author, time: s.time });
        if (s.kind === 'deletion') revisions.push({ kind: 'deletion', author: s.author, time: s.time });
        if (s.kind === 'both') revisions.push({ kind: 'deletion', author: 1 - s.author, time: 1 - s.time });
        const marks = s.bold ? [schema.marks.strong.create()] : [];
        for (const kind of ['insertion', 'deletion'] as const) {
          const r = revisions.find((x) => x.kind === kind);
          if (!r) {
            previous[kind] = null;
            continue;
          }
          const key = `${r.author}:${r.time}`;
          const id = previous[kind]?.key === key ? previous[kind]!.id : `c${++n}`;
          previous[kind] = { key, id };
          marks.push(schema.marks[kind].create({ id, author: who[r.author].id, authorName: who[r.author].name, time: TIMES[r.time], status: 'agreed' }));
        }
        nodes.push(schema.text(s.text, marks));
      }
      return schema.node('paragraph', null, nodes);
    });
    return schema.node('doc', null, blocks);
  }

  it('come back as the same changes', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.array(segment, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }), async (paragraphs) => {
      const doc = docOf(paragraphs);
      expect(changes(await roundTrip(doc))).toEqual(changes(doc));
    }), { numRuns: 40 });
  });
});
