// Enter in track mode is settled by a local test instead of reviewing the neighbourhood
// (shared/track/recorded-split.ts): it must say yes exactly where the review says yes.
import { describe, expect, it } from 'vitest';
import type { Node as PMNode } from 'prosemirror-model';
import { setBlockType, splitBlock } from 'prosemirror-commands';
import type { EditorState } from 'prosemirror-state';
import { schema } from '../../shared/schema';
import { reviewAgrees } from '../../shared/track/agreement';
import { isRecordedSplit } from '../../shared/track/recorded-split';
import { apply, editorState, posOf, res30Doc, run, withCursor } from './track-doc';

const doc = res30Doc();

/** The three documents of an Enter at the cursor: before, tracked, and the same Enter untracked. */
function enter(state: EditorState): { before: PMNode; tracked: PMNode; plain: PMNode; state: EditorState } {
  const next = run(state, splitBlock);
  const untracked = editorState(state.doc, undefined, false);
  const plain = run(untracked.apply(untracked.tr.setSelection(state.selection.map(state.doc, untracked.tr.mapping))), splitBlock).doc;
  return { before: state.doc, tracked: next.doc, plain, state: next };
}

describe('an Enter settled without review', () => {
  it('in a clean paragraph and in text typed in track mode, each time as the review says', () => {
    let state = withCursor(editorState(doc), posOf(doc, 'The World Telecommunication Development Conference', 'The World'.length));
    for (const words of ['first', 'second', 'third']) {
      const step = enter(state);
      expect(isRecordedSplit(step.tracked, step.before, step.plain)).toBe(true);
      expect(reviewAgrees(step.tracked, step.before, step.plain)).toBe(true);
      state = apply(step.state, (tr) => tr.insertText(` ${words} line`));
    }
    // the last Enters split blocks whose own paragraph marks are tracked insertions
    expect(state.doc.textContent).toContain(' third line');
  });

  it('not for a block with an attribute change, nor for a first half that lost its record', () => {
    const at = posOf(doc, 'The World Telecommunication Development Conference', 3);
    const retyped = run(withCursor(editorState(doc), at), setBlockType(schema.nodes.call_heading));
    const step = enter(retyped);
    expect(isRecordedSplit(step.tracked, step.before, step.plain)).toBe(false);
    expect(reviewAgrees(step.tracked, step.before, step.plain)).toBe(true);

    // The new paragraph mark's record moved to the second half: wrong, and both tests say so.
    const clean = enter(withCursor(editorState(doc), at));
    const $first = clean.tracked.resolve(at);
    const first = $first.before(), second = $first.after();
    const record = clean.tracked.nodeAt(first)!.attrs.track;
    const moved = editorState(clean.tracked, undefined, false).tr
      .setNodeAttribute(first, 'track', null).setNodeAttribute(second, 'track', record).doc;
    expect(isRecordedSplit(moved, clean.before, clean.plain)).toBe(false);
    expect(reviewAgrees(moved, clean.before, clean.plain)).toBe(false);
  });
});
