// Relettering rules on small lists: letters past z (aa), numbers written `1.` or `(1)`, items
// whose label is deleted or whose whole paragraph is deleted, inserted items, and what the
// command does when there is nothing to fix.
import type { Mark, Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { findLabelFixes, reletterItems } from '../../shared/model/reletter';
import { schema, type BlockRevision } from '../../shared/schema';

const rev = { author: 'u-a', authorName: 'A', time: 1, status: 'agreed' as const };
const del = (id: string) => schema.marks.deletion.create({ id, ...rev });
const ins = (id: string) => schema.marks.insertion.create({ id, ...rev });

type Part = string | [string, Mark];

function item(parts: Part[], opts: { level?: number; track?: BlockRevision[] } = {}): PMNode {
  const content = parts.map((p) => (typeof p === 'string' ? schema.text(p) : schema.text(p[0], [p[1]])));
  return schema.nodes.item.create({ level: opts.level ?? 0, track: opts.track ?? null }, content);
}

function resolution(items: PMNode[]): PMNode {
  return schema.nodes.doc.create(null, [schema.nodes.resolution.create(null, [
    schema.nodes.number_line.create(null, schema.text('RESOLUTION 1 (Rev. Kigali, 2022)')),
    schema.nodes.call_heading.create(null, schema.text('considering')),
    ...items,
  ])]);
}

const fixes = (doc: PMNode) => findLabelFixes(doc).map((f) => `${f.old}->${f.label}`);

describe('findLabelFixes', () => {
  it('goes on past z with aa, ab', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz'.split('').concat(['aa', 'ab']);
    const doc = resolution(letters.map((l, i) => item(i === 1 ? [[`${l})\tgone`, del('d1')]] : [`${l})\ttext`])));
    expect(fixes(doc).slice(-3)).toEqual(['z->y', 'aa->z', 'ab->aa']);
    expect(fixes(doc)).toHaveLength(26);
  });

  it('keeps each label\'s own punctuation: 1. and (1)', () => {
    const doc = resolution([item(['1.\tone']), item([['2.\ttwo', del('d1')]]), item(['3.\tthree']), item(['(4)\tfour'])]);
    expect(findLabelFixes(doc).map((f) => [f.old, f.label, doc.textBetween(f.from, f.to)])).toEqual([['3', '2', '3'], ['4', '3', '4']]);
  });

  it('counts an inserted item and leaves a list that is right alone', () => {
    expect(fixes(resolution([item(['a)\tone']), item(['b)\ttwo'])]))).toEqual([]);
    const doc = resolution([item(['a)\tone']), item([['b)\tnew', ins('i1')]], { track: [{ kind: 'insertion', id: 'i1', ...rev }] }), item(['b)\ttwo'])]);
    expect(fixes(doc)).toEqual(['b->c']);
  });

  it('does not count an item whose paragraph is deleted with all its text, but counts one that keeps text', () => {
    const gone: BlockRevision[] = [{ kind: 'deletion', id: 'd1', ...rev }];
    const whole = resolution([item(['a)\tone']), item(['b)', ['\ttwo', del('d1')]], { track: gone }), item(['c)\tthree'])]);
    expect(fixes(whole)).toEqual(['c->b']);
    const joined = resolution([item(['a)\tone']), item(['b)\ttwo'], { track: gone }), item(['c)\tthree'])]);
    expect(fixes(joined)).toEqual([]);
  });

  it('does not cross a call heading or a paragraph: each list starts where its first item started', () => {
    const doc = schema.nodes.doc.create(null, [schema.nodes.resolution.create(null, [
      schema.nodes.number_line.create(null, schema.text('RESOLUTION 1')),
      schema.nodes.call_heading.create(null, schema.text('resolves')),
      item(['1\tone']), item(['2\ttwo']),
      schema.nodes.paragraph.create(null, schema.text('A paragraph between.')),
      item(['3\tthree']), item(['5\tfive']),
    ])]);
    expect(fixes(doc)).toEqual(['5->4']);
  });
});

describe('reletterItems', () => {
  it('does nothing and returns false when the labels are right, and fixes only the list at pos', () => {
    const right = EditorState.create({ doc: resolution([item(['a)\tone']), item(['b)\ttwo'])]) });
    expect(reletterItems()(right)).toBe(false);
    const doc = schema.nodes.doc.create(null, [schema.nodes.resolution.create(null, [
      schema.nodes.number_line.create(null, schema.text('RESOLUTION 1')),
      schema.nodes.call_heading.create(null, schema.text('considering')), item(['a)\tone']), item(['c)\tthree']),
      schema.nodes.call_heading.create(null, schema.text('resolves')), item(['1\tone']), item(['3\tthree']),
    ])]);
    let secondList = 0;
    doc.descendants((node, pos) => {
      if (node.textContent === '1\tone') secondList = pos;
    });
    let state = EditorState.create({ doc });
    state = state.apply(state.tr.setSelection(TextSelection.create(doc, secondList + 2)));
    let next: EditorState | null = null;
    expect(reletterItems(undefined, { id: 'u-b', name: 'B' })(state, (tr) => { next = state.apply(tr); })).toBe(true);
    expect(findLabelFixes(next!.doc).map((f) => `${f.old}->${f.label}`)).toEqual(['c->b']);
    // A position right before an item names its list too.
    reletterItems(secondList, { id: 'u-b', name: 'B' })(EditorState.create({ doc }), (tr) => { next = EditorState.create({ doc }).apply(tr); });
    expect(findLabelFixes(next!.doc).map((f) => `${f.old}->${f.label}`)).toEqual(['c->b']);
    // With the cursor outside any list, every list is relettered.
    state = state.apply(state.tr.setSelection(TextSelection.create(doc, 2)));
    reletterItems(undefined, { id: 'u-b', name: 'B' })(state, (tr) => { next = state.apply(tr); });
    expect(findLabelFixes(next!.doc)).toEqual([]);
  });
});
