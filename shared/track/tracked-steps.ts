// Replays a user's plain steps as tracked changes: replace steps become tracked deletions and
// insertions, markup changes become attribute records, formatting changes formatChange marks
// (format-change.ts), anything else is replayed as it is.
// Also builds the position map from the plain result to the tracked one (for the selection).
import { Fragment, Slice, type Node as PMNode } from 'prosemirror-model';
import { AttrStep, MapResult, ReplaceAroundStep, ReplaceStep, type Mappable, type Step, type Transform } from 'prosemirror-transform';
import { changedRange } from '../model/changed-range';
import { trackAttrChange } from './attributes';
import { trackDeletion, type DeleteDirection } from './deletion';
import { isFormatStep, trackFormatStep } from './format-change';
import { trackInsertion } from './insertion';
import { revisionAttrs, type TrackUser } from './revision';
import type { RevisionAttrs } from '../schema';

/** Maps a position of the plain document to the tracked one. */
export type PosMap = (pos: number, assoc: number) => number;

/** A step the user made, on `doc` (the plain document before it), and whether to track it. */
export interface UserStep {
  step: Step;
  doc: PMNode;
  track: boolean;
}

const identity: PosMap = (pos) => pos;

function asMappable(map: PosMap): Mappable {
  return {
    map: (pos, assoc = 1) => map(pos, assoc),
    // Steps only read `pos` and the deletion flags; tracked content is never deleted here.
    mapResult: (pos, assoc = 1) => ({ pos: map(pos, assoc), deleted: false, deletedBefore: false, deletedAfter: false, deletedAcross: false }) as unknown as MapResult,
  };
}

/** The new node of a step made by `tr.setNodeMarkup`, or null when the step is something else. */
function markupChange(step: Step, doc: PMNode): PMNode | null {
  if (!(step instanceof ReplaceAroundStep)) return null;
  const { from, to, gapFrom, gapTo, insert, slice } = step;
  if (insert !== 1 || gapFrom !== from + 1 || gapTo !== to - 1 || slice.openStart || slice.openEnd) return null;
  if (slice.content.childCount !== 1 || doc.nodeAt(from)?.nodeSize !== to - from) return null;
  return slice.content.firstChild;
}

/**
 * Apply `steps` to `tr` (whose document is the one the first step was made on) as tracked
 * changes by `user`. `dir` tells a lone collapsed deletion's direction (Backspace -1, Delete 1).
 * Returns the map from positions of the plain result to positions of `tr.doc`.
 */
export function applyTracked(tr: Transform, steps: readonly UserStep[], user: TrackUser, time: number, dir: DeleteDirection): PosMap {
  let map = identity;
  let formatAttrs: RevisionAttrs | null = null;
  const freshFormat = () => (formatAttrs ??= revisionAttrs(user, time));
  for (const { step, doc, track } of steps) {
    const start = tr.steps.length, prev = map;
    const node = track ? markupChange(step, doc) : null;
    const replace = !track ? null
      : step instanceof ReplaceStep ? minimalReplace(step, doc)
      : step instanceof ReplaceAroundStep && !node ? movedAround(step) ?? diffReplace(step, doc) : null;
    if (replace) {
      map = trackReplace(tr, replace, prev, user, time, dir);
      continue;
    }
    let inverse: Mappable | null = null;
    if (node) {
      trackAttrChange(tr, prev((step as ReplaceAroundStep).from, 1), node.type, node.attrs, user, time);
    } else if (track && step instanceof AttrStep && step.attr !== 'track') {
      const pos = prev(step.pos, 1), target = tr.doc.nodeAt(pos);
      if (target) trackAttrChange(tr, pos, target.type, { ...target.attrs, [step.attr]: step.value }, user, time);
    } else if (track && isFormatStep(step)) {
      const mapped = step.map(asMappable(prev));
      if (mapped) trackFormatStep(tr, mapped as typeof step, user, time, freshFormat);
    } else {
      const mapped = step.map(asMappable(prev));
      // a step replayed as it is must apply, or the edit would be recorded only in part
      const failed = mapped && tr.maybeStep(mapped).failed;
      if (failed) throw new Error(`track mode: a ${step.constructor.name} could not be replayed (${failed})`);
      inverse = step.getMap().invert();
    }
    const since = tr.mapping.slice(start, tr.steps.length), back = inverse;
    map = (pos, assoc) => since.map(prev(back ? back.map(pos, assoc) : pos, assoc), assoc);
  }
  return map;
}

/**
 * A replace step that carries block structure (deleteRange widening to whole nodes, then
 * re-creating their wrappers in the slice) reduced to the part that really changes, so the
 * wrappers are not tracked as deleted and inserted again.
 */
function minimalReplace(step: ReplaceStep, doc: PMNode): ReplaceStep {
  const { from, to, slice } = step;
  let structural = slice.openStart > 0 || slice.openEnd > 0;
  slice.content.forEach((node) => { structural ||= !node.isInline; });
  if (to === from || !structural) return step;
  // Only the opening (or closing) tokens of the nodes around the range: a deletion of the range,
  // unless the tokens re-create what the range took (the closing of the block where it began:
  // only that block's text went).
  if (!hasInline(slice.content) && (slice.openStart === 0 || slice.openEnd === 0)) {
    const textOnly = diffReplace(step, doc);
    if (textOnly && !textOnly.slice.size && doc.resolve(textOnly.from).sameParent(doc.resolve(textOnly.to))) return textOnly;
    return new ReplaceStep(from, to, Slice.empty);
  }
  const moved = withoutMovedContent(step, doc);
  if (moved) return moved;
  const minimal = diffReplace(step, doc);
  return minimal && minimal.from >= from && minimal.to <= to ? minimal : step;
}

