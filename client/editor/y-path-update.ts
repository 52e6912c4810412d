// Writing a local edit to the Y.XmlFragment along the edit's path only. y-prosemirror's
// updateYFragment (1.3.7) compares each level's changed child with its Yjs twin in full
// (equalYTypePNode, no shortcut through its node mapping) before updating it: typing in a cell of a
// 400-row table compared every row before the cell's, twice, on every key (half of the client's
// script time per key in bench/large-typing.ts). Here the levels where exactly one child is a
// new node, with the same type, the same number of children and nothing else new, are walked
// down through the mapping; updateYFragment then runs from the deepest of them, where it finds
// what it found before. Each level passed gets what updateYFragment gives it: its mapping entry
// and its attributes brought up to date. Anything else (inserted or removed children, several
// changed, a changed type) is left to updateYFragment at that level.
//
// In the textblock reached, the text is first changed at the caret (typeAtCaret): updateYFragment
// diffs a block's old and new text as plain strings, so a letter typed before the same letter
// ("R|ation" + "a") was written after it, the word's old "a" becoming the insertion. Every relative
// position on that "a" (another person's caret, y-prosemirror's saved selection) then moved into
// the insertion: someone whose caret was where the text was typed went on typing inside it.
import type { Node as PMNode } from 'prosemirror-model';
import { getRelativeSelection, ySyncPluginKey, updateYFragment, type ProsemirrorBinding } from 'y-prosemirror';
import { simpleDiffStringWithCursor } from 'lib0/diff';
import * as Y from 'yjs';

type Meta = Parameters<typeof updateYFragment>[3];

/** updateYFragment's update of one element's attributes (y-prosemirror's own rule: null removes). */
function updateAttrs(yNode: Y.XmlElement, pNode: PMNode): void {
  const yAttrs = yNode.getAttributes() as Record<string, unknown>;
  const pAttrs = pNode.attrs;
  for (const key in pAttrs) {
    if (pAttrs[key] !== null) {
      if (yAttrs[key] !== pAttrs[key] && key !== 'ychange') yNode.setAttribute(key, pAttrs[key]);
    } else yNode.removeAttribute(key);
  }
  for (const key in yAttrs) if (pAttrs[key] === undefined) yNode.removeAttribute(key);
}

/** The one child of `pNode` the mapping does not know, or -1 for none, -2 for several. */
function changedChild(yChildren: ReadonlyArray<unknown>, pNode: PMNode, meta: Meta): number {
  let changed = -1;
  for (let i = 0; i < yChildren.length; i++) {
    if (meta.mapping.get(yChildren[i] as Y.XmlElement) === pNode.child(i)) continue;
    if (changed >= 0) return -2;
    changed = i;
  }
  return changed;
}

/**
 * Brings the text of a textblock of plain text (one Y.XmlText) to `pNode`'s, changing it where the
 * edit was: the change ends at `caret` (the caret after the edit, an offset in the block) when text
 * was added, starts there otherwise. Marks are left to updateYFragment, which then finds the same
 * text. Anything else (inline nodes, a caret outside the block) is left to updateYFragment.
 */
function typeAtCaret(yNode: Y.XmlFragment, pNode: PMNode, caret: number): void {
  if (!(yNode instanceof Y.XmlElement) || caret < 0 || caret > pNode.content.size) return;
  const children = yNode.toArray();
  if (children.length !== 1 || !(children[0] instanceof Y.XmlText)) return;
  let plain = true;
  pNode.forEach((node) => { plain &&= node.isText; });
  if (!plain) return;
  const ytext = children[0];
  const delta = ytext.toDelta() as Array<{ insert: unknown }>;
  if (delta.some((d) => typeof d.insert !== 'string')) return;
  const before = delta.map((d) => d.insert as string).join('');
  const after = pNode.textContent;
  if (before === after) return;
  const grown = Math.max(0, after.length - before.length);
  const { index, remove, insert } = simpleDiffStringWithCursor(before, after, Math.max(0, caret - grown));
  if (remove) ytext.delete(index, remove);
  if (insert) ytext.insert(index, insert);
}

/**
 * updateYFragment(y, fragment, doc, meta), starting below the levels an edit passed through
 * unchanged; `caret` (the selection's head in `doc`, when collapsed) places a text change.
 */
export function updateYFragmentAlongPath(y: Y.Doc, fragment: Y.XmlFragment, doc: PMNode, meta: Meta, caret: number | null = null): void {
  let yNode: Y.XmlFragment = fragment;
  let pNode = doc;
  // where pNode's content starts in doc
  let start = 0;
  y.transact(() => {
    for (;;) {
      if (pNode.inlineContent || (yNode instanceof Y.XmlElement && yNode.nodeName !== pNode.type.name)) break;
      const yChildren = yNode.toArray();
      if (yChildren.length !== pNode.childCount) break;
      const i = changedChild(yChildren, pNode, meta);
      if (i < 0) break; // nothing new below (cheap for updateYFragment), or several changes
      const yChild = yChildren[i], pChild = pNode.child(i);
      if (!(yChild instanceof Y.XmlElement) || yChild.nodeName !== pChild.type.name) break;
      meta.mapping.set(yNode, pNode);
      if (yNode instanceof Y.XmlElement) updateAttrs(yNode, pNode);
      for (let j = 0; j < i; j++) start += pNode.child(j).nodeSize;
      start += 1;
      yNode = yChild;
      pNode = pChild;
    }
    if (caret !== null && pNode.inlineContent) typeAtCaret(yNode, pNode, caret - start);
    updateYFragment(y, yNode, pNode, meta);
  });
}

/** Makes `binding` write local edits with updateYFragmentAlongPath (its _prosemirrorChanged otherwise unchanged). */
export function writeAlongPath(binding: ProsemirrorBinding): void {
  binding._prosemirrorChanged = function (this: ProsemirrorBinding, doc: PMNode) {
    this.doc.transact(() => {
      const sel = this.prosemirrorView!.state.selection;
      updateYFragmentAlongPath(this.doc, this.type, doc, this as unknown as Meta, sel.empty ? sel.head : null);
      this.beforeTransactionSelection = getRelativeSelection(this, this.prosemirrorView!.state);
    }, ySyncPluginKey);
  };
}
