// Cursor behaviour around deleted text: the left and right arrow keys step over a run of deleted
// (struck-through) text in one press, as over a single character, so the cursor never lingers
// inside text that is going away. Typing at the edge of a deletion is the engine's business: its
// insertions never take the deletion mark (shared/track/insertion.ts, insertionPoint).
import type { ResolvedPos } from 'prosemirror-model';
import { Plugin, TextSelection } from 'prosemirror-state';
import { schema } from '../../shared/schema';

const deletion = schema.marks.deletion;

/**
 * Where the cursor at `$head` lands when moved in direction `dir` over the deleted text next to
 * it: the far edge of that run; null when the next character is not deleted.
 */
export function overDeletedText($head: ResolvedPos, dir: 1 | -1): number | null {
  const parent = $head.parent;
  if (!parent.inlineContent) return null;
  const spans: { from: number; to: number; deleted: boolean }[] = [];
  parent.forEach((child, offset) => spans.push({ from: offset, to: offset + child.nodeSize, deleted: !!deletion.isInSet(child.marks) }));
  const at = $head.parentOffset;
  if (dir > 0) {
    let i = spans.findIndex((s) => s.to > at);
    if (i < 0 || !spans[i].deleted) return null;
    while (i + 1 < spans.length && spans[i + 1].deleted) i++;
    return $head.start() + spans[i].to;
  }
  let i = spans.length - 1;
  while (i >= 0 && spans[i].from >= at) i--;
  if (i < 0 || !spans[i].deleted) return null;
  while (i > 0 && spans[i - 1].deleted) i--;
  return $head.start() + spans[i].from;
}

/** The plugin: ArrowLeft/ArrowRight (with Shift, extending the selection) step over deleted runs. */
export function deletedTextCursor(): Plugin {
  return new Plugin({
    props: {
      handleKeyDown(view, event) {
        if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return false;
        if (event.ctrlKey || event.metaKey || event.altKey) return false;
        const sel = view.state.selection;
        if (!(sel instanceof TextSelection) || (!sel.empty && !event.shiftKey)) return false;
        const rtl = getComputedStyle(view.dom).direction === 'rtl';
        const dir: 1 | -1 = (event.key === 'ArrowRight') !== rtl ? 1 : -1;
        const target = overDeletedText(sel.$head, dir);
        if (target === null) return false;
        const anchor = event.shiftKey ? sel.anchor : target;
        view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, anchor, target)).scrollIntoView());
        return true;
      },
    },
  });
}
