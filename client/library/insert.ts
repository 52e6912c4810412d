// Putting new content into the editor: a proposal unit after the block holding the cursor, and the
// blocks of an imported file. `untracked` (coordinators only: the server refuses untracked edits
// of drafters) applies the insertion with UNTRACKED_META, so it becomes base text; otherwise the
// suggest-mode plugin records it as the user's tracked insertion.
import { Fragment, type Node as PMNode } from 'prosemirror-model';
import { Selection, type Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { UNTRACKED_META } from '../../shared/track';

/** The top-level position after the block holding the selection (after the cover in the cover). */
function insertionPoint(view: EditorView): number {
  const { $from } = view.state.selection;
  return $from.depth > 0 ? $from.after(1) : view.state.doc.content.size;
}

function dispatchInsert(view: EditorView, pos: number, content: Fragment | PMNode, untracked: boolean): Transaction {
  const tr = view.state.tr.insert(pos, content);
  if (untracked) tr.setMeta(UNTRACKED_META, true);
  tr.setSelection(Selection.near(tr.doc.resolve(pos + 1)));
  view.dispatch(tr.scrollIntoView());
  return tr;
}

/** Inserts a proposal unit; returns false when the document cannot take it there. */
export function insertUnit(view: EditorView, unit: PMNode, untracked: boolean): boolean {
  const pos = insertionPoint(view);
  const index = view.state.doc.resolve(pos).index(0);
  if (!view.state.doc.canReplaceWith(index, index, unit.type)) return false;
  dispatchInsert(view, pos, unit, untracked);
  return true;
}

/** Inserts the body blocks of an imported document (its cover left out) as a tracked insertion; returns how many. */
export function insertImported(view: EditorView, doc: PMNode): number {
  const blocks: PMNode[] = [];
  doc.forEach((node) => {
    if (node.type.name !== 'cover') blocks.push(node);
  });
  if (!blocks.length) return 0;
  const pos = insertionPoint(view);
  const fragment = Fragment.from(blocks);
  const $pos = view.state.doc.resolve(pos);
  if (!view.state.doc.canReplace($pos.index(0), $pos.index(0), fragment)) return 0;
  dispatchInsert(view, pos, fragment, false);
  return blocks.length;
}
