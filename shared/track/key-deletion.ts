// The direct path for Backspace and Delete, like typing's (insertion.ts markTyped): a deletion
// inside one text node, or the join of two textblocks, tracked on the plain result without
// reverting the edit and replaying it through tracked-steps.ts. It gives exactly the document
// and selection the general path gives (test/unit/track-key-deletion.test.ts compares them);
// anything else (text already deleted, which the general path skips over; other steps) returns
// null and goes the general way.
import { Fragment, Slice, type Node as PMNode } from 'prosemirror-model';
import { ReplaceStep, Transform } from 'prosemirror-transform';
import { deletionAttrs, trackDeletion, type DeleteDirection } from './deletion';
import { deletionMark, deletionType, insertionMark, isOwnSuggestion, type TrackUser } from './revision';
import type { PosMap } from './tracked-steps';

/**
 * The tracked form of the plain deletion `step` (made on `before`) by `user`, as steps on the
 * plain result `after`, with the map from plain positions to tracked ones; or null when the
 * general path must do it.
 */
export function trackKeyDeletion(
  after: PMNode, step: ReplaceStep, before: PMNode, user: TrackUser, time: number, dir: DeleteDirection,
): { tr: Transform; map: PosMap } | null {
  const { from, to } = step;
  if (step.slice.size || from >= to) return null;
  const $from = before.resolve(from);
  const tr = new Transform(after);
  const map = $from.parent.inlineContent && to <= $from.end() ? textDeletion(tr, before, from, to, user, time)
    : dir && to === from + 2 ? joinDeletion(tr, step, before, user, time, dir)
    : null;
  return map && { tr, map };
}

/** Text inside one text node: the user's own insertion goes for real (as in the plain result), other text gets her deletion mark. */
function textDeletion(tr: Transform, before: PMNode, from: number, to: number, user: TrackUser, time: number): PosMap | null {
  const $from = before.resolve(from);
  const { node, offset } = $from.parent.childAfter($from.parentOffset);
  const start = $from.start() + offset;
  if (!node?.isText || start + node.nodeSize < to) return null;
  const size = to - from;
  if (isOwnSuggestion(insertionMark(node)?.attrs, user)) {
    return (pos) => pos;
  }
  if (deletionMark(node) || !$from.parent.type.allowsMarkType(deletionType)) return null;
  const mark = deletionType.create(deletionAttrs(before, from, to, user, time));
  const text = node.text!.slice(from - start, to - start);
  tr.step(new ReplaceStep(from, from, new Slice(Fragment.from(node.type.schema.text(text, mark.addToSet(node.marks))), 0, 0)));
  return (pos, assoc) => (pos < from ? pos : pos > from ? pos + size : assoc < 0 ? from : to);
}

/**
 * Backspace at the start of a textblock or Delete at the end of one (the step removes the
 * closing and opening tokens between them): the blocks split again, then the tracked deletion
 * of the paragraph mark (deletion.ts: a record, or the user's own split joined for real).
 */
function joinDeletion(tr: Transform, step: ReplaceStep, before: PMNode, user: TrackUser, time: number, dir: DeleteDirection): PosMap | null {
  const $end = before.resolve(step.from + 1);
  const first = $end.nodeBefore, second = $end.nodeAfter;
  if (!first?.isTextblock || !second?.isTextblock) return null;
  tr.step(step.invert(before));
  const done = trackDeletion(tr, step.from, step.to, user, time, dir);
  // skipped over deleted text, or nothing to do: left to the general path
  if (!done || done.from !== step.from || done.to !== step.to) return null;
  const since = tr.mapping.slice(1);
  const beforeDeletion = since.map(step.from, -1), afterDeletion = since.map(step.to, 1);
  return (pos, assoc) => (pos < step.from ? since.map(pos, assoc) : pos > step.from ? since.map(pos + 2, assoc) : assoc < 0 ? beforeDeletion : afterDeletion);
}
