// Helpers for the model commands: where the cursor's textblock is and how to add a block next to it.
import type { Node as PMNode, NodeType, ResolvedPos } from 'prosemirror-model';
import { TextSelection, type EditorState, type Transaction } from 'prosemirror-state';

/** The textblock holding the selection head, with its depth and container; null outside textblocks. */
export interface TextblockAt {
  node: PMNode;
  depth: number;
  /** Position before the textblock. */
  pos: number;
  container: PMNode;
  /** Index of the textblock in its container. */
  index: number;
}

export function textblockAt($pos: ResolvedPos): TextblockAt | null {
  if (!$pos.parent.isTextblock || $pos.depth === 0) return null;
  const depth = $pos.depth;
  return { node: $pos.parent, depth, pos: $pos.before(depth), container: $pos.node(depth - 1), index: $pos.index(depth - 1) };
}

/** The nearest ancestor of `$pos` of the given type, with its position; null when there is none. */
export function ancestorOfType($pos: ResolvedPos, name: string): { node: PMNode; pos: number; depth: number } | null {
  for (let depth = $pos.depth; depth > 0; depth--) {
    const node = $pos.node(depth);
    if (node.type.name === name) return { node, pos: $pos.before(depth), depth };
  }
  return null;
}

/**
 * Puts a new textblock of `type` with `text` next to the cursor's textblock: in its place when
 * that block is empty and may become one, else right after it. The cursor ends at the end of
 * `text`. Returns null when the container allows no such block there.
 */
export function placeTextblock(state: EditorState, type: NodeType, attrs: Record<string, unknown> | null, text: string): Transaction | null {
  const at = textblockAt(state.selection.$head);
  if (!at) return null;
  const content = text ? state.schema.text(text) : null;
  const block = type.createChecked(attrs, content);
  const tr = state.tr;
  let start: number;
  if (at.node.content.size === 0 && at.container.canReplaceWith(at.index, at.index + 1, type)) {
    tr.replaceWith(at.pos, at.pos + at.node.nodeSize, block);
    start = at.pos;
  } else if (at.container.canReplaceWith(at.index + 1, at.index + 1, type)) {
    start = at.pos + at.node.nodeSize;
    tr.insert(start, block);
  } else {
    return null;
  }
  tr.setSelection(TextSelection.create(tr.doc, start + 1 + block.content.size));
  return tr.scrollIntoView();
}
