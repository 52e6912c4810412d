// Review: agree to, reject or accept tracked changes by id, as one ordinary transaction.
// agree keeps the change as a revision of the proposal (status 'agreed'); reject reverts it;
// accept makes it part of the text and drops the record.
import type { Mark, Node as PMNode } from 'prosemirror-model';
import type { EditorState, Transaction } from 'prosemirror-state';
import { canJoin } from 'prosemirror-transform';
import type { BlockRevision } from '../schema';
import { restoredMarkup } from './attributes';
import { joinedRecords } from './deletion';
import { REVIEW_META } from './plugin';
import { blockRecords, deletionMark, insertionMark, recordList } from './revision';

export type ReviewAction = 'agree' | 'reject' | 'accept';

const ACTIONS: readonly ReviewAction[] = ['agree', 'reject', 'accept'];

interface BlockTask {
  pos: number;
  node: PMNode;
}

/**
 * A transaction applying `action` to the changes with the given ids. It carries the review
 * meta, so track mode does not track it, and is an ordinary edit otherwise (undoable, synced).
 */
export function review(state: EditorState, ids: readonly string[], action: ReviewAction): Transaction {
  if (!ACTIONS.includes(action)) throw new Error(`review: unknown action "${String(action)}" (expected agree, reject or accept)`);
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) throw new Error('review: ids must be an array of strings');
  const tr = state.tr.setMeta(REVIEW_META, { ids: [...ids], action });
  const selected = new Set(ids);
  if (!selected.size) return tr;
  const blocks = reviewInline(tr, selected, action);
  reviewBlocks(tr, blocks, selected, action);
  return tr;
}

/** Revision marks: status updates and mark removals first, then text removals from the end. */
function reviewInline(tr: Transaction, ids: Set<string>, action: ReviewAction): BlockTask[] {
  const removals: [number, number][] = [];
  const blocks: BlockTask[] = [];
  const inSet = (mark: Mark | undefined) => !!mark && ids.has(mark.attrs.id);
  tr.doc.descendants((node, pos) => {
    if (!node.isInline) {
      if (blockRecords(node).some((r) => ids.has(r.id))) blocks.push({ pos, node });
      return true;
    }
    const ins = insertionMark(node), del = deletionMark(node);
    const end = pos + node.nodeSize;
    if (!inSet(ins) && !inSet(del)) return false;
    const remove = (action === 'reject' && inSet(ins)) || (action === 'accept' && inSet(del));
    if (remove) {
      const last = removals[removals.length - 1];
      if (last && last[1] === pos) last[1] = end;
      else removals.push([pos, end]);
      return false;
    }
    for (const mark of [ins, del]) {
      if (!mark || !inSet(mark)) continue;
      if (action === 'agree') tr.addMark(pos, end, mark.type.create({ ...mark.attrs, status: 'agreed' }));
      else tr.removeMark(pos, end, mark);
    }
    return false;
  });
  const start = tr.steps.length;
  for (let i = removals.length - 1; i >= 0; i--) tr.delete(removals[i][0], removals[i][1]);
  const mapping = tr.mapping.slice(start);
  return blocks.map(({ pos, node }) => ({ pos: mapping.map(pos, 1), node }));
}

/**
 * Block records, last block first so earlier positions stay valid. A paragraph mark that goes
 * (a rejected insertion, an accepted deletion) joins its block with the next one; a block left
 * empty that had content, or one that is not a textblock, goes entirely (Word's whole-paragraph
 * revision).
 */
function reviewBlocks(tr: Transaction, blocks: BlockTask[], ids: Set<string>, action: ReviewAction): void {
  for (let i = blocks.length - 1; i >= 0; i--) {
    const { pos, node: before } = blocks[i];
    const node = tr.doc.nodeAt(pos);
    if (!node) continue;
    const records = blockRecords(node);
    const chosen = (r: BlockRevision) => ids.has(r.id);
    if (action === 'agree') {
      tr.setNodeAttribute(pos, 'track', records.map((r) => (chosen(r) ? { ...r, status: 'agreed' as const } : r)));
      continue;
    }
    const markGoes = records.some((r) => chosen(r) && r.kind === (action === 'reject' ? 'insertion' : 'deletion'));
    const attribute = action === 'reject' ? records.find((r) => chosen(r) && r.kind === 'attribute') : undefined;
    // A paragraph mark that goes takes all its records with it; other chosen records are settled.
    const rest = records.filter((r) => !chosen(r) && !(markGoes && r.kind !== 'attribute'));
    if (attribute) {
      const { type, attrs } = restoredMarkup(node, attribute);
      tr.setNodeMarkup(pos, type, { ...attrs, track: recordList(rest) }, node.marks);
    } else {
      tr.setNodeAttribute(pos, 'track', recordList(rest));
    }
    if (markGoes) removeParagraphMark(tr, pos, before.content.size > 0);
  }
}

/** The paragraph mark of the block at `pos` goes: drop the emptied block, or join it with the next. */
function removeParagraphMark(tr: Transaction, pos: number, hadContent: boolean): void {
  const node = tr.doc.nodeAt(pos)!;
  const end = pos + node.nodeSize;
  if (!node.isTextblock || (hadContent && node.content.size === 0)) {
    deleteBlock(tr, pos, end);
    return;
  }
  const next = tr.doc.resolve(end).nodeAfter;
  if (!next || !canJoin(tr.doc, end)) return;
  const track = joinedRecords(node, next);
  tr.join(end);
  tr.setNodeAttribute(pos, 'track', track);
}

/** Remove a whole block; where the schema needs the parent to keep it, empty it instead. */
function deleteBlock(tr: Transaction, pos: number, end: number): void {
  const $pos = tr.doc.resolve(pos);
  if ($pos.parent.canReplace($pos.index(), $pos.index() + 1)) tr.delete(pos, end);
  else if (tr.doc.nodeAt(pos)!.content.size) tr.replaceWith(pos + 1, end - 1, []);
}
