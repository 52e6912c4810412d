// Replays a user's plain steps as tracked changes: replace steps become tracked deletions and
// insertions, markup changes become attribute records, anything else is replayed as it is.
// Also builds the position map from the plain result to the tracked one (for the selection).
import type { Node as PMNode } from 'prosemirror-model';
import { AttrStep, MapResult, ReplaceAroundStep, ReplaceStep, type Mappable, type Step, type Transform } from 'prosemirror-transform';
import { trackAttrChange } from './attributes';
import { trackDeletion, type DeleteDirection } from './deletion';
import { trackInsertion } from './insertion';
import type { TrackUser } from './revision';

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
  for (const { step, doc, track } of steps) {
    const start = tr.steps.length, prev = map;
    const node = track ? markupChange(step, doc) : null;
    if (track && step instanceof ReplaceStep) {
      map = trackReplace(tr, step, prev, user, time, dir);
      continue;
    }
    let inverse: Mappable | null = null;
    if (node) {
      trackAttrChange(tr, prev((step as ReplaceAroundStep).from, 1), node.type, node.attrs, user, time);
    } else if (track && step instanceof AttrStep && step.attr !== 'track') {
      const pos = prev(step.pos, 1), target = tr.doc.nodeAt(pos);
      if (target) trackAttrChange(tr, pos, target.type, { ...target.attrs, [step.attr]: step.value }, user, time);
    } else {
      const mapped = step.map(asMappable(prev));
      if (mapped) tr.maybeStep(mapped);
      inverse = step.getMap().invert();
    }
    const since = tr.mapping.slice(start, tr.steps.length), back = inverse;
    map = (pos, assoc) => since.map(prev(back ? back.map(pos, assoc) : pos, assoc), assoc);
  }
  return map;
}

/** One replace step: its deleted range becomes a tracked deletion, then its slice a tracked insertion after it. */
function trackReplace(tr: Transform, step: ReplaceStep, prev: PosMap, user: TrackUser, time: number, dir: DeleteDirection): PosMap {
  const start = tr.steps.length;
  const { from, to, slice } = step;
  const a = prev(from, 1), b = Math.max(a, prev(to, -1));
  const deleted = trackDeletion(tr, a, b, user, time, slice.size ? 0 : dir);
  const afterDeletion = tr.mapping.slice(start).map(deleted?.to ?? b, 1);
  const beforeDeletion = tr.mapping.slice(start).map(deleted?.from ?? a, -1);
  const inserted = trackInsertion(tr, afterDeletion, slice, user, time);
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
