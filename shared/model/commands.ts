// Editing commands on EditorState beyond proposals and items: call headings, tabs, links.
import type { Command } from 'prosemirror-state';
import { placeTextblock } from './blocks';
import { isSafeHref } from '../schema-attrs';

/** Inserts a call heading (`considering`, `resolves` ...) after the cursor's block, or turns an empty block into one. */
export function insertCallHeading(text = ''): Command {
  return (state, dispatch) => {
    const tr = placeTextblock(state, state.schema.nodes.call_heading, null, text);
    if (!tr) return false;
    if (dispatch) dispatch(tr);
    return true;
  };
}

/** Types a tab character (ITU texts use tabs after labels and in action lines). */
export const insertTab: Command = (state, dispatch) => {
  if (!state.selection.$from.parent.inlineContent) return false;
  if (dispatch) dispatch(state.tr.insertText('\t').scrollIntoView());
  return true;
};

export { isSafeHref };

/** Links the selected text to `href`; an empty selection or an unsafe address does nothing. */
export function setLink(href: string): Command {
  return (state, dispatch) => {
    const { from, to, empty } = state.selection;
    const link = state.schema.marks.link;
    if (empty || !isSafeHref(href) || !canLink(state)) return false;
    if (dispatch) dispatch(state.tr.removeMark(from, to, link).addMark(from, to, link.create({ href: href.trim() })));
    return true;
  };
}

function canLink(state: Parameters<Command>[0]): boolean {
  const { from, to } = state.selection;
  let allowed = false;
  state.doc.nodesBetween(from, to, (node) => {
    if (node.inlineContent && node.type.allowsMarkType(state.schema.marks.link)) allowed = true;
    return !allowed;
  });
  return allowed;
}

/** Removes links from the selection (or from the link around the cursor). */
export const removeLink: Command = (state, dispatch) => {
  const link = state.schema.marks.link;
  let { from, to } = state.selection;
  if (state.selection.empty) {
    const $pos = state.selection.$from;
    const mark = link.isInSet($pos.marks());
    if (!mark) return false;
    // Widen to the text node carrying the link around the cursor.
    const start = $pos.start();
    let found = false;
    $pos.parent.forEach((child, offset) => {
      const childFrom = start + offset;
      const childTo = childFrom + child.nodeSize;
      if (!found && childFrom <= $pos.pos && childTo >= $pos.pos && mark.isInSet(child.marks)) {
        from = childFrom;
        to = childTo;
        found = true;
      }
    });
    if (!found) return false;
  } else if (!state.doc.rangeHasMark(from, to, link)) {
    return false;
  }
  if (dispatch) dispatch(state.tr.removeMark(from, to, link));
  return true;
};
