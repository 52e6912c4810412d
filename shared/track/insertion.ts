// Tracked insertion: inserted text gets the user's insertion mark, and every paragraph mark the
// insertion created (a split, a pasted block) gets an `insertion` block record.
import { Fragment, Slice, type Mark, type Node as PMNode } from 'prosemirror-model';
import { ReplaceStep, type Transform } from 'prosemirror-transform';
import { Selection } from 'prosemirror-state';
import type { RevisionAttrs } from '../schema';
import { attributeOld, sameAttrs } from './attributes';
import {
  blockRecords, deletionMark, formatChangeMark, hasTrackAttr, insertionMark, insertionType, isOwnSuggestion,
  plainAttrs, revisionAttrs, withoutRevisionMarks, type BlockRecord, type TrackUser,
} from './revision';

/** Content as the user inserts it: without revision marks or block records it carried along. */
export function withoutRevisions(fragment: Fragment): Fragment {
  const nodes: PMNode[] = [];
  fragment.forEach((node) => {
    let clean = node;
    if (node.isInline) clean = node.mark(withoutRevisionMarks(node.marks));
    if (!node.isText && node.content.size) clean = clean.copy(withoutRevisions(node.content));
    if (hasTrackAttr(clean) && clean.attrs.track) clean = clean.type.create({ ...clean.attrs, track: null }, clean.content, clean.marks);
    nodes.push(clean);
  });
  return Fragment.from(nodes);
}

/** Whether any inline node of the fragment carries a revision mark or any block a record. */
export function hasRevisions(fragment: Fragment): boolean {
  let found = false;
  fragment.descendants((node) => {
    if (found) return false;
    found = node.isInline ? !!(insertionMark(node) || deletionMark(node) || formatChangeMark(node)) : !!node.attrs.track;
    return !found;
  });
  return found;
}

/** The insertion attrs to use: the user's adjacent open insertion (so typing grows one change) or new ones. */
export function insertionAttrs(doc: PMNode, from: number, to: number, user: TrackUser, time: number): RevisionAttrs {
  return (ownInsertionAround(doc.resolve(from).nodeBefore, doc.resolve(to).nodeAfter, user)?.attrs as RevisionAttrs) ?? revisionAttrs(user, time);
}

/** The user's open insertion mark on either neighbour, if any. */
function ownInsertionAround(before: PMNode | null, after: PMNode | null, user: TrackUser): Mark | undefined {
  for (const node of [before, after]) {
    const mark = node?.isInline ? insertionMark(node) : undefined;
    if (mark && isOwnSuggestion(mark.attrs, user)) return mark;
  }
  return undefined;
}

/**
 * Mark `from`-`to` of `tr.doc`, content that was just inserted plainly, as the user's insertion.
 * Blocks whose closing token lies inside the range are new paragraph marks: they get a record
 * (a split's first half keeps only its attribute records, its old mark went to the second half).
 * With `keepRecords` (content moved, not new) everything in the range is marked and blocks keep
 * all their records.
 */
export function markInserted(tr: Transform, from: number, to: number, user: TrackUser, time: number, keepRecords = false): void {
  if (from >= to) return;
  const attrs = insertionAttrs(tr.doc, from, to, user, time);
  const mark = insertionType.create(attrs);
  if (keepRecords) tr.addMark(from, to, mark);
  else markNewText(tr, from, to, mark);
  const blocks: { node: PMNode; pos: number }[] = [];
  tr.doc.nodesBetween(from, to, (node, pos) => {
    if (node.isInline) return false;
    if (hasTrackAttr(node) && pos + node.nodeSize - 1 >= from && pos + node.nodeSize <= to) blocks.push({ node, pos });
    return true;
  });
  for (const { node, pos } of blocks) {
    const kept = blockRecords(node).filter((r) => keepRecords || r.kind === 'attribute');
    const record: BlockRecord = { ...attrs, kind: 'insertion', ...(pos >= from ? { whole: true } : {}) };
    tr.setNodeAttribute(pos, 'track', [...kept, record]);
  }
}

/**
 * The insertion mark on the new inline content of `from`-`to`. New content carries no revision
 * marks (they were dropped), so text with a deletion mark in the range is existing text the
 * replace carried along (the rest of a block a paste split, into the paste's last block): it
 * keeps its marks and its author, and is not made the user's insertion.
 */
function markNewText(tr: Transform, from: number, to: number, mark: Mark): void {
  const ranges: [number, number][] = [];
  tr.doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isInline) return true;
    if (deletionMark(node)) return false;
    const start = Math.max(from, pos), end = Math.min(to, pos + node.nodeSize);
    const last = ranges[ranges.length - 1];
    if (last && last[1] === start) last[1] = end;
    else ranges.push([start, end]);
    return false;
  });
  for (const [start, end] of ranges) tr.addMark(start, end, mark);
}

/**
 * The hot path: `step` just inserted inline content (typing) into `tr.doc` (made from
 * `docBefore`); replace it with the same content carrying the user's insertion mark, in one step.
 */
export function markTyped(tr: Transform, step: ReplaceStep, docBefore: PMNode, user: TrackUser, time: number): void {
  const from = step.from, to = from + step.slice.size;
  const $from = docBefore.resolve(from);
  const mark = ownInsertionAround($from.nodeBefore, $from.nodeAfter, user) ?? insertionType.create(revisionAttrs(user, time));
  const nodes: PMNode[] = [];
  step.slice.content.forEach((node) => {
    nodes.push(node.mark(mark.addToSet(withoutRevisionMarks(node.marks))));
  });
  tr.step(new ReplaceStep(from, to, new Slice(Fragment.from(nodes), 0, 0)));
}

