// Where a paste of several paragraphs ends inside a block, the rest of that block keeps its type,
// as in Word (the paragraph mark after the pasted text is the block's own). ProseMirror gave the
// rest the type of the last pasted paragraph: pasting two paragraphs into the middle of an item
// turned the rest of the item into a plain paragraph (found by a new-user review).
import { Slice, type Node as PMNode } from 'prosemirror-model';

/**
 * `slice` with its last block, when it is an open textblock, given the type and attrs of `target`
 * (the textblock the paste ends in); `slice` itself when that cannot be or changes nothing.
 */
export function keepTargetTypeAtEnd(slice: Slice, target: PMNode): Slice {
  const { content, openEnd } = slice;
  if (openEnd !== 1 || content.childCount < 2 || !target.isTextblock) return slice;
  const last = content.lastChild!;
  if (!last.isTextblock || (last.type === target.type && last.sameMarkup(target))) return slice;
  if (!target.type.validContent(last.content)) return slice;
  // the block's revision records stay with its first part, as in a split
  const attrs = 'track' in target.attrs ? { ...target.attrs, track: null } : target.attrs;
  const kept = target.type.create(attrs, last.content, last.marks);
  return new Slice(content.replaceChild(content.childCount - 1, kept), slice.openStart, openEnd);
}

