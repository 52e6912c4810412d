// Tracked deletions over a list with an item already deleted: Resolution 30's "recognizing" list
// of the WTDC-22 resolutions (wtdc22-resolutions.txt, through the real text importer). Whatever
// the range, the list keeps its five items until review, reject restores it and accept agrees
// with the same deletion made without track mode.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, NodeSelection, TextSelection } from 'prosemirror-state';
import { deleteSelection } from 'prosemirror-commands';
import { importDocument } from '../../shared/import';
import { allChangeIds, review, suggestChanges } from '../../shared/track';
import { alice, bob, fixture, run } from './track-doc';

let doc: PMNode;
/** Position of Resolution 30 and of the items a) to e) of its "recognizing" list. */
let resPos: number;
let items: number[];

/** The labels of the items under the "recognizing" call of Resolution 30 in `d`. */
function recognizing(d: PMNode): string[] {
  const res = d.nodeAt(resPos)!;
  const labels: string[] = [];
  let inList = false;
  res.forEach((child) => {
    if (child.type.name === 'call_heading') inList = child.textContent === 'recognizing';
    else if (inList && child.type.name === 'item') labels.push(child.textContent.split('\t')[0]);
  });
  return labels;
}

beforeAll(async () => {
  doc = await importDocument(fixture('wtdc22-resolutions.txt'), { format: 'text' });
  resPos = -1;
  doc.descendants((node, pos) => {
    if (resPos < 0 && node.type.name === 'resolution' && node.attrs.number === '30') resPos = pos;
    return resPos < 0;
  });
  items = [];
  let inList = false;
  doc.nodeAt(resPos)!.forEach((child, offset) => {
    if (child.type.name === 'call_heading') inList = child.textContent === 'recognizing';
    else if (inList && child.type.name === 'item') items.push(resPos + 1 + offset);
  });
});

/** Bob's tracked deletion of item b): the whole item, or its text only. */
function withDeletedB(how: 'item' | 'text'): EditorState {
  let state = EditorState.create({ doc, plugins: [suggestChanges(bob)] });
  const b = items[1], size = doc.nodeAt(b)!.nodeSize;
  const sel = how === 'item' ? NodeSelection.create(state.doc, b) : TextSelection.create(state.doc, b + 1, b + size - 1);
  state = run(state.apply(state.tr.setSelection(sel)), deleteSelection);
  return EditorState.create({ doc: state.doc, plugins: [suggestChanges(alice)] });
}

function acceptAll(d: PMNode): PMNode {
  const state = EditorState.create({ doc: d });
  return state.apply(review(state, allChangeIds(d), 'accept')).doc;
}

describe('a tracked deletion up to an item already deleted', () => {
  it('the fixture list is a) to e)', () => {
    expect(recognizing(doc)).toEqual(['a)', 'b)', 'c)', 'd)', 'e)']);
  });

  const cases: ['item' | 'text', number, number][] = [
    ['item', 1, 1], ['item', 1, 0], ['item', 0, 1], ['text', 1, 0], ['text', 1, 1],
  ];
  for (const [how, fromOffset, toOffset] of cases) {
    it(`b) deleted as ${how === 'item' ? 'a whole item' : 'text only'}; Alice deletes a)+${fromOffset} to b)+${toOffset}`, () => {
      const before = withDeletedB(how);
      const from = items[0] + fromOffset, to = items[1] + toOffset;
      const after = before.apply(before.tr.delete(from, to));
      // five items until review, none of them twice
      expect(recognizing(after.doc)).toEqual(['a)', 'b)', 'c)', 'd)', 'e)']);
      // Alice's deletion is a new change: rejecting it gives back the list as Bob left it
      const mine = allChangeIds(after.doc).filter((id) => !allChangeIds(before.doc).includes(id));
      expect(mine.length).toBeGreaterThan(0);
      expect(after.apply(review(after, mine, 'reject')).doc.toJSON()).toEqual(before.doc.toJSON());
      // accepting everything: a) and b) are gone, the rest of the list stays
      expect(recognizing(acceptAll(after.doc)).slice(-3)).toEqual(['c)', 'd)', 'e)']);
      expect(acceptAll(after.doc).textContent).not.toContain('that WSIS stated that the core competencies');
    });
  }

  it('the same with the selection and deleteSelection, as the editor does it', () => {
    const before = withDeletedB('item');
    const state = before.apply(before.tr.setSelection(TextSelection.create(before.doc, items[0] + 1, items[1] + 1)));
    const after = run(state, deleteSelection);
    expect(recognizing(after.doc)).toEqual(['a)', 'b)', 'c)', 'd)', 'e)']);
    expect(recognizing(acceptAll(after.doc))).toEqual(['c)', 'd)', 'e)']);
  });
});
