// The text of a document's textblocks with a map back to positions, for word diffs of two
// documents (the compare view, a tracked restore): each inline leaf is one character, so a
// character range cuts back into the block's content exactly. Pure: no DOM, no Yjs.
import type { Fragment, Node as PMNode } from 'prosemirror-model';

export interface Textblock {
  node: PMNode;
  /** Position of the block in its document (before its opening token). */
  pos: number;
  text: string;
  /** Offset in the block's content of each character of `text`. */
  offsets: number[];
}

/** The character an inline leaf (hard break, footnote) reads as. */
export type LeafText = (node: PMNode) => string;

/** A hard break reads as a line break, any other leaf as the object replacement character. */
export const leafChar: LeafText = (node) => (node.type.name === 'hard_break' ? '\n' : '\ufffc');

/** The textblocks of `doc` in document order. `leaf` must give one character per leaf. */
export function textblocks(doc: PMNode, leaf: LeafText = leafChar): Textblock[] {
  const blocks: Textblock[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    let text = '';
    const offsets: number[] = [];
    node.forEach((child, offset) => {
      if (child.isText) {
        for (let i = 0; i < child.text!.length; i++) offsets.push(offset + i);
        text += child.text;
      } else {
        offsets.push(offset);
        text += leaf(child);
      }
    });
    blocks.push({ node, pos, text, offsets });
    return false;
  });
  return blocks;
}

/** The block's content offset of character `index` (the content's end past the last one). */
export function contentOffset(block: Textblock, index: number): number {
  return index < block.offsets.length ? block.offsets[index] : block.node.content.size;
}

/** The block's content from character `from` to character `to`. */
export function textSlice(block: Textblock, from: number, to: number): Fragment {
  return block.node.content.cut(contentOffset(block, from), contentOffset(block, to));
}
