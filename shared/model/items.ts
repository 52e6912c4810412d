// Labelled items: inserting one with the next label, Enter that continues the list, Tab levels.
import type { Node as PMNode } from 'prosemirror-model';
import { TextSelection, type Command, type EditorState } from 'prosemirror-state';
import { placeTextblock, textblockAt } from './blocks';
import { firstLabel, itemLabel, nextLabel } from './labels';

/** Deepest item level the view and export know (sub-sub-sub-items). */
export const MAX_ITEM_LEVEL = 3;

/**
 * The label a new item at `level` after child `index` of `container` should get: the one after
 * the previous item of that level, or the first of a list (after a call heading, or under a
 * shallower item).
 */
export function labelAfter(container: PMNode, index: number, level: number): string {
  for (let i = index; i >= 0; i--) {
    const node = container.child(i);
    if (node.type.name === 'item') {
      const nodeLevel = node.attrs.level as number;
      if (nodeLevel === level) {
        const label = itemLabel(node);
        if (label) return nextLabel(label, level);
      }
      if (nodeLevel < level) return firstLabel(null, level);
    } else if (node.type.name === 'call_heading') {
      return firstLabel(node.textContent, level);
    }
  }
  return firstLabel(null, level);
}

/** Inserts a labelled item after the cursor's block (or in place of an empty block). */
export const insertItem: Command = (state, dispatch) => {
  const at = textblockAt(state.selection.$head);
  if (!at) return false;
  const level = at.node.type.name === 'item' ? (at.node.attrs.level as number) : 0;
  const label = labelAfter(at.container, at.index, level);
  const tr = placeTextblock(state, state.schema.nodes.item, { level }, `${label}\t`);
  if (!tr) return false;
  if (dispatch) dispatch(tr);
  return true;
};

function isEmptyItem(item: PMNode): boolean {
  const label = itemLabel(item);
  const text = item.textContent;
  return text.trim() === '' || (label !== null && text.slice(text.indexOf('\t') + 1).trim() === '');
}

/**
 * Enter in an item: splits it into a next item of the same level that starts with the next
 * label. Enter in an item with nothing but its label ends the list: it becomes a paragraph.
 */
export const splitItem: Command = (state, dispatch) => {
  const { $from, $to } = state.selection;
  const item = $from.parent;
  if (item.type.name !== 'item' || !$from.sameParent($to)) return false;
  if (isEmptyItem(item) && state.selection.empty) {
    const at = textblockAt($from)!;
    const paragraph = state.schema.nodes.paragraph;
    if (!at.container.canReplaceWith(at.index, at.index + 1, paragraph)) return false;
    if (dispatch) {
      const tr = state.tr.replaceWith(at.pos, at.pos + item.nodeSize, paragraph.create());
      tr.setSelection(TextSelection.create(tr.doc, at.pos + 1));
      dispatch(tr.scrollIntoView());
    }
    return true;
  }
  if (dispatch) {
    const level = item.attrs.level as number;
    const label = itemLabel(item);
    const tr = state.tr;
    if (!state.selection.empty) tr.deleteSelection();
    const pos = tr.selection.from;
    tr.split(pos, 1, [{ type: item.type, attrs: { level } }]);
    if (label) tr.insertText(`${nextLabel(label, level)}\t`, pos + 2);
    dispatch(tr.scrollIntoView());
  }
  return true;
};

function itemsInSelection(state: EditorState): { node: PMNode; pos: number }[] {
  const found: { node: PMNode; pos: number }[] = [];
  const { from, to } = state.selection;
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (node.type.name === 'item') found.push({ node, pos });
    return !node.isTextblock;
  });
  return found;
}

/** Moves the selected items `delta` levels in (positive) or out (negative), within 0..MAX_ITEM_LEVEL. */
export function changeItemLevel(delta: number): Command {
  return (state, dispatch) => {
    const changes = itemsInSelection(state)
      .map(({ node, pos }) => ({ node, pos, level: Math.min(MAX_ITEM_LEVEL, Math.max(0, (node.attrs.level as number) + delta)) }))
      .filter(({ node, level }) => level !== node.attrs.level);
    if (!changes.length) return false;
    if (dispatch) {
      const tr = state.tr;
      for (const { node, pos, level } of changes) tr.setNodeMarkup(pos, undefined, { ...node.attrs, level });
      dispatch(tr);
    }
    return true;
  };
}

/**
 * Tab right after a label being typed at the start of an item (`b)` with no tab yet) inserts
 * the tab that ends the label, as in the ITU's Word files.
 */
export const insertLabelTab: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  const item = $from.parent;
  if (!empty || item.type.name !== 'item' || item.textContent.includes('\t')) return false;
  const before = item.textBetween(0, $from.parentOffset);
  if (!/^\(?([a-zA-Z]{1,4}|\d{1,3})[).]?$|^[–•-]$/.test(before)) return false;
  if (dispatch) dispatch(state.tr.insertText('\t'));
  return true;
};
