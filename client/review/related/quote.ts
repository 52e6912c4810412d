// Quoting an extract of a related resolution into the draft: a new paragraph after the textblock
// holding the cursor (where its parent takes a paragraph, else after the top-level block), made by
// an ordinary transaction, so track mode records it as the user's insertion.
import { Selection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { schema } from '../../../shared/schema';

/** Inserts `text` as a paragraph near the cursor; returns false when there is no place for it. */
export function insertQuote(view: EditorView, text: string): boolean {
  const { state } = view;
  const { $from } = state.selection;
  const paragraph = schema.nodes.paragraph.create(null, schema.text(text));
  for (let d = $from.depth; d > 0; d--) {
    const parent = $from.node(d - 1);
    const index = $from.index(d - 1) + 1;
    if (parent.type.name === 'cover' || !parent.canReplaceWith(index, index, schema.nodes.paragraph)) continue;
    const pos = $from.after(d);
    const tr = state.tr.insert(pos, paragraph);
    tr.setSelection(Selection.near(tr.doc.resolve(pos + 1)));
    view.dispatch(tr.scrollIntoView());
    return true;
  }
  return false;
}