/**
 * A deletion across depths (the end of a number line to the start of the reasons) comes out of
 * ProseMirror's fitting as a step that deletes on to the end of the last block and re-inserts
 * that block's remaining content, wrapped, where the range began: content moved, not edited.
 * Returns the step that only deletes up to the moved content and inserts what is really new.
 */
function withoutMovedContent(step: ReplaceStep, doc: PMNode): ReplaceStep | null {
  const { from, to, slice } = step;
  const first = slice.content.firstChild;
  if (!slice.openStart || !first) return null;
  for (let i = 1; i < slice.content.childCount; i++) if (hasInline(Fragment.from(slice.content.child(i)))) return null;
  const $to = doc.resolve(to);
  let block: PMNode | null = null, blockEnd = to;
  if ($to.parent.isTextblock && $to.end() === to) block = $to.parent;
  else if ($to.nodeBefore?.isTextblock) { block = $to.nodeBefore; blockEnd = to - 1; }
  if (!block) return null;
  const inner = first.isTextblock ? first.content : null;
  if (!inner && slice.openStart) {
    return !hasInline(slice.content) && blockEnd - block.content.size > from ? new ReplaceStep(from, blockEnd - block.content.size, Slice.empty) : null;
  }
  if (!inner) return null;
  for (let k = Math.min(block.content.size, inner.size); k > 0; k--) {
    const start = blockEnd - k;
    if (start <= from) continue;
    if (!block.content.cut(block.content.size - k).eq(inner.cut(inner.size - k))) continue;
    return new ReplaceStep(from, start, new Slice(inner.cut(0, inner.size - k), 0, 0));
  }
  return null;
}

/**
 * The ReplaceAroundStep form of the same: a deletion that keeps the content of the block where
 * it ends (the gap) and re-wraps it to continue the block where it began. Tracked as a deletion
 * of what precedes the gap.
 */
function movedAround(step: ReplaceAroundStep): ReplaceStep | null {
  const { from, gapFrom, insert, slice } = step;
  const first = slice.content.firstChild;
  if (gapFrom <= from || !slice.openStart || !first) return null;
  if (insert === 0 && !hasInline(slice.content)) return new ReplaceStep(from, gapFrom, Slice.empty);
  // New text typed or pasted in front of the moved content.
  if (slice.openStart !== 1 || !first.isTextblock || insert !== first.content.size) return null;
  for (let i = 1; i < slice.content.childCount; i++) if (hasInline(Fragment.from(slice.content.child(i)))) return null;
  return new ReplaceStep(from, gapFrom, new Slice(first.content, 0, 0));
}

function hasInline(fragment: Fragment): boolean {
  let found = false;
  fragment.descendants((node) => { found ||= node.isInline; return !found; });
  return found;
}

/**
 * Any structural step (a wrap, a lift, a join made by a ReplaceAroundStep) as the one
 * ReplaceStep that turns the document before into the document after, found by diffing them.
 */
function diffReplace(step: Step, doc: PMNode): ReplaceStep | null {
  const after = step.apply(doc).doc;
  if (!after) return null;
  const range = changedRange(doc, after);
  if (!range) return null;
  const { start, endA, endB } = range;
  const replace = new ReplaceStep(start, endA, after.slice(start, endB));
  const check = replace.apply(doc).doc;
  return check && check.eq(after) ? replace : null;
}

/**
 * Structural edits whose tracked form is checked against the plain result: replacements that
 * carry blocks, ReplaceAroundSteps, and range deletions across depths.
 */
export function needsCheck(step: Step, doc: PMNode, dir: DeleteDirection): boolean {
  if (step instanceof ReplaceAroundStep) return true;
  if (!(step instanceof ReplaceStep)) return false;
  const { from, to, slice } = step;
  let blocks = slice.openStart > 0 || slice.openEnd > 0;
  slice.content.forEach((node) => { blocks ||= !node.isInline; });
  if (blocks) return true;
  return dir === 0 && from < to && !doc.resolve(from).sameParent(doc.resolve(to));
}

/** One replace step: its deleted range becomes a tracked deletion, then its slice a tracked insertion after it. */
function trackReplace(tr: Transform, step: ReplaceStep, prev: PosMap, user: TrackUser, time: number, dir: DeleteDirection): PosMap {
  const start = tr.steps.length;
  const { from, to, slice } = step;
  const a = prev(from, 1), b = Math.max(a, prev(to, -1));
  const deleted = trackDeletion(tr, a, b, user, time, slice.size ? 0 : dir);
  const afterDeletion = tr.mapping.slice(start).map(deleted?.to ?? b, 1);
  const beforeDeletion = tr.mapping.slice(start).map(deleted?.from ?? a, -1);
  // Text goes after the deleted text (Word's order); a slice open at its start continues the
  // block where the range began, so it goes before the deleted text.
  const inserted = trackInsertion(tr, slice.openStart > 0 ? beforeDeletion : afterDeletion, slice, user, time);
  const since = tr.mapping.slice(start, tr.steps.length);
  const size = slice.size;
  const insStart = inserted ? inserted[0] : afterDeletion;
  return (pos, assoc) => {
    if (pos < from) return since.map(prev(pos, assoc), assoc);
    if (pos > from + size) return since.map(prev(pos - size + (to - from), assoc), assoc);
    if (!size) return assoc < 0 ? beforeDeletion : afterDeletion;
    return insStart + (pos - from);
  };
}