/**
 * Typed `text` at `pos` of `doc` as content already carrying the user's insertion mark (and the
 * marks typing there would get), or null where typing needs more than that (inside deleted text).
 */
export function typedText(doc: PMNode, pos: number, text: string, storedMarks: readonly Mark[] | null, user: TrackUser, time: number): PMNode | null {
  if (!text || insertionPoint(doc, pos) !== pos) return null;
  const $pos = doc.resolve(pos);
  if (!$pos.parent.inlineContent) return null;
  const mark = ownInsertionAround($pos.nodeBefore, $pos.nodeAfter, user) ?? insertionType.create(revisionAttrs(user, time));
  const marks = withoutRevisionMarks(storedMarks ?? $pos.marks());
  return doc.type.schema.text(text, mark.addToSet(marks));
}

/**
 * Where inline text typed at `pos` goes: never inside a run of deleted text (it would read as
 * part of the deletion), so a position in the middle of one moves to its end; and never into a
 * paragraph deleted entirely (text and mark), so it goes to the start of the block after it.
 */
export function insertionPoint(doc: PMNode, pos: number): number {
  let $pos = doc.resolve(pos);
  while ($pos.parent.isTextblock && $pos.parent.content.size && isDeletedWhole($pos.parent)) {
    const next = Selection.findFrom(doc.resolve($pos.after()), 1, true);
    if (!next || next.$from.parentOffset !== 0) break;
    $pos = next.$from;
  }
  if ($pos.pos !== pos) return $pos.pos;
  const parent = $pos.parent;
  const before = $pos.nodeBefore, after = $pos.nodeAfter;
  if (!before || !after || !deletionMark(before) || !deletionMark(after)) return pos;
  let end = pos - $pos.textOffset;
  for (let i = $pos.index(); i < parent.childCount; i++) {
    const child = parent.child(i);
    if (!deletionMark(child)) break;
    end += child.nodeSize;
  }
  return end;
}

function isDeletedWhole(block: PMNode): boolean {
  if (!blockRecords(block).some((r) => r.kind === 'deletion' && r.whole)) return false;
  let all = true;
  block.forEach((child) => { all &&= !!deletionMark(child); });
  return all;
}

/**
 * Insert `slice` at `pos` of `tr.doc` as the user's tracked insertion. Returns the inserted
 * range in the new document, or null when nothing was inserted. Revision marks the content
 * carries are dropped (pasted text is new text) unless `keepRevisions` (content moved).
 */
export function trackInsertion(tr: Transform, pos: number, slice: Slice, user: TrackUser, time: number, keepRevisions = false): [number, number] | null {
  if (!slice.size) return null;
  const inlineOnly = slice.openStart === 0 && slice.openEnd === 0 && allInline(slice.content);
  const at = inlineOnly ? insertionPoint(tr.doc, pos) : pos;
  const clean = keepRevisions ? slice : new Slice(withoutRevisions(slice.content), slice.openStart, slice.openEnd);
  const host = tr.doc.resolve(at).parent;
  const before = tr.steps.length;
  tr.replace(at, at, clean);
  if (tr.steps.length === before) return null;
  let range: [number, number] | null = null;
  tr.steps[tr.steps.length - 1].getMap().forEach((_oldStart, _oldEnd, newStart, newEnd) => {
    range = range ? [Math.min(range[0], newStart), Math.max(range[1], newEnd)] : [newStart, newEnd];
  });
  if (!range) return null;
  markInserted(tr, range[0], range[1], user, time, keepRevisions);
  if (slice.openEnd > 0) keepParagraphMark(tr, host, range[0], range[1], user, time);
  return range;
}

/**
 * A slice open at its end (a split, a multi-paragraph paste) ends in a new block that closes with
 * the paragraph mark the insertion point's block had: that block takes over the mark's records
 * and the block's attribute records. When it took the pasted block's type or attrs instead (an
 * item becoming a paragraph), that is the user's attribute change of it, recorded where the old
 * type fits; not for the empty block Enter leaves at the end of a block, which is new rather than changed.
 */
function keepParagraphMark(tr: Transform, host: PMNode, from: number, to: number, user: TrackUser, time: number): void {
  const $end = tr.doc.resolve(to);
  const block = $end.parent;
  if (!block.isTextblock || !hasTrackAttr(block) || $end.start() <= from) return;
  const typeChanged = block.type !== host.type;
  // the old type must fit where the block now is (a paste into the reasons may end outside the proposal)
  const $block = tr.doc.resolve($end.before());
  const recordChange = block.content.size > 0 && (typeChanged || !sameAttrs(plainAttrs(block), plainAttrs(host))) &&
    $block.parent.canReplaceWith($block.index(), $block.index() + 1, host.type);
  const records: BlockRecord[] = blockRecords(host).filter((r) => r.kind !== 'attribute' || !typeChanged || recordChange);
  if (recordChange) records.push({ ...revisionAttrs(user, time), kind: 'attribute', old: attributeOld(host, block.type) });
  if (records.length || block.attrs.track) tr.setNodeAttribute($end.before(), 'track', records.length ? records : null);
}

/** Whether every node of `fragment` is inline (text, footnote references): content that stays inside a textblock. */
export function allInline(fragment: Fragment): boolean {
  let inline = true;
  fragment.forEach((node) => { inline &&= node.isInline; });
  return inline;
}
