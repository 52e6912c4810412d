// Review: agree to, reject or accept tracked changes by id, as one ordinary transaction.
// agree keeps the change as a revision of the proposal (status 'agreed'); reject reverts it;
// accept makes it part of the text and drops the record. For a formatting change, reject gives
// back the formatting before and accept keeps the current one.
import type { Mark, Node as PMNode } from 'prosemirror-model';
import type { EditorState, Transaction } from 'prosemirror-state';
import type { Transform } from 'prosemirror-transform';
import type { BlockRevision } from '../schema';
import { restoredMarkup } from './attributes';
import { joinBlocks, joinedRecords } from './deletion';
import { REVIEW_META, blockRecords, deletionMark, formatChangeMark, insertionMark, recordList } from './revision';
import { restoreFormat, settleFormat } from './format-change';
import { isUnitRecord } from './unit';

export type ReviewAction = 'agree' | 'reject' | 'accept';

const ACTIONS: readonly ReviewAction[] = ['agree', 'reject', 'accept'];

interface BlockTask {
  pos: number;
  node: PMNode;
  /** Everything inside goes with the reviewed changes: the block itself goes, not just its mark. */
  whole: boolean;
}

/**
 * A transaction applying `action` to the changes with the given ids. It carries the review
 * meta, so track mode does not track it, and is an ordinary edit otherwise (undoable, synced).
 */
export function review(state: EditorState, ids: readonly string[], action: ReviewAction): Transaction {
  if (!ACTIONS.includes(action)) throw new Error(`review: unknown action "${String(action)}" (expected agree, reject or accept)`);
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) throw new Error('review: ids must be an array of strings');
  const tr = state.tr.setMeta(REVIEW_META, { ids: [...ids], action });
  applyReview(tr, ids, action);
  return tr;
}

/** Apply `action` to the changes `ids` of `tr.doc`, adding the steps to `tr`. */
export function applyReview(tr: Transform, ids: readonly string[], action: ReviewAction): void {
  const selected = new Set(ids);
  if (!selected.size) return;
  const blocks = reviewInline(tr, selected, action);
  reviewBlocks(tr, blocks, selected, action);
}

