// Tracked deletion of a document range: text gets a deletion mark, crossed paragraph marks get a
// `deletion` block record, and what the user had suggested themselves is really removed.
import { Slice, type Node as PMNode } from 'prosemirror-model';
import { ReplaceStep, canJoin, type Transform } from 'prosemirror-transform';
import type { RevisionAttrs } from '../schema';
import {
  blockRecords, deletionMark, deletionType, hasTrackAttr, insertionMark, isOwnSuggestion,
  ownRecord, recordList, revisionAttrs, type BlockRecord, type TrackUser,
} from './revision';

/** Which way a collapsed deletion went: Backspace (-1), Delete (1), or a range (0). */
export type DeleteDirection = -1 | 0 | 1;

interface DeletionPlan {
  /** Inline ranges to mark deleted. */
  mark: [number, number][];
  /** Blocks whose paragraph mark (closing token) is deleted and gets a record; `whole` when their opening went too. */
  record: { pos: number; whole: boolean }[];
  /** Ranges really removed (own suggestions), and block ends really joined (`whole` when the first block's opening is deleted too). */
  remove: [number, number][];
  join: { end: number; whole: boolean }[];
}

/**
 * The records a block keeps when it absorbs the next one (a join): the merged block has the
 * first block's attrs, so it keeps that block's attribute records, and the second block's
 * paragraph mark, so it takes that block's insertion/deletion records. It has the first block's
 * opening too, so a record stays `whole` only if the first block went (or came) whole as well.
 */
export function joinedRecords(
  first: PMNode, second: PMNode, drop?: (r: BlockRecord) => boolean, firstGoesWhole = false,
): BlockRecord[] | null {
  const kept = blockRecords(first).filter((r) => r.kind === 'attribute' && !drop?.(r));
  const wholeKinds = new Set(blockRecords(first).filter((r) => r.whole && !drop?.(r)).map((r) => r.kind));
  if (firstGoesWhole) wholeKinds.add('deletion');
  const moved = blockRecords(second)
    .filter((r) => r.kind !== 'attribute' && !drop?.(r) && !kept.some((k) => k.id === r.id))
    .map((r) => (r.whole && !wholeKinds.has(r.kind) ? withoutWhole(r) : r));
  return recordList([...kept, ...moved]);
}

function withoutWhole(record: BlockRecord): BlockRecord {
  const { whole: _whole, ...rest } = record;
  return rest;
}

/**
 * Whether everything of `node` is the user's own open suggestion, its opening too (a `whole`
 * record: a block that only got a new paragraph mark is an old block), so deleting it removes it.
 */
function isOwnInsertedBlock(node: PMNode, user: TrackUser): boolean {
  if (!blockRecords(node).some((r) => r.kind === 'insertion' && r.whole && !r.unit && isOwnSuggestion(r, user))) return false;
  let own = true;
  node.descendants((child) => {
    if (!own) return false;
    if (child.isInline) own = isOwnSuggestion(insertionMark(child)?.attrs, user);
    else if (hasTrackAttr(child)) own = !!ownRecord(child, 'insertion', user);
    return own && !child.isInline;
  });
  return own;
}

function planDeletion(doc: PMNode, from: number, to: number, user: TrackUser): DeletionPlan {
  const plan: DeletionPlan = { mark: [], record: [], remove: [], join: [] };
  doc.nodesBetween(from, to, (node, pos, parent, index) => {
    const end = pos + node.nodeSize;
    if (node.isInline) {
      const s = Math.max(pos, from), e = Math.min(end, to);
      if (s >= e) return false;
      if (isOwnSuggestion(insertionMark(node)?.attrs, user)) plan.remove.push([s, e]);
      else if (!deletionMark(node)) plan.mark.push([s, e]);
      return false;
    }
    const removable = !!parent && parent.canReplace(index, index + 1);
    if (pos >= from && end <= to && removable && isOwnInsertedBlock(node, user)) {
      plan.remove.push([pos, end]);
      return false;
    }
    // A block the schema requires (a resolution's number line) loses its text, never its mark.
    const required = pos >= from && end <= to && !removable && !parentDeleted(doc, pos, from, to);
    const closingDeleted = end - 1 >= from && end <= to && !required;
    if (closingDeleted && hasTrackAttr(node)) {
      const nextOpeningDeleted = end + 1 <= to;
      // a block the user inserted whole that holds others' edits (so it stays) is marked deleted whole, not joined
      const keptWhole = pos >= from && blockRecords(node).some((r) => r.kind === 'insertion' && r.whole && !r.unit && isOwnSuggestion(r, user));
      if (ownRecord(node, 'insertion', user) && nextOpeningDeleted && !keptWhole && canJoin(doc, end)) plan.join.push({ end, whole: pos >= from });
      else {
        // a block already marked deleted gets a record only when it now goes whole
        const whole = pos >= from;
        if (!blockRecords(node).some((r) => r.kind === 'deletion' && (r.whole || !whole))) plan.record.push({ pos, whole });
      }
    }
    return true;
  });
  return plan;
}

