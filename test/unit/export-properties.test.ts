// Properties of the export layout over random revisions: the clean copy is exactly the text with
// agreed changes applied and suggested ones ignored; review and submission keep every character,
// each shown with the revision it carries. Also: odd attribute values never crash an export.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportDocument } from '../../shared/export';
import { inlineText, type Layout, type Para } from '../../shared/export/layout';
import { planLayout } from '../../shared/export/plan';
import type { Policy } from '../../shared/export/policy';
import { lint } from '../../shared/model/lint';
import { schema, type ChangeStatus } from '../../shared/schema';
import { ALICE, BOB, cover, numberLine, proposal, reasons, resolution, STANDARD_COVER } from './export-sample';

interface Segment {
  text: string;
  ins: ChangeStatus | null;
  del: ChangeStatus | null;
}

const status = fc.constantFrom<ChangeStatus | null>(null, 'suggested', 'agreed');
const segment = fc.record({ text: fc.stringMatching(/^[a-z ,]{1,8}$/), ins: status, del: status });

function docOf(segments: Segment[]) {
  const nodes = segments.map((s, i) => {
    const marks = [];
    if (s.ins) marks.push(schema.marks.insertion.create({ id: `i${i}`, author: ALICE.id, authorName: ALICE.name, time: 1000 + i, status: s.ins }));
    if (s.del) marks.push(schema.marks.deletion.create({ id: `d${i}`, author: BOB.id, authorName: BOB.name, time: 2000 + i, status: s.del }));
    return schema.text(s.text, marks);
  });
  const item = schema.node('item', null, [schema.text('a)\t'), ...nodes]);
  return schema.node('doc', null, [cover(STANDARD_COVER), proposal('MOD', 'EUR/48A1/1', [
    resolution('1', numberLine('RESOLUTION 1'), item), reasons('Reasons:\tr'),
  ])]);
}

const policy = (format: Policy['format']): Policy => ({ format, group: 'CEPT', date: new Date(0) });
const itemOf = (layout: Layout) => layout.sections[0].blocks.find((b): b is Para => b.type === 'para' && b.style === 'Item0')!;

describe('export layout properties', () => {
  it('clean: agreed insertions kept and deletions dropped, suggested ones as the base text', () => {
    fc.assert(fc.property(fc.array(segment, { minLength: 1, maxLength: 12 }), (segments) => {
      const item = itemOf(planLayout(docOf(segments), policy('clean')));
      const expected = segments.filter((s) => s.ins !== 'suggested' && s.del !== 'agreed').map((s) => s.text).join('');
      expect(inlineText(item.inlines)).toBe(`a)\t${expected}`);
      expect(item.inlines.every((i) => i.type !== 'text' || i.revision === null)).toBe(true);
    }));
  });

  it('review and submission keep every character, with the revision each one carries', () => {
    fc.assert(fc.property(fc.array(segment, { minLength: 1, maxLength: 12 }), (segments) => {
      for (const format of ['review', 'submission'] as const) {
        const item = itemOf(planLayout(docOf(segments), policy(format)));
        expect(inlineText(item.inlines)).toBe(`a)\t${segments.map((s) => s.text).join('')}`);
        const shown = item.inlines.flatMap((i) => (i.type === 'text' ? [...i.text].map(() => i.revision?.kind ?? null) : []));
        const expected = [...'a)'].map(() => null as string | null)
          .concat(segments.flatMap((s) => [...s.text].map(() => (s.del ? 'deletion' : s.ins ? 'insertion' : null))));
        expect(shown).toEqual(expected);
        const authors = new Set(item.inlines.flatMap((i) => (i.type === 'text' && i.revision ? [i.revision.author] : [])));
        for (const author of authors) expect(format === 'submission' ? ['CEPT'] : [ALICE.name, BOB.name]).toContain(author);
      }
    }));
  });

  it('odd attribute values never reach an export: the schema refuses them', () => {
    const odd = (attrs: Record<string, unknown>, marks: unknown[] = []) => () => schema.nodeFromJSON({
      type: 'doc',
      content: [{ type: 'proposal', attrs, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks }] }, { type: 'reasons', content: [] }] }],
    });
    expect(odd({ action: 'MOD', ref: 42 })).toThrow(RangeError);
    expect(odd({ action: 'MOD', ref: 'EUR/1/1', track: [null, 'x', { kind: 'insertion' }] })).toThrow(RangeError);
    expect(odd({ action: 'MOD', ref: 'EUR/1/1' }, [{ type: 'insertion', attrs: { time: 'soon', status: 'maybe' } }])).toThrow(RangeError);
    expect(odd({ action: 'MOD', ref: 'EUR/1/1' })).not.toThrow();
  });

  it('never crashes on unusual but valid attribute values', async () => {
    const unusual = schema.nodeFromJSON({
      type: 'doc',
      content: [{
        type: 'proposal', attrs: { action: 'MOD', ref: '42', heading: '', track: [{ id: 'b', author: '', authorName: '', time: 0, status: 'suggested', kind: 'insertion' }, { id: 'a', author: '', authorName: '', time: 0, status: 'suggested', kind: 'attribute', old: null }] },
        content: [
          { type: 'item', attrs: { level: 7, track: [] }, content: [{ type: 'text', text: 'a)\tx', marks: [{ type: 'insertion', attrs: { id: 'i', time: 0, status: 'suggested' } }] }] },
          { type: 'heading', attrs: { level: 99 }, content: [{ type: 'text', text: 'Heading' }] },
          { type: 'reasons', content: [] },
        ],
      }],
    });
    for (const format of ['submission', 'review', 'clean', 'html'] as const) {
      await expect(exportDocument(unusual, { format, includeSuggested: true })).resolves.toBeInstanceOf(Uint8Array);
    }
    expect(lint(unusual).map((p) => `${p.code}: ${p.message}`)).toEqual([
      'suggested-change: suggested insertion of a block by unknown in 42 not yet agreed: "a) x Heading"',
      'suggested-change: suggested attribute change by unknown in 42 not yet agreed: "a) x Heading"',
      'suggested-change: suggested insertion by unknown in 42 not yet agreed: "a) x"',
      'ref-format: 42 does not look like GROUP/DocNo[A Addendum]/serial (e.g. EUR/48A1/1)',
      'empty-reasons: 42 has an empty Reasons paragraph',
    ]);
  });
});