/** Revision marks: status updates and mark removals first, then text removals from the end. */
function reviewInline(tr: Transform, ids: Set<string>, action: ReviewAction): BlockTask[] {
  const removals: [number, number][] = [];
  const blocks: BlockTask[] = [];
  const inSet = (mark: Mark | undefined) => !!mark && ids.has(mark.attrs.id);
  const goes = (node: PMNode) => (action === 'reject' && inSet(insertionMark(node))) || (action === 'accept' && inSet(deletionMark(node)));
  const kind = action === 'reject' ? 'insertion' : 'deletion';
  const markGoes = (node: PMNode) => blockRecords(node).some((r) => ids.has(r.id) && r.kind === kind);
  const whole = (node: PMNode) => {
    // a unit added, rejected, goes with everything in it (Word's rejected inserted block)
    if (action === 'reject' && blockRecords(node).some((r) => ids.has(r.id) && isUnitRecord(r))) return true;
    if (action === 'agree' || !blockRecords(node).some((r) => ids.has(r.id) && r.kind === kind && r.whole)) return false;
    let all = true;
    node.descendants((child) => {
      if (all) all = child.isInline ? goes(child) : markGoes(child);
      return all && !child.isInline;
    });
    return all;
  };
  tr.doc.descendants((node, pos) => {
    if (!node.isInline) {
      if (blockRecords(node).some((r) => ids.has(r.id))) blocks.push({ pos, node, whole: markGoes(node) && whole(node) });
      return true;
    }
    const ins = insertionMark(node), del = deletionMark(node), format = formatChangeMark(node);
    const end = pos + node.nodeSize;
    if (!inSet(ins) && !inSet(del) && !inSet(format)) return node.childCount > 0; // into a footnote's own text
    if (goes(node)) {
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
    // a formatting change: reject gives the text its formatting before, accept keeps the current one
    if (format && inSet(format)) {
      if (action === 'reject') restoreFormat(tr, pos, node, format, ids);
      else settleFormat(tr, pos, node, format, action, ids);
    }
    return false;
  });
  const start = tr.steps.length;
  for (let i = removals.length - 1; i >= 0; i--) tr.delete(removals[i][0], removals[i][1]);
  const mapping = tr.mapping.slice(start);
  return blocks.map((task) => ({ ...task, pos: mapping.map(task.pos, 1) }));
}

/**
 * Block records, last block first so earlier positions stay valid. A paragraph mark that goes
 * (a rejected insertion, an accepted deletion) joins its block with the next one; a block all of
 * whose content goes with it goes entirely (Word's whole-paragraph revision).
 */
function reviewBlocks(tr: Transform, blocks: BlockTask[], ids: Set<string>, action: ReviewAction): void {
  for (let i = blocks.length - 1; i >= 0; i--) {
    const { pos, whole } = blocks[i];
    const node = tr.doc.nodeAt(pos);
    if (!node) continue;
    const records = blockRecords(node);
    const chosen = (r: BlockRevision) => ids.has(r.id);
    if (action === 'agree') {
      tr.setNodeAttribute(pos, 'track', records.map((r) => (chosen(r) ? { ...r, status: 'agreed' as const } : r)));
      continue;
    }
    const markGoes = records.some((r) => chosen(r) && r.kind === (action === 'reject' ? 'insertion' : 'deletion'));
    // records are in the order made: rejecting several restores the attrs before the first
    const attribute = action === 'reject' ? records.find((r) => chosen(r) && r.kind === 'attribute') : undefined;
    // A paragraph mark that goes takes all its records with it; other chosen records are settled.
    const rest = records.filter((r) => !chosen(r) && !(markGoes && r.kind !== 'attribute'));
    if (attribute) {
      const { type, attrs } = restoredMarkup(node, attribute);
      const $pos = tr.doc.resolve(pos);
      // where the old type no longer fits (the block moved since), the change stays for review
      if (!$pos.parent.canReplaceWith($pos.index(), $pos.index() + 1, type) || !type.validContent(node.content)) continue;
      tr.setNodeMarkup(pos, type, { ...attrs, track: recordList(rest) }, node.marks);
    } else {
      tr.setNodeAttribute(pos, 'track', recordList(rest));
    }
    if (markGoes) removeParagraphMark(tr, pos, whole, chosen);
  }
}

/** The paragraph mark of the block at `pos` goes: drop the block when all of it went, else join it with the next. */
function removeParagraphMark(tr: Transform, pos: number, whole: boolean, settled: (r: BlockRevision) => boolean): void {
  const node = tr.doc.nodeAt(pos)!;
  const end = pos + node.nodeSize;
  // A whole block goes; one its parent requires is left for the parent, which goes too.
  if (whole) {
    deleteBlock(tr, pos, end);
    return;
  }
  const next = tr.doc.resolve(end).nodeAfter;
  if (next && joinBlocks(tr, end)) {
    tr.setNodeAttribute(pos, 'track', joinedRecords(node, next, settled));
  } else if (node.isTextblock) {
    joinAcross(tr, pos, end, settled);
  }
}

/**
 * A textblock last in its parent whose paragraph mark goes: the next textblock in the document
 * runs on into it when only node boundaries lie between (as a plain deletion would do).
 */
function joinAcross(tr: Transform, pos: number, end: number, settled: (r: BlockRevision) => boolean): void {
  let target = -1, blocked = false;
  tr.doc.nodesBetween(end, tr.doc.content.size, (child, childPos, parent, index) => {
    if (target >= 0 || blocked) return false;
    if (childPos < end) return true;
    // An empty block the schema requires (a number line) is passed over, as a plain deletion does.
    if (child.isTextblock && !child.content.size && parent && !parent.canReplace(index, index + 1)) return false;
    if (child.isTextblock) { target = childPos + 1; return false; }
    if (child.isLeaf || !child.childCount) { blocked = true; return false; }
    return true;
  });
  if (target < 0 || blocked) return;
  const node = tr.doc.nodeAt(pos)!, next = tr.doc.resolve(target).parent;
  const track = joinedRecords(node, next, settled);
  tr.delete(end - 1, target);
  if (tr.doc.nodeAt(pos)?.isTextblock) tr.setNodeAttribute(pos, 'track', track);
}

/** Remove a whole block, unless the schema needs its parent to keep it. */
function deleteBlock(tr: Transform, pos: number, end: number): boolean {
  const $pos = tr.doc.resolve(pos);
  if (!$pos.parent.canReplace($pos.index(), $pos.index() + 1)) return false;
  tr.delete(pos, end);
  return true;
}
