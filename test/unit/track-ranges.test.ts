// Range deletions whose ends sit at different depths, on Resolution 30 (wtdc17-ecp-res30-mod.txt):
// ProseMirror re-fits the structure, and the tracked form must still reject into the original
// exactly and accept into what the same deletion gives without track mode, losing no text.
import { describe, expect, it } from 'vitest';
import { deleteSelection } from 'prosemirror-commands';
import { Fragment, Slice } from 'prosemirror-model';
import { TextSelection, type EditorState } from 'prosemirror-state';
import { schema } from '../../shared/schema';
import { allChangeIds, listChanges, review } from '../../shared/track';
import { alice, allText, apply, bob, editorState, posOf, res30Doc, run, withCursor } from './track-doc';

const doc = res30Doc();

function select(state: EditorState, from: number, to: number): EditorState {
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, from, to)));
}

/** Delete `from`-`to` in track mode and untracked; check both review outcomes against each other. */
function checkRange(from: number, to: number, user = alice): EditorState {
  const tracked = run(select(editorState(doc, user), from, to), deleteSelection);
  const plain = run(select(editorState(doc, user, false), from, to), deleteSelection);
  expect(tracked.doc.eq(doc)).toBe(false);
  expect(allText(tracked.doc)).toBe(allText(doc));
  expect(tracked.apply(review(tracked, allChangeIds(tracked.doc), 'reject')).doc.toJSON()).toEqual(doc.toJSON());
  expect(tracked.apply(review(tracked, allChangeIds(tracked.doc), 'accept')).doc.toJSON()).toEqual(plain.doc.toJSON());
  return tracked;
}

describe('range deletions across depths', () => {
  it('from the number line of the resolution into the proposal\'s reasons', () => {
    const state = checkRange(posOf(doc, 'RESOLUTION 30', 11), posOf(doc, 'Reasons:', 8));
    expect(listChanges(state.doc).every((c) => c.kind === 'deletion' && c.author === alice.id)).toBe(true);
  });

  it('from the paragraph before the proposal into an item of its resolution', () => {
    checkRange(posOf(doc, 'Proposals for the work', 10), posOf(doc, 'UNGA Resolution 70/125', 4));
  });

  it('from an item into the next proposal', () => {
    checkRange(posOf(doc, 'UNGA Resolution 70/125', 4), posOf(doc, 'Suppression of', 5), bob);
  });

  it('from the title back out to the paragraph before the proposal (selection made backwards)', () => {
    const from = posOf(doc, 'Proposals for the work', 4), to = posOf(doc, 'Role of the ITU', 8);
    const tracked = run(editorState(doc).apply(editorState(doc).tr.setSelection(TextSelection.create(doc, to, from))), deleteSelection);
    expect(tracked.apply(review(tracked, allChangeIds(tracked.doc), 'reject')).doc.toJSON()).toEqual(doc.toJSON());
    expect(allText(tracked.doc)).toBe(allText(doc));
  });

  it('a paste over a range from a block whose paragraph mark the user inserted into the reasons', () => {
    // Bob pastes two paragraphs at the start of the title (the title gets his new paragraph mark),
    // then pastes a word over a range from that title into the reasons
    const p = schema.nodes.paragraph;
    const two = new Slice(Fragment.from([p.create(null, schema.text('end of one')), p.create(null, schema.text('start of two'))]), 1, 1);
    const titleStart = posOf(doc, 'Role of the ITU');
    const state = apply(withCursor(editorState(doc, bob), titleStart), (tr) => tr.replaceSelection(two));
    const from = posOf(state.doc, 'end of one', 1), to = posOf(state.doc, 'Reasons:', 12);
    const word = new Slice(Fragment.from(schema.text('pasted text')), 0, 0);
    const tracked = apply(select(state, from, to), (tr) => tr.replaceSelection(word));
    const plain = apply(select(editorState(state.doc, bob, false), from, to), (tr) => tr.replaceSelection(word));
    expect(tracked.doc.eq(state.doc)).toBe(false);
    expect(tracked.apply(review(tracked, allChangeIds(tracked.doc), 'reject')).doc.toJSON()).toEqual(doc.toJSON());
    const acceptAll = (s: EditorState) => s.apply(review(s, allChangeIds(s.doc), 'accept')).doc.toJSON();
    expect(acceptAll(tracked)).toEqual(acceptAll(plain));
  });
});
