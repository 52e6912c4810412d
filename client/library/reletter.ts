// Relettering from the toolbar and the hint: only for the list at the cursor, so that the check
// made on every state stays cheap (the whole WTDC-22 collection takes ~100 ms; one list < 1 ms).
import type { Command, EditorState } from 'prosemirror-state';
import { findLabelFixes, reletterItems, type LabelFix } from '../../shared/model/reletter';

/** The item holding the cursor, or right after it, as a range; null elsewhere. */
export function itemAtCursor(state: EditorState): { from: number; to: number } | null {
  const { $from } = state.selection;
  if ($from.parent.type.name === 'item') return { from: $from.before(), to: $from.after() };
  const after = $from.nodeAfter;
  return after?.type.name === 'item' ? { from: $from.pos, to: $from.pos + after.nodeSize } : null;
}

/** The label fixes of the list at the cursor (none outside lists). */
export function fixesAtCursor(state: EditorState): LabelFix[] {
  const range = itemAtCursor(state);
  return range ? findLabelFixes(state.doc, range) : [];
}

/** Reletters the list at the cursor; not applicable outside a list or when its labels are right. */
export const reletterAtCursor: Command = (state, dispatch) => {
  const range = itemAtCursor(state);
  return range ? reletterItems(range.from)(state, dispatch) : false;
};
