// Putting new content into the editor: a proposal unit after the block holding the cursor, and the
// blocks of an imported file. `untracked` (coordinators only: the server refuses untracked edits
// of drafters) applies the insertion with UNTRACKED_META, so it becomes base text; otherwise the
// suggest-mode plugin records it as the user's tracked insertion. For a unit the server inserts
// (a drafter's MOD): the index it should go to, finding it once it arrived, the cursor into it.
import { Fragment, type Node as PMNode } from 'prosemirror-model';
import { Selection, type Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { UNTRACKED_META } from '../../shared/track';

/** The top-level position after the block holding the selection (after the cover in the cover). */
function insertionPoint(view: EditorView): number {
  const { $from } = view.state.selection;
  return $from.depth > 0 ? $from.after(1) : view.state.doc.content.size;
}

/** The top-level index a new unit takes: after the block holding the selection (after the cover in the cover). */
export function insertionIndex(view: EditorView): number {
  return view.state.doc.resolve(insertionPoint(view)).index(0);
}

/** The position of the top-level proposal `ref`, preferring the one at `index`; null when there is none. */
export function proposalPosition(doc: PMNode, ref: string, index: number): number | null {
  let found: number | null = null;
  doc.forEach((node, offset, i) => {
    if (node.type.name !== 'proposal' || node.attrs.ref !== ref) return;
    if (found === null || i === index) found = offset;
  });
  return found;
}

/** Puts the cursor at the start of the node at `pos` (a unit: into its intro paragraph) and shows it. */
export function moveCursorInto(view: EditorView, pos: number): void {
  const tr = view.state.tr;
  view.dispatch(tr.setSelection(Selection.near(tr.doc.resolve(pos + 1))).scrollIntoView());
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