/** Whether the node around `pos` lies wholly inside `from`-`to` (then its children all go with it). */
function parentDeleted(doc: PMNode, pos: number, from: number, to: number): boolean {
  const $pos = doc.resolve(pos);
  return $pos.depth > 0 && $pos.before() >= from && $pos.after() <= to;
}

function isEmptyPlan(plan: DeletionPlan): boolean {
  return !plan.mark.length && !plan.record.length && !plan.remove.length && !plan.join.length;
}

/**
 * For a collapsed Backspace/Delete that only hit text already deleted: the next live inline
 * node in that direction within the same textblock, as the range to delete instead.
 */
function skipDeleted(doc: PMNode, from: number, to: number, dir: -1 | 1): [number, number] | null {
  const $pos = doc.resolve(dir < 0 ? from : to);
  if (!$pos.parent.isTextblock) return null;
  const start = $pos.start();
  const spans: [number, number, PMNode][] = [];
  $pos.parent.forEach((child, offset) => spans.push([start + offset, start + offset + child.nodeSize, child]));
  const candidates = dir < 0 ? spans.filter(([, e]) => e <= $pos.pos).reverse() : spans.filter(([s]) => s >= $pos.pos);
  for (const [s, e, child] of candidates) {
    if (deletionMark(child)) continue;
    return dir < 0 ? [e - 1, e] : [s, s + 1];
  }
  return null;
}

/** The deletion mark to use: the user's adjacent open deletion (so the change grows) or a new one. */
export function deletionAttrs(doc: PMNode, from: number, to: number, user: TrackUser, time: number): RevisionAttrs {
  const before = doc.resolve(from).nodeBefore, after = doc.resolve(to).nodeAfter;
  for (const node of [before, after]) {
    const mark = node?.isInline ? deletionMark(node) : undefined;
    if (mark && isOwnSuggestion(mark.attrs, user)) return mark.attrs as RevisionAttrs;
  }
  return revisionAttrs(user, time);
}

export interface DeletionResult {
  /** The range actually deleted (after skipping over deleted text), in the document before. */
  from: number;
  to: number;
}

/**
 * Delete `from`-`to` of `tr.doc` as a tracked change by `user`. Returns the range that was
 * treated, or null when there was nothing live to delete.
 */
export function trackDeletion(
  tr: Transform, from: number, to: number, user: TrackUser, time: number, dir: DeleteDirection,
): DeletionResult | null {
  if (from >= to) return null;
  let plan = planDeletion(tr.doc, from, to, user);
  if (isEmptyPlan(plan) && dir) {
    const next = skipDeleted(tr.doc, from, to, dir);
    if (!next) return null;
    [from, to] = next;
    plan = planDeletion(tr.doc, from, to, user);
  }
  if (isEmptyPlan(plan)) return null;
  const attrs = deletionAttrs(tr.doc, from, to, user, time);
  const mark = deletionType.create(attrs);
  for (const [s, e] of plan.mark) tr.addMark(s, e, mark);
  for (const { pos, whole } of plan.record) {
    const node = tr.doc.nodeAt(pos)!;
    const record: BlockRecord = { ...attrs, kind: 'deletion', ...(whole ? { whole } : {}) };
    tr.setNodeAttribute(pos, 'track', [...blockRecords(node), record]);
  }
  // Real removals, last first so earlier positions stay valid.
  const removals: { at: number; run: () => void }[] = [
    ...plan.remove.map(([s, e]) => ({ at: s, run: () => tr.delete(s, e) })),
    ...plan.join.map(({ end, whole }) => ({ at: end, run: () => joinOwnSplit(tr, end, whole) })),
  ];
  removals.sort((a, b) => b.at - a.at);
  for (const r of removals) r.run();
  return { from, to };
}

/**
 * Take back the user's own inserted paragraph mark at `end`: join the two blocks again. `whole`
 * when the deletion took the first block's opening too (the joined block then goes whole).
 */
function joinOwnSplit(tr: Transform, end: number, whole: boolean): void {
  const $end = tr.doc.resolve(end);
  const first = $end.nodeBefore, second = $end.nodeAfter;
  if (!first || !second) return;
  const start = end - first.nodeSize;
  if (joinBlocks(tr, end)) tr.setNodeAttribute(start, 'track', joinedRecords(first, second, undefined, whole));
}

/**
 * Join the blocks meeting at `end` (two textblocks, or two nodes of one type) when the schema
 * allows it; false when it does not.
 */
export function joinBlocks(tr: Transform, end: number): boolean {
  const $end = tr.doc.resolve(end);
  const a = $end.nodeBefore, b = $end.nodeAfter;
  if (!a || !b || !(a.isTextblock ? b.isTextblock : a.type === b.type) || !canJoin(tr.doc, end)) return false;
  return !tr.maybeStep(new ReplaceStep(end - 1, end + 1, Slice.empty, true)).failed;
}
