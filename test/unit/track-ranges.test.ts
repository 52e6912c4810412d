// Range deletions whose ends sit at different depths, on Resolution 30 (wtdc17-ecp-res30-mod.txt):
// ProseMirror re-fits the structure, and the tracked form must still reject into the original
// exactly and accept into what the same deletion gives without track mode, losing no text.
import { describe, expect, it } from 'vitest';
import { deleteSelection } from 'prosemirror-commands';
import { TextSelection, type EditorState } from 'prosemirror-state';
import { allChangeIds, listChanges, review } from '../../shared/track';
import { alice, allText, bob, editorState, posOf, res30Doc, run } from './track-doc';

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
});
