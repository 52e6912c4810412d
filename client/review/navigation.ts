// Commands of the review UI: select a change (and scroll to it), go to the next or previous
// change, turn track mode on or off, review changes by id.
import { Selection, TextSelection, type Command, type EditorState } from 'prosemirror-state';
import { isTrackMode, review, setTrackMode, type Change, type ReviewAction } from '../../shared/track';
import { changeIndex } from './change-index';
import { mayToggleTrackMode, type Reviewer } from './permissions';

/** The selection that shows `change`: its text, or the cursor at the paragraph mark or block it concerns. */
export function changeSelection(state: EditorState, change: Pick<Change, 'from' | 'to'>): Selection {
  const { doc } = state;
  const clamp = (pos: number) => Math.max(0, Math.min(doc.content.size, pos));
  const $from = doc.resolve(clamp(change.from)), $to = doc.resolve(clamp(change.to));
  if ($from.parent.inlineContent && $to.parent.inlineContent && $from.sameParent($to)) return TextSelection.create(doc, $from.pos, $to.pos);
  if ($from.parent.inlineContent) return TextSelection.create(doc, $from.pos);
  return Selection.near(doc.resolve(clamp(change.from + 1)));
}

/** Select `change` in the editor and scroll it into view. */
export function selectChange(change: Pick<Change, 'from' | 'to'>): Command {
  return (state, dispatch) => {
    if (change.from > state.doc.content.size) return false;
    dispatch?.(state.tr.setSelection(changeSelection(state, change)).scrollIntoView());
    return true;
  };
}

/** The change after (`dir` 1) or before (-1) the selection, wrapping around the document. */
export function adjacentChange(state: EditorState, dir: 1 | -1): Change | null {
  const { changes } = changeIndex(state.doc);
  if (!changes.length) return null;
  const at = state.selection.from;
  if (dir > 0) return changes.find((c) => c.from > at) ?? changes[0];
  for (let i = changes.length - 1; i >= 0; i--) if (changes[i].from < at) return changes[i];
  return changes[changes.length - 1];
}

/** Go to the next (1) or previous (-1) change. */
export function goToChange(dir: 1 | -1): Command {
  return (state, dispatch, view) => {
    const change = adjacentChange(state, dir);
    return change ? selectChange(change)(state, dispatch, view) : false;
  };
}

/** Turn track mode off or on: coordinators only. */
export function toggleTrackMode(reviewer: Reviewer): Command {
  return (state, dispatch, view) => {
    if (!mayToggleTrackMode(reviewer)) return false;
    return setTrackMode(!isTrackMode(state))(state, dispatch, view);
  };
}

/** Apply `action` to the changes `ids` as one transaction (nothing to do when empty). */
export function reviewChanges(ids: readonly string[], action: ReviewAction): Command {
  return (state, dispatch) => {
    if (!ids.length) return false;
    dispatch?.(review(state, ids, action));
    return true;
  };
}
