// The client's arrow keys over deleted text (client/review/deleted-text.ts) on the engine's own
// marks: runs made of several changes (two authors, a deletion of someone's insertion) are one
// run for the cursor, and what Backspace/Delete and typing do at its edges agrees with where the
// arrows stop.
import { describe, expect, it } from 'vitest';
import { overDeletedText } from '../../client/review/deleted-text';
import { listChanges } from '../../shared/track';
import { alice, apply, bob, editorState, liveText, posOf, res30Doc, withCursor } from './track-doc';

const doc = res30Doc();

/** "Resolution 71" struck through by three changes: Alice's, Bob's, and Bob's of Alice's insertion. */
function mixedRun() {
  const at = posOf(doc, 'Resolution 71');
  let state = apply(withCursor(editorState(doc, alice), at), (tr) => tr.insertText('new '));
  state = apply(withCursor(state, at + 14, at + 4), (tr) => tr.deleteSelection());
  state = editorState(state.doc, bob);
  state = apply(withCursor(state, at + 17, at + 14), (tr) => tr.deleteSelection());
  state = apply(withCursor(state, at + 4, at), (tr) => tr.deleteSelection());
  return { state, start: at, end: at + 17 };
}

describe('arrow keys over the engine\'s deleted runs', () => {
  it('a run of several changes by two authors is one step for the cursor', () => {
    const { state, start, end } = mixedRun();
    expect(listChanges(state.doc).filter((c) => c.kind === 'deletion').map((c) => `${c.authorName}:${c.text}`))
      .toEqual(['Bob:new ', 'Alice:Resolution', 'Bob: 71']);
    expect(state.doc.textBetween(start, end)).toBe('new Resolution 71');
    const at = (pos: number) => state.doc.resolve(pos);
    expect(overDeletedText(at(start), 1)).toBe(end);
    expect(overDeletedText(at(end), -1)).toBe(start);
    expect(overDeletedText(at(start + 9), 1)).toBe(end);
    expect(overDeletedText(at(start + 9), -1)).toBe(start);
  });

  it('Backspace at either edge deletes the character before the run, as the arrows see it', () => {
    const { state, start, end } = mixedRun();
    const fromEnd = apply(withCursor(state, end), (tr) => tr.delete(end - 1, end));
    const fromStart = apply(withCursor(state, start), (tr) => tr.delete(start - 1, start));
    expect(liveText(fromEnd.doc)).toBe(liveText(fromStart.doc));
    expect(fromEnd.selection.head).toBe(start - 1);
    expect(overDeletedText(fromEnd.doc.resolve(fromEnd.selection.head), 1)).toBe(end);
  });

  it('typing where an arrow stopped stays out of the run', () => {
    const { state, start, end } = mixedRun();
    for (const pos of [start, end]) {
      const typed = apply(withCursor(state, pos), (tr) => tr.insertText('X'));
      expect(typed.doc.textBetween(start, end + 1)).toBe(pos === start ? 'Xnew Resolution 71' : 'new Resolution 71X');
      const x = typed.doc.resolve(pos + 1).nodeBefore!;
      expect(x.marks.map((m) => m.type.name)).toEqual(['insertion']);
    }
  });
});
