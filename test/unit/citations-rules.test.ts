// Citation update rules on small documents: several numbers sharing one revision, a citation
// gaining "Rev.", only newer revisions, another body's resolution, text already deleted, and the
// smallest readable change.
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { findCitations, proposeCitationUpdates, type CitationLibrary } from '../../shared/model/citations';
import { schema } from '../../shared/schema';
import { listChanges } from '../../shared/track';

const user = { id: 'u-ed', name: 'Ed' };
const WTDC22 = { place: 'Kigali', year: 2022 };
const PP18 = { place: 'Dubai', year: 2018 };

const revisions: Record<string, { place: string; year: number }> = { 25: PP18, 123: PP18, 30: WTDC22, 71: PP18, 140: PP18, 8: { place: 'Kigali', year: 2022 } };
const library: CitationLibrary = (kind, number) => (kind === 'RESOLUTION' ? revisions[number] ?? null : null);

function doc(...texts: string[]): PMNode {
  return schema.nodes.doc.create(null, texts.map((t) => schema.nodes.paragraph.create(null, schema.text(t))));
}

/** Each paragraph as the reviewer sees it: `~~deleted~~`, `[inserted]`. */
function shown(node: PMNode): string[] {
  const out: string[] = [];
  node.forEach((p) => {
    let text = '';
    p.forEach((child) => {
      if (schema.marks.deletion.isInSet(child.marks)) text += `~~${child.text}~~`;
      else if (schema.marks.insertion.isInSet(child.marks)) text += `[${child.text}]`;
      else text += child.text;
    });
    out.push(text);
  });
  return out;
}

const update = (d: PMNode) => proposeCitationUpdates(EditorState.create({ doc: d }), { library, conference: WTDC22, user }).doc;

describe('proposeCitationUpdates rules', () => {
  it('updates several numbers sharing one revision when the library agrees on all of them', () => {
    expect(shown(update(doc('Resolutions 25 and 123 (Rev. Busan, 2014) of the Plenipotentiary Conference')))).toEqual([
      'Resolutions 25 and 123 (Rev. ~~Busan, 2014~~[Dubai, 2018]) of the Plenipotentiary Conference',
    ]);
    expect(shown(update(doc('Resolutions 25 and 30 (Rev. Busan, 2014)')))).toEqual(['Resolutions 25 and 30 (Rev. Busan, 2014)']);
  });

  it('gives a citation without Rev. the Rev.; one of the same year is the same revision', () => {
    expect(shown(update(doc('Resolution 140 (Guadalajara, 2010)', 'Resolution 71 (Dubai, 2018)')))).toEqual([
      'Resolution 140 (~~Guadalajara, 2010~~[Rev. Dubai, 2018])',
      'Resolution 71 (Dubai, 2018)',
    ]);
  });

  it('keeps the words that stay in a MOD\'s own number line (a new place, the same year)', () => {
    const mod = schema.nodes.doc.create(null, [schema.nodes.proposal.create({ action: 'MOD', ref: 'EUR/1/1' }, [
      schema.nodes.resolution.create({ number: '30' }, [schema.nodes.number_line.create(null, schema.text('RESOLUTION 30 (Busan, 2022)'))]),
    ])]);
    const tr = proposeCitationUpdates(EditorState.create({ doc: mod }), { library, conference: WTDC22, user });
    expect(tr.doc.firstChild!.firstChild!.firstChild!.content.toJSON().map((t: { text: string; marks?: { type: string }[] }) => [t.text, t.marks?.[0]?.type ?? null])).toEqual([
      ['RESOLUTION 30 (', null], ['Busan', 'deletion'], ['Rev. Kigali', 'insertion'], [', 2022)', null],
    ]);
  });

  it('moves only to a newer revision, and not when another body\'s resolution is named', () => {
    const d = doc('Resolution 30 (Rev. Dubai, 2014)', 'Resolution 71 (Rev. Bucharest, 2022)', 'Resolution 140 (Rev. Dubai, 2018)');
    expect(shown(update(d))).toEqual(['Resolution 30 (Rev. ~~Dubai, 2014~~[Kigali, 2022])', 'Resolution 71 (Rev. Bucharest, 2022)', 'Resolution 140 (Rev. Dubai, 2018)']);
    const named: CitationLibrary = (kind, number, citation) => (citation?.of === 'Plenipotentiary Conference' ? null : library(kind, number));
    const tr = proposeCitationUpdates(EditorState.create({ doc: doc('Resolution 30 (Rev. Busan, 2014) of the Plenipotentiary Conference') }), { library: named, conference: WTDC22, user });
    expect(tr.docChanged).toBe(false);
  });

  it('reads the text as it stands: deleted text is not cited, a citation made of changed text is', () => {
    const d = schema.nodes.doc.create(null, [schema.nodes.paragraph.create(null, [
      schema.text('Resolution 30 (Rev. '),
      schema.text('Busan', [schema.marks.deletion.create({ id: 'x', author: 'u-a', authorName: 'A', time: 1, status: 'agreed' })]),
      schema.text('Dubai, 2014)'),
    ])]);
    expect(findCitations(d).map((c) => [c.place, c.year])).toEqual([['Dubai', 2014]]);
    expect(shown(update(d))).toEqual(['Resolution 30 (Rev. ~~Busan~~~~Dubai, 2014~~[Kigali, 2022])']);
  });

  it('makes one change per citation, by the user, each a deletion and an insertion with one id', () => {
    const after = update(doc('Resolution 30 (Rev. Dubai, 2014) and Resolution 140 (Rev. Busan, 2014)'));
    const changes = listChanges(after);
    expect(changes.map((c) => [c.kind, c.text, c.authorName, c.status])).toEqual([
      ['deletion', 'Dubai, 2014', 'Ed', 'suggested'], ['insertion', 'Kigali, 2022', 'Ed', 'suggested'],
      ['deletion', 'Busan, 2014', 'Ed', 'suggested'], ['insertion', 'Dubai, 2018', 'Ed', 'suggested'],
    ]);
    expect(changes[0].id).toBe(changes[1].id);
    expect(changes[2].id).toBe(changes[3].id);
    expect(changes[0].id).not.toBe(changes[2].id);
  });
});
